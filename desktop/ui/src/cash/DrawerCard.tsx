import { useState } from "react";
import { post } from "../api/client.js";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useNotices } from "../notices/notice-store.js";
import { recheckPrinter } from "../printer/printer-store.js";
import { useSession } from "../session/session-store.js";
import { ErrorText } from "../shared/ErrorText.js";
import "./cash.css";

/**
 * Opens the drawer without a sale (change for a customer, a count). The opening is recorded with its reason
 * (a drawer_open movement of the session, or the audit log). POST /api/drawer/open takes no manager approval,
 * so roles without drawer.open_without_sale see the button disabled with a hint instead.
 */
export function DrawerCard() {
  const t = useT();
  const format = useFormat();
  const notify = useNotices((s) => s.show);
  const allowed = useSession((s) => s.can("drawer.open_without_sale"));
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const open = async () => {
    if (!allowed || busy || !reason.trim()) return;
    setBusy(true);
    setError(null);
    try {
      await post("/api/drawer/open", { reason: reason.trim() });
      setReason("");
      notify("info", t("drawer.opened"));
    } catch (e) {
      setError(format.error(e));
    } finally {
      setBusy(false);
      recheckPrinter(); // the kick goes through the printer: its dot should tell what just happened
    }
  };

  return (
    <div className="card drawer-card" data-testid="drawer-card">
      <h2>{t("drawer.title")}</h2>
      {!allowed && (
        <p className="hint" data-testid="drawer-no-permission">
          {t("drawer.noPermission")}
        </p>
      )}
      <div className="row-form">
        <input
          type="text"
          maxLength={200}
          placeholder={t("drawer.reason")}
          aria-label={t("drawer.reason")}
          value={reason}
          disabled={!allowed}
          data-testid="drawer-reason"
          onChange={(e) => setReason(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              void open();
            }
          }}
        />
        <button
          type="button"
          disabled={!allowed || busy || !reason.trim()}
          data-testid="drawer-open"
          onClick={() => void open()}
        >
          {t("drawer.open")}
        </button>
      </div>
      <ErrorText text={error} testId="drawer-error" />
    </div>
  );
}
