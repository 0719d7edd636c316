import { Type, type Static } from "@sinclair/typebox";
import { Closed, Instant, Int, Nullable, type SameUnion } from "./fields.js";

/**
 * The owner's Sensores screen (cloud/src/sensors/routes.ts): a store's sensors as hourly min / avg / max
 * (the hourly rollups its gateway uploads, contracts/src/sync/sensors.ts) and the store's alarm history.
 * Instants ISO-8601 UTC; the screen shows them in the store's zone.
 */

/** The spans the screen charts, newest hour last. */
export const SENSOR_RANGES = ["24h", "7d", "30d"] as const;
export type SensorRange = (typeof SENSOR_RANGES)[number];
/** The ranges spelled literal by literal (see SameUnion in fields.ts), held to the list below. */
export const SensorRangeField = Type.Union([Type.Literal("24h"), Type.Literal("7d"), Type.Literal("30d")]);
export const SENSOR_RANGE_SCHEMA_MATCHES: SameUnion<SensorRange, Static<typeof SensorRangeField>> = true;
export const SENSOR_RANGE_HOURS: Record<SensorRange, number> = { "24h": 24, "7d": 7 * 24, "30d": 30 * 24 };

/** GET /v1/dashboard/sensors/stores: the stores whose appliance registered a device (the gateway module). */
export const SensorStoresAnswer = Type.Object(
  {
    stores: Type.Array(
      Type.Object({ id: Type.String(), name: Type.String(), timeZone: Type.String() }, Closed),
    ),
  },
  Closed,
);
export type SensorStoresAnswer = Static<typeof SensorStoresAnswer>;

/** GET /v1/dashboard/sensors?storeId=&range= */
export const SensorHistoryQuery = Type.Object(
  {
    storeId: Type.String({ format: "uuid" }),
    range: Type.Optional(SensorRangeField),
  },
  Closed,
);
export type SensorHistoryQuery = Static<typeof SensorHistoryQuery>;

/** One UTC hour of one series. */
export const SensorPoint = Type.Object(
  { hour: Instant, min: Type.Number(), max: Type.Number(), avg: Type.Number(), count: Int },
  Closed,
);
export type SensorPoint = Static<typeof SensorPoint>;

export const SensorSeries = Type.Object(
  {
    deviceId: Type.String(),
    /** The device's name as its appliance last sent it; null if the cloud has no record of it. */
    deviceName: Nullable(Type.String()),
    key: Type.String(),
    /** contracts/src/mqtt/sensor-kinds.ts; null for a sensor the device no longer declares. */
    kind: Nullable(Type.String()),
    unit: Nullable(Type.String()),
    /** The hours of the range with readings, oldest first (an hour without readings is absent). */
    points: Type.Array(SensorPoint),
  },
  Closed,
);
export type SensorSeries = Static<typeof SensorSeries>;

/** An alarm of the store as its appliance last sent it: when it was raised, acknowledged and cleared. */
export const SensorAlarm = Type.Object(
  {
    id: Type.String(),
    deviceId: Type.String(),
    deviceName: Nullable(Type.String()),
    severity: Int,
    state: Type.String(),
    message: Type.String(),
    raisedAt: Instant,
    acknowledgedAt: Nullable(Instant),
    clearedAt: Nullable(Instant),
    updatedAt: Instant,
  },
  Closed,
);
export type SensorAlarm = Static<typeof SensorAlarm>;

export const SensorHistoryAnswer = Type.Object(
  {
    store: Type.Object({ id: Type.String(), name: Type.String(), timeZone: Type.String() }, Closed),
    range: SensorRangeField,
    /** The range's first hour and the end of its last (the hour now under way). */
    from: Instant,
    to: Instant,
    series: Type.Array(SensorSeries),
    /** Alarms raised before `to` and open or changed since `from`; newest raised first, at most 200. */
    alarms: Type.Array(SensorAlarm),
  },
  Closed,
);
export type SensorHistoryAnswer = Static<typeof SensorHistoryAnswer>;
