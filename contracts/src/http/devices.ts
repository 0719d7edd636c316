import { Type, type Static } from "@sinclair/typebox";
import { MAX_COMMAND_SECONDS } from "../mqtt/relay-command.js";
import { MqttIdSchema } from "../mqtt/schemas.js";
import type { SensorKind } from "../mqtt/sensor-kinds.js";
import { Closed, IdParams, Instant, Int, Nullable, type SameUnion } from "./fields.js";

/** The device registry and the gateway's counters (gateway/src/devices/routes.ts). */

export const NAME_MAX = 60;
export const MAX_SENSORS = 16;
export const MAX_RELAYS = 8;
/** A relay's failsafe can be no longer than the longest timed command the MQTT contract carries. */
export const MAX_ON_SECONDS_LIMIT = MAX_COMMAND_SECONDS;

const Name = Type.String({ minLength: 1, maxLength: NAME_MAX });
/** Generous outer bound; the gateway checks each kind's plausible range. */
const RangeValue = Type.Number({ minimum: -1_000_000, maximum: 1_000_000 });
/** One of the MQTT contract's sensor kinds (contracts/src/mqtt/sensor-kinds.ts). */
const SensorKindSchema = Type.Union([
  Type.Literal("temperature"),
  Type.Literal("humidity"),
  Type.Literal("soil_moisture"),
  Type.Literal("door"),
  Type.Literal("power"),
  Type.Literal("current"),
  Type.Literal("water_flow"),
  Type.Literal("co2"),
]);
/** Spelled out (see SameUnion): every kind of SENSOR_KINDS, no more and no fewer. */
export const SENSOR_KIND_SCHEMA_MATCHES: SameUnion<SensorKind, Static<typeof SensorKindSchema>> = true;

/** A sensor as declared by whoever registers the device; unit and default range come from its kind. */
export const SensorInputSchema = Type.Object(
  {
    key: MqttIdSchema,
    kind: SensorKindSchema,
    min: Type.Optional(RangeValue),
    max: Type.Optional(RangeValue),
  },
  Closed,
);
export type SensorInput = Static<typeof SensorInputSchema>;
export const RelayInputSchema = Type.Object(
  {
    key: MqttIdSchema,
    name: Name,
    /** Failsafe: the relay switches itself off after this long. Default one hour. */
    maxOnSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_ON_SECONDS_LIMIT })),
  },
  Closed,
);
export type RelayInput = Static<typeof RelayInputSchema>;
const Sensors = Type.Array(SensorInputSchema, { maxItems: MAX_SENSORS });
const Relays = Type.Array(RelayInputSchema, { maxItems: MAX_RELAYS });

/** POST /api/devices */
export const NewDeviceBody = Type.Object(
  { slug: MqttIdSchema, name: Name, sensors: Type.Optional(Sensors), relays: Type.Optional(Relays) },
  Closed,
);
export type NewDeviceInput = Static<typeof NewDeviceBody>;
/** PATCH /api/devices/:id: a list given replaces the whole list. */
export const DevicePatchBody = Type.Object(
  {
    name: Type.Optional(Name),
    active: Type.Optional(Type.Boolean()),
    sensors: Type.Optional(Sensors),
    relays: Type.Optional(Relays),
  },
  { ...Closed, minProperties: 1 },
);
export type DevicePatchInput = Static<typeof DevicePatchBody>;
export const DeviceParams = IdParams;

export const DeviceSensorSchema = Type.Object(
  { key: Type.String(), kind: SensorKindSchema, unit: Type.String(), min: Type.Number(), max: Type.Number() },
  Closed,
);
export type DeviceSensor = Static<typeof DeviceSensorSchema>;
export const DeviceRelaySchema = Type.Object(
  { key: Type.String(), name: Type.String(), maxOnSeconds: Int },
  Closed,
);
export type DeviceRelay = Static<typeof DeviceRelaySchema>;

export const DeviceSchema = Type.Object(
  {
    id: Type.String(),
    slug: Type.String(),
    name: Type.String(),
    active: Type.Boolean(),
    online: Type.Boolean(),
    lastSeenAt: Nullable(Instant),
    createdAt: Instant,
    updatedAt: Instant,
    sensors: Type.Array(DeviceSensorSchema),
    relays: Type.Array(DeviceRelaySchema),
  },
  Closed,
);
export type Device = Static<typeof DeviceSchema>;
export const DeviceList = Type.Array(DeviceSchema);

/** POST /api/devices (201) and …/rotate-secret: the only moment the secret exists outside the device. */
export const DeviceWithSecretSchema = Type.Object({ device: DeviceSchema, secret: Type.String() }, Closed);
export type DeviceWithSecret = Static<typeof DeviceWithSecretSchema>;

const Counts = Type.Record(Type.String(), Int);
/** GET /api/gateway/stats: the broker's TCP port (for the "add device" screen) and its counters. */
export const GatewayStatsSchema = Type.Object(
  {
    mqttPort: Int,
    startedAt: Instant,
    connections: Type.Object({ current: Int, accepted: Int, refused: Counts }, Closed),
    devicesOnline: Int,
    messages: Type.Object({ accepted: Int, refused: Counts }, Closed),
    readings: Type.Object({ accepted: Int, malformed: Counts }, Closed),
    subscriptions: Type.Object({ refused: Int }, Closed),
    /** Clients dropped for malformed MQTT or transport errors (Aedes "clientError" / "connectionError"). */
    protocolErrors: Type.Object({ clientError: Int, connectionError: Int }, Closed),
  },
  Closed,
);
export type GatewayStats = Static<typeof GatewayStatsSchema>;
