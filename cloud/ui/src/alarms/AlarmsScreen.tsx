import { useState } from "react";
import { get, query } from "../api/client.js";
import { useLoad } from "../api/use-load.js";
import { useFormat } from "../format/use-format.js";
import { type MessageKey, useT } from "../i18n/i18n.js";
import { useNav } from "../nav/nav-store.js";
import { Status } from "../nav/Status.js";
import { StorePicker } from "../stores/StorePicker.js";
import type { AlarmsAnswer, StoresAnswer } from "../../../src/dashboard/types.js";

const STATES = ["active", "acknowledged", "cleared"];

/** IoT alarms from every store: open ones first, most severe first. Times in each store's zone. */
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
            <tr key={a.id} data-testid={`alarm-row-${a.id}`} className={a.state === "cleared" ? "muted" : ""}>
              <td>
                <span className={`badge severity-${a.severity}`}>{a.severity}</span>
              </td>
              <td>{a.storeName}</td>
              <td>{a.message}</td>
              <td>{STATES.includes(a.state) ? t(`alarm.${a.state}` as MessageKey) : a.state}</td>
              <td>{a.raisedAt ? f.dateTime(a.raisedAt, zoneOf(a.storeId)) : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data && data.alarms.length === 0 ? <p className="muted">{t("common.none")}</p> : null}
    </section>
  );
}
