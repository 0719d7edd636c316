import { useEffect, useState } from "react";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useNav } from "../nav/nav-store.js";
import { useNotices } from "../notices/notice-store.js";
import { useSession } from "../session/session-store.js";
import { SYNC_POLL_MS, useSync } from "./sync-store.js";
import "./sync.css";

/**
 * In the nav bar, a dot and "Nube": is the cloud reachable, how many operations wait to upload (↑n), and how many the cloud
 * refused. A click opens a panel under it: the last sync (shop's time zone), the last error, the refused
 * operations with a retry (settings.edit only: the API refuses others) and, for the owner, a way to
 * Ajustes → Nube. Kept short: the nav bar has little room at 1280 px with every screen listed.
 */
export function SyncStatus() {
  const t = useT();
  const format = useFormat();
  const { status, refresh, retry } = useSync();
  const canEdit = useSession((s) => s.can("settings.edit"));
  const notify = useNotices((s) => s.show);
  const go = useNav((s) => s.go);
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
  // Same dot as the printer's: green synced, red not reaching the cloud, grey not paired.
  const level = !status.configured ? "unconfigured" : status.online ? "ok" : "unreachable";
  const title = status.lastSyncAt
    ? t("sync.lastSync", { time: format.dateTime(status.lastSyncAt) })
    : t("sync.never");
  const tooltip = [label, title, status.lastError?.message].filter(Boolean).join(" · ");
  return (
    <span
      className="sync-status"
      data-testid="sync-status"
      data-configured={status.configured ? "true" : "false"}
      data-online={status.online ? "true" : "false"}
      data-backlog={status.backlog}
    >
      <button
        type="button"
        tabIndex={-1}
        title={tooltip}
        aria-label={tooltip}
        onClick={() => setOpen((v) => !v)}
      >
        <span className={`dot ${level}`} aria-hidden="true" />
        <span className="sync-text">{t("sync.cloud")}</span>
        {/* Before pairing the queue only grows: the number belongs in the panel, not in the bar. */}
        {status.configured && status.backlog > 0 && (
          <span className="sync-backlog" title={t("sync.backlog", { n: status.backlog })}>
            ↑{status.backlog}
          </span>
        )}
        {status.parked.length > 0 && (
          <span
            className="badge warning"
            data-testid="sync-parked-count"
            title={t("sync.parked", { n: status.parked.length })}
          >
            ⚠ {status.parked.length}
          </span>
        )}
      </button>
      {open && (
        <div className="sync-panel" data-testid="sync-panel">
          <strong>{label}</strong>
          <div>{title}</div>
          <div>{t("sync.backlog", { n: status.backlog })}</div>
          {status.lastError && <div className="error-text">{status.lastError.message}</div>}
          {status.parked.length > 0 && (
            <strong>
              {t("sync.parkedTitle")} ({status.parked.length})
            </strong>
          )}
          <ul>
            {status.parked.map((p) => (
              <li key={p.opId} data-testid="sync-parked-item">
                {p.entity}/{p.op} #{p.seq}: {p.reason}{" "}
                {p.retryRequested ? (
                  <em>{t("sync.retryRequested")}</em>
                ) : (
                  canEdit && (
                    <button
                      type="button"
                      tabIndex={-1}
                      onClick={() => retry(p.opId).catch((e: unknown) => notify("error", format.error(e)))}
                    >
                      {t("sync.retry")}
                    </button>
                  )
                )}
              </li>
            ))}
          </ul>
          {canEdit && (
            <button
              type="button"
              tabIndex={-1}
              data-testid="sync-open-settings"
              onClick={() => {
                setOpen(false);
                go("settings");
              }}
            >
              {t("sync.openSettings")}
            </button>
          )}
        </div>
      )}
    </span>
  );
}
