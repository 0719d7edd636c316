import { alarmStatusName, isUnacknowledged, severityLevel, severityName } from "@mostrador/contracts/alarms";
import { query } from "@mostrador/contracts/http-client";
import {
  SENSOR_RANGES,
  type SensorHistoryAnswer,
  type SensorSeries,
  type SensorStoresAnswer,
} from "@mostrador/contracts/http/cloud-sensors";
import { binaryStatesOf } from "@mostrador/contracts/mqtt/sensor-kinds";
import { HOUR_MS } from "@mostrador/contracts/sync/sensors";
import { useEffect, useState } from "react";
import { get } from "../api/client.js";
import { useLoad } from "../api/use-load.js";
import { RangeChart } from "../charts/RangeChart.js";
import { useFormat } from "../format/use-format.js";
import { type MessageKey, useT } from "../i18n/i18n.js";
import { Status } from "../nav/Status.js";
import { readSensorFilters, type SensorFilters, writeSensorFilters } from "./sensors-url.js";
import "./sensors.css";

/** The filters in the URL, and a setter that writes them back (replace: a new span is not a step back). */
function useUrlFilters(): [SensorFilters, (next: SensorFilters) => void] {
  const [filters, setFilters] = useState(() => readSensorFilters(location.hash));
  useEffect(() => {
    history.replaceState(history.state, "", writeSensorFilters(filters));
    const reread = () => setFilters(readSensorFilters(location.hash));
    addEventListener("popstate", reread);
    return () => {
      removeEventListener("popstate", reread);
      // Another screen has no use for these filters in its URL.
      history.replaceState(history.state, "", location.pathname + location.search);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once: the URL follows `set` below
  }, []);
  const set = (next: SensorFilters) => {
    history.replaceState(history.state, "", writeSensorFilters(next));
    setFilters(next);
  };
  return [filters, set];
}

/**
 * Sensores: per store, each sensor's last 24 h, 7 or 30 days hour by hour (min – max as a bar, the average
 * as a line), from the hourly rollups its gateway uploads; and the store's alarm history (raised,
 * acknowledged, cleared) below, in the store's time zone. Only stores whose appliance has devices.
 */
export function SensorsScreen() {
  const t = useT();
  const stores = useLoad<SensorStoresAnswer>(get, "/v1/dashboard/sensors/stores");
  const [filters, setFilters] = useUrlFilters();
  const list = stores.data?.stores ?? [];
  const storeId = list.some((s) => s.id === filters.storeId) ? filters.storeId : (list[0]?.id ?? null);
  // The store shown is in the URL too once known (the first one when none was asked for, or an unknown one).
  useEffect(() => {
    if (storeId && storeId !== filters.storeId) setFilters({ ...filters, storeId });
  }, [storeId, filters, setFilters]);
  return (
    <section className="sensors">
      <div className="toolbar">
        <select
          data-testid="sensors-store"
          aria-label={t("common.store")}
          value={storeId ?? ""}
          onChange={(e) => setFilters({ ...filters, storeId: e.target.value })}
        >
          {list.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
        {SENSOR_RANGES.map((r) => (
          <button
            key={r}
            data-testid={`sensors-range-${r}`}
            className={r === filters.range ? "selected" : ""}
            aria-pressed={r === filters.range}
            onClick={() => setFilters({ ...filters, storeId, range: r })}
          >
            {t(`sensors.range.${r}` as MessageKey)}
          </button>
        ))}
      </div>
      <Status loading={stores.loading && !stores.data} error={stores.error} reload={stores.reload} />
      {stores.data && list.length === 0 ? <p className="muted">{t("sensors.noDevices")}</p> : null}
      {storeId ? <StoreSensors storeId={storeId} range={filters.range} /> : null}
    </section>
  );
}

function StoreSensors({ storeId, range }: { storeId: string; range: SensorFilters["range"] }) {
  const t = useT();
  const f = useFormat();
  const { data, error, loading, reload } = useLoad<SensorHistoryAnswer>(
    get,
    `/v1/dashboard/sensors${query({ storeId, range })}`,
  );
  const zone = data?.store.timeZone;
  const timeFormat = new Intl.DateTimeFormat(
    f.locale,
    range === "24h"
      ? { hour: "2-digit", minute: "2-digit", timeZone: zone }
      : { day: "2-digit", month: "2-digit", timeZone: zone },
  );
  const when = (iso: string | null) => (iso ? f.dateTime(iso, zone) : "—");
  return (
    <>
      <Status loading={loading && !data} error={error} reload={reload} />
      {data?.series.length === 0 ? <p className="muted">{t("sensors.noSeries")}</p> : null}
      <div className="sensor-cards">
        {data?.series.map((s) => (
          <div className="card" key={`${s.deviceId}/${s.key}`} data-testid={`sensor-${s.key}`}>
            <h2>
              {s.deviceName ?? s.deviceId} · {s.key}
            </h2>
            {s.points.length === 0 ? (
              <p className="muted">{t("sensors.noReadings")}</p>
            ) : (
              <RangeChart
                points={s.points.map((p) => ({ at: Date.parse(p.hour), min: p.min, avg: p.avg, max: p.max }))}
                from={Date.parse(data.from)}
                to={Date.parse(data.to)}
                slotMs={HOUR_MS}
                formatValue={valueFormat(s, f.locale)}
                formatTime={(at) => timeFormat.format(at)}
                title={t("sensors.chartTitle", { sensor: `${s.deviceName ?? s.deviceId} · ${s.key}` })}
                testId={`sensor-chart-${s.key}`}
              />
            )}
          </div>
        ))}
      </div>
      <h2>{t("sensors.alarms")}</h2>
      <table data-testid="sensors-alarms">
        <thead>
          <tr>
            <th>{t("alarms.severity")}</th>
            <th>{t("sensors.device")}</th>
            <th>{t("alarms.message")}</th>
            <th>{t("alarms.state")}</th>
            <th>{t("sensors.raised")}</th>
            <th>{t("sensors.acknowledged")}</th>
            <th>{t("sensors.cleared")}</th>
          </tr>
        </thead>
        <tbody>
          {data?.alarms.map((a) => (
            <tr
              key={a.id}
              data-testid={`sensors-alarm-${a.id}`}
              className={a.state === "cleared" ? "muted" : isUnacknowledged(a.state) ? "unacknowledged" : ""}
            >
              <td>
                <span className={`badge severity-${severityLevel(a.severity)}`}>
                  {severityName(a.severity, f.locale)}
                </span>
              </td>
              <td>{a.deviceName ?? a.deviceId}</td>
              <td>{a.message}</td>
              <td data-testid="sensors-alarm-state">{alarmStatusName(a.state, f.locale)}</td>
              <td data-testid="sensors-alarm-raised">{when(a.raisedAt)}</td>
              <td data-testid="sensors-alarm-acknowledged">{when(a.acknowledgedAt)}</td>
              <td data-testid="sensors-alarm-cleared">{when(a.clearedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data && data.alarms.length === 0 ? <p className="muted">{t("sensors.noAlarms")}</p> : null}
    </>
  );
}

/** A reading in the shop's words: its unit, or for a door the share of the hour it was open. */
function valueFormat(s: SensorSeries, locale: string): (value: number) => string {
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  if (s.kind && binaryStatesOf(s.kind)) return (v) => `${number.format(v * 100)} %`;
  return (v) => (s.unit ? `${number.format(v)} ${s.unit}` : number.format(v));
}
