import { useEffect, useState } from "react";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { PairingForm } from "./PairingForm.js";
import { ParkedList } from "./ParkedList.js";
import { useSync } from "./sync-store.js";
import "./sync.css";

/**
 * Ajustes → Nube (settings.edit): is this appliance paired, with which cloud, when it last synced (shop's time
 * zone), what waits to upload and the last error; the pairing form; the operations the cloud refused.
 * Independent of the screen's "Guardar cambios": pairing and retries act at once. The status comes from the
 * same store the nav bar's indicator polls, so both always agree.
 */
export function CloudSection() {
  const t = useT();
  const format = useFormat();
  const status = useSync((s) => s.status);
  const refresh = useSync((s) => s.refresh);
  const [formOpen, setFormOpen] = useState(false);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  if (!status) {
    return (
      <div className="card" data-testid="settings-cloud">
        <h2>{t("cloud.title")}</h2>
        <p>{t("common.loading")}</p>
      </div>
    );
  }

  const paired = status.configured;
  return (
    <div className="card cloud-section" data-testid="settings-cloud">
      <h2>
        {t("cloud.title")}{" "}
        <span
          className={`badge ${paired ? "ok-badge" : "warning"}`}
          data-testid="cloud-state"
          data-paired={paired ? "true" : "false"}
          data-online={status.online ? "true" : "false"}
        >
          {paired ? t("cloud.paired") : t("cloud.notPaired")}
        </span>
      </h2>
      {!paired && <p className="hint">{t("cloud.intro")}</p>}
      <dl className="cloud-facts">
        {paired && (
          <>
            <dt>{t("cloud.address")}</dt>
            <dd data-testid="cloud-current-url">{status.cloudUrl}</dd>
            <dt>{t("cloud.lastSync")}</dt>
            <dd data-testid="cloud-last-sync">
              {status.lastSyncAt ? format.dateTime(status.lastSyncAt) : t("cloud.never")}
              {!status.online && <span className="muted"> · {t("cloud.offline")}</span>}
            </dd>
          </>
        )}
        {/* Also before pairing: what the till sold meanwhile is queued and uploads once paired. */}
        <dt>{t("cloud.backlog")}</dt>
        <dd data-testid="cloud-backlog">{status.backlog}</dd>
        {status.lastError && (
          <>
            <dt>{t("cloud.lastError")}</dt>
            <dd className="error-text" data-testid="cloud-last-error">
              {status.lastError.message}
              {status.lastError.at && (
                <span className="muted"> · {format.dateTime(status.lastError.at)}</span>
              )}
            </dd>
          </>
        )}
      </dl>
      {paired && !formOpen ? (
        <div className="row-form">
          <button type="button" data-testid="cloud-repair" onClick={() => setFormOpen(true)}>
            {t("cloud.repair")}
          </button>
        </div>
      ) : (
        <PairingForm
          currentUrl={status.cloudUrl}
          onCancel={paired ? () => setFormOpen(false) : undefined}
          onPaired={() => setFormOpen(false)}
        />
      )}
      <ParkedList parked={status.parked} />
    </div>
  );
}
