import { Type, type Static } from "@sinclair/typebox";
import { ID_PATTERN_SOURCE } from "../mqtt/ids.js";
import { Id, Nullable, Open, Time } from "./fields.js";

export const HOUR_MS = 3_600_000;
/** A reading's magnitude is far below this (sensor-kinds.ts bounds each kind); more is nonsense. */
export const MAX_SENSOR_VALUE = 1e9;
/** Readings of one series in one hour: one per millisecond is already far beyond any node. */
export const MAX_ROLLUP_COUNT = 1e9;

const Value = Type.Number({ minimum: -MAX_SENSOR_VALUE, maximum: MAX_SENSOR_VALUE });

/**
 * sensor_rollup/closed and /corrected: one series' readings of one closed UTC hour, as the gateway's
 * telemetry keeps them (gateway/src/telemetry/hour-upload.ts). Readings are measurements stored as REAL,
 * so min, max and sum are numbers (avg = sum / count). The rollup is whole, never a delta: a late reading
 * makes the gateway send the hour again with `version` + 1, and the cloud keeps the highest version, so
 * replays and any arrival order end the same. The op's entityId is `deviceId/key/hour`.
 */
export const SensorRollupPayload = Type.Object(
  {
    deviceId: Id,
    /** The sensor's key on its device (the MQTT contract's id rule). */
    key: Type.String({ pattern: ID_PATTERN_SOURCE }),
    /** Start of the UTC hour, on the hour. */
    hour: Time,
    version: Type.Integer({ minimum: 1, maximum: 1_000_000_000 }),
    count: Type.Integer({ minimum: 1, maximum: MAX_ROLLUP_COUNT }),
    min: Value,
    max: Value,
    sum: Type.Number({
      minimum: -MAX_SENSOR_VALUE * MAX_ROLLUP_COUNT,
      maximum: MAX_SENSOR_VALUE * MAX_ROLLUP_COUNT,
    }),
    /** The hour's first and last reading; null once the raw readings are gone (older than a week). */
    firstAt: Nullable(Time),
    lastAt: Nullable(Time),
  },
  Open,
);
export type SensorRollup = Static<typeof SensorRollupPayload>;

/** The op's entityId: one rollup per series and hour. */
export const sensorRollupEntityId = (r: Pick<SensorRollup, "deviceId" | "key" | "hour">): string =>
  `${r.deviceId}/${r.key}/${r.hour}`;

/**
 * What a schema cannot say about a rollup (fields against each other), in Spanish for the till's
 * dead-letter list, or null. The cloud refuses such an op alone (it is parked at the appliance).
 */
export function sensorRollupProblem(r: SensorRollup, entityId: string): string | null {
  const hour = Date.parse(r.hour);
  if (!Number.isFinite(hour) || hour % HOUR_MS !== 0) return "La hora del resumen no empieza en punto";
  if (entityId !== sensorRollupEntityId(r)) return "El id del resumen no coincide con su sensor y hora";
  if (r.min > r.max) return "El mínimo del resumen supera su máximo";
  // avg = sum / count lies between min and max (with room for rounding of the float sum).
  const slack = 1e-9 * Math.max(1, Math.abs(r.sum));
  if (r.sum < r.min * r.count - slack || r.sum > r.max * r.count + slack)
    return "El promedio del resumen queda fuera de su mínimo y máximo";
  if (r.count === 1 && r.min !== r.max) return "Un resumen de una lectura tiene mínimo y máximo distintos";
  for (const at of [r.firstAt, r.lastAt]) {
    if (at === null) continue;
    const t = Date.parse(at);
    if (!Number.isFinite(t) || t < hour || t >= hour + HOUR_MS)
      return "Una lectura del resumen cae fuera de su hora";
  }
  if (r.firstAt !== null && r.lastAt !== null && Date.parse(r.firstAt) > Date.parse(r.lastAt))
    return "La primera lectura del resumen es posterior a la última";
  return null;
}
