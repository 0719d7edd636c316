import { useEffect, useState } from "react";
import type { BackupStatus, RestoreAnswer } from "@mostrador/contracts/http/backup";
import { patch, post } from "../api/client.js";
import { useLocale } from "../i18n/locale-store.js";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useNotices } from "../notices/notice-store.js";
import { useSession } from "../session/session-store.js";
import { Dialog } from "../shared/Dialog.js";
import { ErrorText } from "../shared/ErrorText.js";
import { formatBytes, useBackup } from "./backup-store.js";
import "./backup.css";

/**
 * Ajustes → Copias de seguridad: where the copies go (a USB disk), how many days to keep, the last success and
 * its size, a copy now, and a restore of one of the folder's copies (owner only, with the owner's PIN).
 * Acts on its own buttons, outside the screen's "Guardar cambios".
 */
export function BackupSection() {
  const t = useT();
  const format = useFormat();
  const locale = useLocale((s) => s.locale);
  const notify = useNotices((s) => s.show);
  const isOwner = useSession((s) => s.staff?.role === "owner");
  const status = useBackup((s) => s.status);
  const refresh = useBackup((s) => s.refresh);
  const runNow = useBackup((s) => s.runNow);
  const [folder, setFolder] = useState("");
  const [keepDaily, setKeepDaily] = useState("14");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [restoring, setRestoring] = useState<string | null>(null);
  const [restored, setRestored] = useState<RestoreAnswer | null>(null);

  // runs on mount (and if the store's refresh changed), not on every render.
  useEffect(() => {
    refresh().catch((e: unknown) => setError(format.error(e)));
  }, [refresh, format]);
  // The fields follow the stored settings when they change (loaded, saved), not on every status refresh.
  const storedFolder = status ? (status.folderIsDefault ? "" : status.folder) : null;
  const storedKeep = status?.keepDaily;
  useEffect(() => {
    if (storedFolder !== null) setFolder(storedFolder);
    if (storedKeep !== undefined) setKeepDaily(String(storedKeep));
  }, [storedFolder, storedKeep]);

  if (!status)
    return (
      <div className="card" data-testid="settings-backup">
        <h2>{t("backup.title")}</h2>
        <ErrorText text={error} testId="backup-error" />
        {!error && <p>{t("common.loading")}</p>}
      </div>
    );

  const act = async (action: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      notify("info", done);
    } catch (e) {
      setError(format.error(e));
    } finally {
      setBusy(false);
    }
  };
  const keep = Number(keepDaily);
  const settingsChanged =
    folder.trim() !== (status.folderIsDefault ? "" : status.folder) || keep !== status.keepDaily;
  const failureIsNewer =
    status.lastFailure && (!status.lastSuccess || status.lastFailure.at > status.lastSuccess.at);

  return (
    <div className="card backup-section" data-testid="settings-backup">
      <h2>
        {t("backup.title")}{" "}
        <span className={`badge ${status.stale ? "warning" : "ok-badge"}`} data-testid="backup-state">
          {status.stale ? t("backup.stale") : t("backup.ok")}
        </span>
      </h2>
      <dl className="cloud-facts">
        <dt>{t("backup.last")}</dt>
        <dd data-testid="backup-last">
          {status.lastSuccess
            ? `${format.dateTime(status.lastSuccess.at)} · ${formatBytes(status.lastSuccess.bytes ?? 0, locale)}`
            : t("backup.never")}
        </dd>
        {failureIsNewer && status.lastFailure && (
          <>
            <dt>{t("backup.lastFailure")}</dt>
            <dd className="error-text" data-testid="backup-last-failure">
              {status.lastFailure.error}
              <span className="muted"> · {format.dateTime(status.lastFailure.at)}</span>
            </dd>
          </>
        )}
      </dl>
      <label>
        {t("backup.folder")}
        <input
          value={folder}
          maxLength={500}
          placeholder={status.folderIsDefault ? status.folder : t("backup.folderDefault")}
          data-testid="backup-folder"
          onChange={(e) => setFolder(e.target.value)}
        />
        <span className="hint">{t("backup.folderHint")}</span>
      </label>
      <label>
        {t("backup.keepDaily")}
        <input
          type="number"
          min={1}
          max={365}
          value={keepDaily}
          data-testid="backup-keep"
          onChange={(e) => setKeepDaily(e.target.value)}
        />
      </label>
      <div className="row-form">
        <button
          type="button"
          data-testid="backup-save-settings"
          disabled={busy || !settingsChanged}
          onClick={() =>
            void act(async () => {
              await patch<BackupStatus>("/api/backup/settings", {
                folder: folder.trim(),
                keepDaily: Number.isInteger(keep) ? keep : -1,
              });
              await refresh();
            }, t("backup.settingsSaved"))
          }
        >
          {t("backup.saveSettings")}
        </button>
        <button
          type="button"
          className="primary"
          data-testid="backup-run"
          disabled={busy}
          onClick={() => void act(runNow, t("backup.done"))}
        >
          {busy ? t("backup.running") : t("backup.runNow")}
        </button>
      </div>
      <ErrorText text={error} testId="backup-error" />
      {restored && (
        <p className="banner warning" data-testid="backup-restored" role="status">
          {t("backup.restoredNotice", {
            missing: restored.salesMissingFromBackup,
            inCloud: restored.salesAlreadyInCloud,
          })}
          {restored.cloudSalesNotInBackup !== null &&
            ` ${t("backup.cloudHolds", { count: restored.cloudSalesNotInBackup })}`}
        </p>
      )}
      {isOwner && status.files.length > 0 && (
        <>
          <h3>{t("backup.files")}</h3>
          <ul className="backup-files" data-testid="backup-files">
            {status.files.slice(0, 20).map((f) => (
              <li key={f.name} data-testid="backup-file" data-name={f.name}>
                <span>
                  {format.dateTime(f.at)} <span className="muted">· {formatBytes(f.bytes, locale)}</span>
                </span>
                <button type="button" data-testid="backup-restore" onClick={() => setRestoring(f.name)}>
                  {t("backup.restore")}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {restoring && (
        <RestoreDialog
          file={restoring}
          at={status.files.find((f) => f.name === restoring)?.at ?? ""}
          onCancel={() => setRestoring(null)}
          onRestored={(answer) => {
            setRestoring(null);
            setRestored(answer);
          }}
        />
      )}
    </div>
  );
}

function RestoreDialog(props: {
  file: string;
  at: string;
  onCancel: () => void;
  onRestored: (answer: RestoreAnswer) => void;
}) {
  const t = useT();
  const format = useFormat();
  const [pin, setPin] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      props.onRestored(await post<RestoreAnswer>("/api/backup/restore", { file: props.file, pin }));
    } catch (e) {
      setError(format.error(e));
      setBusy(false);
    }
  };
  return (
    <Dialog title={t("backup.restoreTitle")} testId="backup-restore-dialog" onClose={props.onCancel}>
      <p>{t("backup.restoreWarning", { when: props.at ? format.dateTime(props.at) : props.file })}</p>
      <label>
        {t("backup.restorePin")}
        <input
          type="password"
          inputMode="numeric"
          autoComplete="off"
          maxLength={8}
          value={pin}
          data-testid="backup-restore-pin"
          onChange={(e) => setPin(e.target.value.replace(/\D/g, ""))}
          onKeyDown={(e) => {
            if (e.key === "Enter" && pin.length >= 4 && !busy) void confirm();
          }}
        />
      </label>
      <ErrorText text={error} testId="backup-restore-error" />
      <div className="actions">
        <button type="button" data-testid="backup-restore-cancel" onClick={props.onCancel}>
          {t("common.cancel")}
        </button>
        <button
          type="button"
          className="primary danger"
          data-testid="backup-restore-confirm"
          disabled={busy || pin.length < 4}
          onClick={() => void confirm()}
        >
          {busy ? t("backup.restoring") : t("backup.restoreConfirm")}
        </button>
      </div>
    </Dialog>
  );
}
