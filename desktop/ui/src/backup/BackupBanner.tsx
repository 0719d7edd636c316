import { useEffect, useState } from "react";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useNotices } from "../notices/notice-store.js";
import { useSession } from "../session/session-store.js";
import { useBackup } from "./backup-store.js";

/**
 * The till's warning after 48 h without a successful backup (an unplugged USB disk, a full one). The owner or a
 * manager can make one from here; a cashier sees the warning and tells them.
 */
export function BackupBanner() {
  const t = useT();
  const format = useFormat();
  const notify = useNotices((s) => s.show);
  const role = useSession((s) => s.staff?.role);
  const status = useBackup((s) => s.status);
  const refresh = useBackup((s) => s.refresh);
  const runNow = useBackup((s) => s.runNow);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void refresh().catch(() => {});
  }, [refresh]);

  if (!status?.stale) return null;
  const mayRun = role === "owner" || role === "manager";
  return (
    <div className="banner warning" data-testid="backup-stale" role="status">
      {status.lastSuccess
        ? t("backup.staleSince", { when: format.dateTime(status.lastSuccess.at) })
        : t("backup.staleNever")}
      {mayRun && (
        <button
          type="button"
          data-testid="backup-stale-run"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            runNow()
              .then(() => notify("info", t("backup.done")))
              .catch((e: unknown) => notify("error", format.error(e)))
              .finally(() => setBusy(false));
          }}
        >
          {busy ? t("backup.running") : t("backup.runNow")}
        </button>
      )}
    </div>
  );
}
