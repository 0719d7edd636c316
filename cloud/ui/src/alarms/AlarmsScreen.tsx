import { query } from "@mostrador/contracts/http-client";
import { alarmStatusName, isUnacknowledged, severityLevel, severityName } from "@mostrador/contracts/alarms";
import { useState } from "react";
import { get } from "../api/client.js";
import { useLoad } from "../api/use-load.js";
import { useFormat } from "../format/use-format.js";
import { useT } from "../i18n/i18n.js";
import { useNav } from "../nav/nav-store.js";
import { Status } from "../nav/Status.js";
import { StorePicker } from "../stores/StorePicker.js";
import type { AlarmsAnswer, StoresAnswer } from "@mostrador/contracts/http/dashboard";

/**
 * IoT alarms from every store: open ones first, most severe first. Times in each store's zone. Severities
 * and states read with the till's own words (contracts/src/alarms.ts): "Aviso" here is "Aviso" there.
 */
export function AlarmsScreen() {
  const t = useT();
  const f = useFormat();
  const storeId = useNav((s) => s.storeId);
  const [showCleared, setShowCleared] = useState(false);
  const { data, error, loading, reload } = useLoad<AlarmsAnswer>(
    get,
    `/v1/dashboard/alarms${query({ storeId, filter: showCleared ? "all" : "open" })}`,
  );
  const stores = useLoad<StoresAnswer>(get, "/v1/dashboard/stores").data;
  const zoneOf = (id: string) => stores?.stores.find((s) => s.id === id)?.timeZone;
  return (
    <section>
      <div className="toolbar">
        <StorePicker />
        <label className="check">
          <input
            type="checkbox"
            data-testid="alarms-show-cleared"
            checked={showCleared}
            onChange={(e) => setShowCleared(e.target.checked)}
          />
          {t("alarms.showCleared")}
        </label>
        <button onClick={reload}>↻</button>
      </div>
      <Status loading={loading && !data} error={error} reload={reload} />
      <table data-testid="alarms-table">
        <thead>
          <tr>
            <th>{t("alarms.severity")}</th>
            <th>{t("common.store")}</th>
            <th>{t("alarms.message")}</th>
            <th>{t("alarms.state")}</th>
            <th>{t("alarms.since")}</th>
          </tr>
        </thead>
        <tbody>
          {data?.alarms.map((a) => (
            <tr
              key={a.id}
              data-testid={`alarm-row-${a.id}`}
              data-state={a.state}
              className={a.state === "cleared" ? "muted" : isUnacknowledged(a.state) ? "unacknowledged" : ""}
            >
              <td>
                <span
                  className={`badge severity-${severityLevel(a.severity)}`}
                  data-testid="alarm-severity"
                  data-severity={a.severity}
                >
                  {severityName(a.severity, f.locale)}
                </span>
              </td>
              <td>{a.storeName}</td>
              <td>{a.message}</td>
              <td data-testid="alarm-state">{alarmStatusName(a.state, f.locale)}</td>
              <td>{a.raisedAt ? f.dateTime(a.raisedAt, zoneOf(a.storeId)) : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data && data.alarms.length === 0 ? <p className="muted">{t("common.none")}</p> : null}
    </section>
  );
}
