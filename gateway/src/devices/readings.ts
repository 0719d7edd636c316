import type { CachedSensor } from "./device-cache.js";

/** Why a reading was dropped; counted in the gateway stats, never fatal. */
export type ReadingRejection = "not_a_number" | "unit_mismatch" | "out_of_range" | "undeclared_sensor";

export type ParsedReading = { ok: true; value: number } | { ok: false; reason: ReadingRejection };

/** Plain decimal only: no hex ("0x10"), no "Infinity", no empty string (Number("") is 0). */
const DECIMAL = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d{1,3})?$/;

/** The JSON form `{"value":4.7,"unit":"°C"}`; the plain decimal form is handled before (parseReading). */
function extractJson(text: string): { value: unknown; unit?: unknown } | null {
  if (!text.startsWith("{")) return null;
  try {
    const json = JSON.parse(text) as unknown;
    if (typeof json !== "object" || json === null || Array.isArray(json)) return null;
    const { value, unit } = json as Record<string, unknown>;
    return { value, unit };
  } catch {
    return null;
  }
}

/**
 * Validates one sensor payload — `4.7` or `{"value":4.7,"unit":"°C"}` (topic contract) — against the
 * declared sensor: a finite number, in the declared unit when one is named, inside the plausible range,
 * and a whole number for on/off kinds (door: 0 closed, 1 open).
 */
export function parseReading(sensor: CachedSensor | undefined, payload: Buffer): ParsedReading {
  if (!sensor) return { ok: false, reason: "undeclared_sensor" };
  const text = payload.toString("utf8").trim();
  // Nearly every reading is a plain decimal: it needs no intermediate object on the broker's hot path.
  let value: number;
  if (DECIMAL.test(text)) {
    value = Number(text);
    if (!Number.isFinite(value)) return { ok: false, reason: "not_a_number" }; // "1e999"
  } else {
    const parsed = extractJson(text);
    if (!parsed || typeof parsed.value !== "number" || !Number.isFinite(parsed.value)) {
      return { ok: false, reason: "not_a_number" };
    }
    if (parsed.unit !== undefined && parsed.unit !== sensor.unit)
      return { ok: false, reason: "unit_mismatch" };
    value = parsed.value;
  }
  if (value < sensor.min || value > sensor.max || (sensor.integer && !Number.isInteger(value))) {
    return { ok: false, reason: "out_of_range" };
  }
  return { ok: true, value };
}

/** A relay's confirmed state: "ON" / "OFF" (ESPHome and Tasmota spell them this way); null if neither. */
export function parseRelayState(payload: Buffer): boolean | null {
  const text = payload.toString("utf8").trim().toUpperCase();
  if (text === "ON") return true;
  if (text === "OFF") return false;
  return null;
}
