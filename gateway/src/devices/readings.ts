import { parseReading } from "@mostrador/contracts/mqtt/reading";
import type { CachedSensor } from "./device-cache.js";

/** Why a reading was dropped; counted in the gateway stats, never fatal. */
export type ReadingRejection = "not_a_number" | "unit_mismatch" | "out_of_range" | "undeclared_sensor";

export type AcceptedReading = { ok: true; value: number } | { ok: false; reason: ReadingRejection };

/**
 * Checks one sensor payload, read by the MQTT contract's parser (`4.7` or `{"value":4.7,"unit":"°C"}`),
 * against the declared sensor: in the declared unit when one is named, inside the plausible range, and a
 * whole number for on/off kinds (door: 0 closed, 1 open).
 */
export function acceptReading(sensor: CachedSensor | undefined, payload: Buffer): AcceptedReading {
  if (!sensor) return { ok: false, reason: "undeclared_sensor" };
  const parsed = parseReading(payload);
  // A unit that is not even text can match no sensor's.
  if (!parsed.ok)
    return { ok: false, reason: parsed.error.code === "bad_unit" ? "unit_mismatch" : "not_a_number" };
  const { value, unit } = parsed.value;
  if (unit !== undefined && unit !== sensor.unit) return { ok: false, reason: "unit_mismatch" };
  if (value < sensor.min || value > sensor.max || (sensor.integer && !Number.isInteger(value))) {
    return { ok: false, reason: "out_of_range" };
  }
  return { ok: true, value };
}
