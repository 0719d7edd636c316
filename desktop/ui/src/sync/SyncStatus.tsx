import { useEffect, useState } from "react";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { SYNC_POLL_MS, useSync } from "./sync-store.js";

/**
 * In the nav bar: is the cloud reachable, how many operations wait to upload, when the last sync
 * succeeded (shop's time zone), and how many the cloud refused — a click lists those with a retry.
 */
export function SyncStatus() {
  const t = useT();
  const format = useFormat();
  const { status, refresh, retry } = useSync();
  const [open, setOpen] = useState(false);
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), SYNC_POLL_MS);
    return () => clearInterval(timer);
  }, [refresh]);
  if (!status) return null;
  const label = !status.configured
    ? t("sync.notConfigured")
    : status.online
      ? t("sync.online")
      : t("sync.offline");
  const title = status.lastSyncAt
    ? t("sync.lastSync", { time: format.dateTime(status.lastSyncAt) })
    : t("sync.never");
  return (
    <span
      className={`sync-status${status.online ? "" : " warning"}`}
      data-testid="sync-status"
      data-online={status.online ? "true" : "false"}
      data-backlog={status.backlog}
      title={status.lastError ? `${title} · ${status.lastError.message}` : title}
    >
      <button type="button" tabIndex={-1} onClick={() => setOpen((v) => !v)}>
        {label}
        {status.backlog > 0 && <> · {t("sync.backlog", { n: status.backlog })}</>}
        {status.parked.length > 0 && (
          <span className="badge warning" data-testid="sync-parked-count">
            {t("sync.parked", { n: status.parked.length })}
          </span>
        )}
      </button>
      {open && (
        <div className="sync-panel" data-testid="sync-panel">
          <div>{title}</div>
          {status.parked.length > 0 && <strong>{t("sync.parkedTitle")}</strong>}
          <ul>
            {status.parked.map((p) => (
              <li key={p.opId} data-testid="sync-parked-item">
                {p.entity}/{p.op} #{p.seq}: {p.reason}{" "}
                {p.retryRequested ? (
                  <em>{t("sync.retryRequested")}</em>
                ) : (
                  <button type="button" tabIndex={-1} onClick={() => void retry(p.opId)}>
                    {t("sync.retry")}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </span>
  );
}
