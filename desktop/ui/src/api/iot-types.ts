/**
 * The IoT gateway's contract shapes, as the UI reads them (gateway/src/devices, telemetry, rules, alarms,
 * relays route files). Times: device/alarm/rule timestamps are ISO strings; readings and relay commands are
 * epoch milliseconds.
 */

// The kinds the server accepts, with their unit and physical range: the gateway's own table (a pure module),
// so a kind or range added there reaches the device form without a second copy to keep in step.
export {
  SENSOR_KIND_NAMES,
  SENSOR_KINDS,
  type SensorKind,
} from "../../../../gateway/src/devices/sensor-kinds.js";
import type { SensorKind } from "../../../../gateway/src/devices/sensor-kinds.js";

export interface DeviceSensor {
  key: string;
  kind: SensorKind;
  unit: string;
  min: number;
  max: number;
}
export interface DeviceRelay {
  key: string;
  name: string;
  maxOnSeconds: number;
}
export interface Device {
  id: string;
  slug: string;
  name: string;
  active: boolean;
  online: boolean;
  lastSeenAt: string | null;
  createdAt: string;
  updatedAt: string;
  sensors: DeviceSensor[];
  relays: DeviceRelay[];
}
export interface NewDeviceBody {
  slug: string;
  name: string;
  sensors: { key: string; kind: SensorKind; min?: number; max?: number }[];
  relays: { key: string; name: string; maxOnSeconds?: number }[];
}
/** POST /api/devices and rotate-secret: the only answers that carry the secret. */
export interface DeviceWithSecret {
  device: Device;
  secret: string;
}

export type Resolution = "raw" | "minute" | "hour";
export interface RawPoint {
  at: number;
  value: number;
}
export interface RollupPoint {
  at: number;
  min: number;
  max: number;
  avg: number;
  count: number;
}
export interface ReadingsAnswer {
  deviceId: string;
  key: string;
  resolution: Resolution;
  points: (RawPoint | RollupPoint)[];
}

export type Condition =
  | { kind: "above"; key: string; threshold: number; clearBelow?: number; forSeconds?: number }
  | { kind: "below"; key: string; threshold: number; clearAbove?: number; forSeconds?: number }
  | { kind: "outside"; key: string; min: number; max: number; clearMargin?: number; forSeconds?: number }
  | { kind: "rate"; key: string; perMinute: number; windowSeconds?: number }
  | { kind: "offline"; forSeconds: number };
export type Severity = 1 | 2 | 3 | 4;
export type Action =
  | { kind: "alarm"; severity: Severity; message: string }
  | { kind: "relay"; relayKey: string; state: "ON" | "OFF"; seconds?: number }
  | { kind: "notify"; message: string }
  | { kind: "log"; message: string };
export interface Schedule {
  /** 0 = Sunday. */
  days: number[];
  from: string;
  to: string;
}
export interface RuleInput {
  name: string;
  enabled?: boolean;
  deviceId: string;
  condition: Condition;
  actions: Action[];
  clearActions?: Action[];
  schedule?: Schedule | null;
}
export interface Rule {
  id: string;
  name: string;
  enabled: boolean;
  deviceId: string;
  condition: Condition;
  actions: Action[];
  clearActions: Action[];
  schedule: Schedule | null;
  createdAt: string;
  updatedAt: string;
}

export type AlarmStatus = "active" | "acknowledged" | "cleared";
export interface Alarm {
  id: string;
  source: string;
  ruleId: string | null;
  ruleName: string | null;
  deviceId: string;
  deviceName: string | null;
  /** 1 info, 2 warning, 3 major, 4 critical. */
  severity: number;
  status: AlarmStatus;
  message: string;
  value: number | null;
  raiseCount: number;
  raisedAt: string;
  updatedAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  clearedAt: string | null;
  clearedBy: string | null;
  clearReason: string | null;
}

export type RelayState = "ON" | "OFF";
export type CommandStatus = "pending" | "confirmed" | "unconfirmed" | "superseded";
export interface RelayCommand {
  id: string;
  deviceId: string;
  deviceName: string | null;
  relayKey: string;
  state: RelayState;
  seconds: number | null;
  source: "staff" | "rule" | "timer" | "failsafe" | "home_assistant";
  ruleId: string | null;
  staffId: string | null;
  status: CommandStatus;
  requestedAt: number;
  confirmedAt: number | null;
}
