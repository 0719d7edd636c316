import { isValidId } from "@mostrador/contracts/mqtt/ids";
import { topics } from "@mostrador/contracts/mqtt/topics";
import type { Device, NewDeviceInput } from "@mostrador/contracts/http/devices";
import { SENSOR_KINDS, type SensorKind } from "@mostrador/contracts/mqtt/sensor-kinds";
import { parseMeasure } from "./measure.js";

/**
 * The "add device" form as typed → POST /api/devices. Mirrors the server's checks
 * (gateway/src/devices/device-input.ts) so most mistakes are caught before the request; the server checks again.
 */
export interface SensorRow {
  key: string;
  kind: SensorKind;
  /** Optional narrower range ("-30", "40"); empty = the kind's physical range. */
  min: string;
  max: string;
}
export interface RelayRow {
  key: string;
  name: string;
  /** Failsafe: the relay switches itself off after this many minutes; empty = the server's default (60). */
  maxOnMinutes: string;
}
export interface DeviceForm {
  slug: string;
  name: string;
  sensors: SensorRow[];
  relays: RelayRow[];
}

export type DeviceProblem =
  | "slug"
  | "name"
  | "sensor_key"
  | "sensor_range"
  | "relay_key"
  | "relay_name"
  | "relay_minutes"
  | "duplicate_key"
  | "too_many";

export const DEVICE_NAME_MAX = 60;
export const MAX_SENSORS = 16;
export const MAX_RELAYS = 8;
/** The server's MAX_ON_SECONDS_LIMIT: one day. */
export const MAX_ON_MINUTES = 24 * 60;

export const emptySensor = (): SensorRow => ({ key: "temperature", kind: "temperature", min: "", max: "" });
export const emptyRelay = (): RelayRow => ({ key: "", name: "", maxOnMinutes: "" });

// The form always sends both lists (empty when there are none).
type Result = { body: Required<NewDeviceInput> } | { problem: DeviceProblem; row?: number };

function range(row: SensorRow): { min?: number; max?: number } | null {
  const kind = SENSOR_KINDS[row.kind];
  const read = (text: string, fallback: number) => {
    if (text.trim() === "") return { value: undefined, effective: fallback };
    const parsed = parseMeasure(text, kind.unit);
    return "value" in parsed ? { value: parsed.value, effective: parsed.value } : null;
  };
  const min = read(row.min, kind.min);
  const max = read(row.max, kind.max);
  if (!min || !max || min.effective >= max.effective || min.effective < kind.min || max.effective > kind.max)
    return null;
  return {
    ...(min.value !== undefined ? { min: min.value } : {}),
    ...(max.value !== undefined ? { max: max.value } : {}),
  };
}

export function deviceFormToBody(form: DeviceForm): Result {
  const slug = form.slug.trim();
  if (!isValidId(slug)) return { problem: "slug" };
  const name = form.name.trim().replace(/\s+/g, " ");
  if (name.length === 0 || name.length > DEVICE_NAME_MAX) return { problem: "name" };
  if (form.sensors.length > MAX_SENSORS || form.relays.length > MAX_RELAYS) return { problem: "too_many" };
  const body: Required<NewDeviceInput> = { slug, name, sensors: [], relays: [] };
  const seen = new Set<string>();
  for (const [row, s] of form.sensors.entries()) {
    const key = s.key.trim();
    if (!isValidId(key)) return { problem: "sensor_key", row };
    // Keys are unique across sensors and relays: Home Assistant builds entity ids from "<slug>_<key>".
    if (seen.has(key)) return { problem: "duplicate_key", row };
    seen.add(key);
    const r = range(s);
    if (!r) return { problem: "sensor_range", row };
    body.sensors.push({ key, kind: s.kind, ...r });
  }
  for (const [row, r] of form.relays.entries()) {
    const key = r.key.trim();
    if (!isValidId(key)) return { problem: "relay_key", row };
    if (seen.has(key)) return { problem: "duplicate_key", row };
    seen.add(key);
    const relayName = r.name.trim();
    if (relayName.length === 0 || relayName.length > DEVICE_NAME_MAX) return { problem: "relay_name", row };
    if (r.maxOnMinutes.trim() === "") {
      body.relays.push({ key, name: relayName });
      continue;
    }
    const minutes = parseMeasure(r.maxOnMinutes);
    const seconds = "value" in minutes ? Math.round(minutes.value * 60) : Number.NaN;
    if (!(seconds >= 1 && seconds <= MAX_ON_MINUTES * 60)) return { problem: "relay_minutes", row };
    body.relays.push({ key, name: relayName, maxOnSeconds: seconds });
  }
  return { body };
}

export interface DeviceCredentials {
  host: string;
  port: number;
  username: string;
  password: string;
  /** What the device publishes and subscribes to. */
  publishes: string[];
  subscribes: string[];
}

/** Everything the person needs to flash into the ESP32: the username is the slug, which is also the client id. */
export function credentialsFor(
  device: Device,
  secret: string,
  host: string,
  port: number,
): DeviceCredentials {
  const slug = device.slug;
  return {
    host,
    port,
    username: device.slug,
    password: secret,
    publishes: [
      topics.status(slug),
      ...device.sensors.map((s) => topics.sensorState(slug, s.key)),
      ...device.relays.map((r) => topics.relayState(slug, r.key)),
    ],
    subscribes: device.relays.map((r) => topics.relaySet(slug, r.key)),
  };
}
