/**
 * The IoT gateway's contract shapes, as the UI reads them (gateway/src/devices, telemetry, rules, alarms,
 * relays route files). Times: device/alarm/rule timestamps are ISO strings; readings and relay commands are
 * epoch milliseconds.
 */

// The kinds the server accepts, with their unit and physical range: the MQTT contract's table, so a kind or
// range added there reaches the device form without a second copy to keep in step.
export { SENSOR_KIND_NAMES, SENSOR_KINDS, type SensorKind } from "@mostrador/contracts/mqtt/sensor-kinds";
import type { SensorKind } from "@mostrador/contracts/mqtt/sensor-kinds";

// The answers' shapes are the server's own types (type-only: nothing of the server reaches the bundle), so a
// field added or renamed there is a type error here, not a silent undefined on screen.
export type { DeviceRelay, DeviceSensor } from "../../../../gateway/src/devices/device-input.js";
export type { Device, DeviceWithSecret } from "../../../../gateway/src/devices/devices.js";
export type { RawPoint, Resolution, RollupPoint } from "../../../../gateway/src/telemetry/readings-query.js";
import type { RawPoint, Resolution, RollupPoint } from "../../../../gateway/src/telemetry/readings-query.js";

export interface NewDeviceBody {
  slug: string;
  name: string;
  sensors: { key: string; kind: SensorKind; min?: number; max?: number }[];
  relays: { key: string; name: string; maxOnSeconds?: number }[];
}

export interface ReadingsAnswer {
  deviceId: string;
  key: string;
  resolution: Resolution;
  points: (RawPoint | RollupPoint)[];
}
