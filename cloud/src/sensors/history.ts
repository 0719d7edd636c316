import {
  SENSOR_RANGE_HOURS,
  type SensorAlarm,
  type SensorHistoryAnswer,
  type SensorRange,
  type SensorSeries,
  type SensorStoresAnswer,
} from "@mostrador/contracts/http/cloud-sensors";
import { HOUR_MS } from "@mostrador/contracts/sync/sensors";
import type { Queryable } from "../db/sql.js";
import type { ScopedStore } from "../dashboard/store-scope.js";

/** At most this many alarms under the chart: the screen is a history, not an export. */
const MAX_ALARMS = 200;

/** The stores whose appliance registered a device: only those have a Sensores screen. */
export async function storesWithDevices(q: Queryable): Promise<SensorStoresAnswer> {
  const rows = await q.query<{ id: string; name: string; time_zone: string }>(
    `SELECT st.id, st.name, st.time_zone FROM stores st
     WHERE EXISTS (SELECT 1 FROM appliance_events e
       WHERE e.tenant_id = st.tenant_id AND e.entity = 'device' AND e.store_id = st.id)
     ORDER BY st.created_at, st.id`,
  );
  return { stores: rows.map((r) => ({ id: r.id, name: r.name, timeZone: r.time_zone })) };
}

interface DeviceRecord {
  name: string | null;
  sensors: { key: string; kind: string | null; unit: string | null }[];
}

/** Each device of the store as its appliance last sent it (device ops are kept in appliance_events). */
async function devicesOf(q: Queryable, storeId: string): Promise<Map<string, DeviceRecord>> {
  const rows = await q.query<{ id: string; payload: { name?: unknown; sensors?: unknown } }>(
    `SELECT DISTINCT ON (entity_id) entity_id AS id, payload FROM appliance_events
     WHERE entity = 'device' AND store_id = $1 ORDER BY entity_id, created_at DESC, seq DESC`,
    [storeId],
  );
  const text = (v: unknown) => (typeof v === "string" ? v : null);
  return new Map(
    rows.map((r) => [
      r.id,
      {
        name: text(r.payload.name),
        sensors: (Array.isArray(r.payload.sensors) ? (r.payload.sensors as Record<string, unknown>[]) : [])
          .filter((s) => typeof s?.key === "string")
          .map((s) => ({ key: s.key as string, kind: text(s.kind), unit: text(s.unit) })),
      },
    ]),
  );
}

/** The range's hours: from the first to the end of the hour under way, `now` included. */
export function rangeBounds(range: SensorRange, now: Date): { from: Date; to: Date } {
  const to = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS + HOUR_MS;
  return { from: new Date(to - SENSOR_RANGE_HOURS[range] * HOUR_MS), to: new Date(to) };
}

/**
 * A store's sensors over the range, hour by hour (min, avg = sum / count, max), every series its devices
 * declare (with no points if none arrived) and every series that has rollups in it; and its alarms raised
 * before the range's end that were open or changed during it, newest raised first.
 */
export async function sensorHistory(
  q: Queryable,
  store: ScopedStore,
  range: SensorRange,
  now: Date,
): Promise<SensorHistoryAnswer> {
  const { from, to } = rangeBounds(range, now);
  const devices = await devicesOf(q, store.id);
  const rollups = await q.query<{
    device_id: string;
    sensor_key: string;
    hour: Date;
    min: number;
    max: number;
    sum: number;
    count: number;
  }>(
    `SELECT device_id, sensor_key, hour, min, max, sum, count FROM sensor_rollups
     WHERE store_id = $1 AND hour >= $2 AND hour < $3 ORDER BY hour`,
    [store.id, from, to],
  );
  const series = new Map<string, SensorSeries>();
  const seriesOf = (deviceId: string, key: string) => {
    const id = `${deviceId}/${key}`;
    let s = series.get(id);
    if (!s) {
      const device = devices.get(deviceId);
      const sensor = device?.sensors.find((x) => x.key === key);
      s = {
        deviceId,
        deviceName: device?.name ?? null,
        key,
        kind: sensor?.kind ?? null,
        unit: sensor?.unit ?? null,
        points: [],
      };
      series.set(id, s);
    }
    return s;
  };
  for (const [deviceId, device] of devices)
    for (const sensor of device.sensors) seriesOf(deviceId, sensor.key);
  for (const r of rollups)
    seriesOf(r.device_id, r.sensor_key).points.push({
      hour: r.hour.toISOString(),
      min: r.min,
      max: r.max,
      avg: r.sum / r.count,
      count: r.count,
    });
  const alarms = await q.query<{
    id: string;
    device_id: string;
    severity: number;
    status: string;
    message: string;
    raised_at: Date;
    updated_at: Date;
    acknowledged_at: string | null;
    cleared_at: string | null;
  }>(
    `SELECT id, device_id, severity, status, message, raised_at, updated_at,
       state ->> 'acknowledgedAt' AS acknowledged_at, state ->> 'clearedAt' AS cleared_at
     FROM alarms WHERE store_id = $1 AND raised_at < $3 AND (status <> 'cleared' OR updated_at >= $2)
     ORDER BY raised_at DESC, id LIMIT $4`,
    [store.id, from, to, MAX_ALARMS],
  );
  const instant = (v: string | null) =>
    v && Number.isFinite(Date.parse(v)) ? new Date(v).toISOString() : null;
  return {
    store,
    range,
    from: from.toISOString(),
    to: to.toISOString(),
    series: [...series.values()].sort(
      (a, b) =>
        (a.deviceName ?? a.deviceId).localeCompare(b.deviceName ?? b.deviceId, "es") ||
        a.key.localeCompare(b.key),
    ),
    alarms: alarms.map((a): SensorAlarm => ({
      id: a.id,
      deviceId: a.device_id,
      deviceName: devices.get(a.device_id)?.name ?? null,
      severity: a.severity,
      state: a.status,
      message: a.message,
      raisedAt: a.raised_at.toISOString(),
      acknowledgedAt: instant(a.acknowledged_at),
      clearedAt: instant(a.cleared_at),
      updatedAt: a.updated_at.toISOString(),
    })),
  };
}
