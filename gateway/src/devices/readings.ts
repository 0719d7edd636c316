import type { CachedSensor } from "./device-cache.js";
import { plainDecimal } from "./plain-decimal.js";

/** Why a reading was dropped; counted in the gateway stats, never fatal. */
export type ReadingRejection = "not_a_number" | "unit_mismatch" | "out_of_range" | "undeclared_sensor";

export type ParsedReading = { ok: true; value: number } | { ok: false; reason: ReadingRejection };

/**
 * A decimal as the contract allows it, for the general path (plain-decimal.ts is the fast one): no hex
 * ("0x10"), no "Infinity", no empty string (Number("") is 0).
 */
export const DECIMAL = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d{1,3})?$/;

/** The JSON form `{"value":4.7,"unit":"°C"}`. */
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
  // Nearly every reading is a plain decimal, read straight from the bytes (no string on the broker's hot
  // path); anything else takes the general path, which also decides every refusal.
  const value = plainDecimal(payload) ?? generalValue(payload.toString("utf8").trim(), sensor);
  if (typeof value === "string") return { ok: false, reason: value };
  if (value < sensor.min || value > sensor.max || (sensor.integer && !Number.isInteger(value))) {
    return { ok: false, reason: "out_of_range" };
  }
  return { ok: true, value };
}

/** A decimal in any form the contract allows, or the JSON form: the finite number, or why it is refused. */
function generalValue(text: string, sensor: CachedSensor): number | ReadingRejection {
  if (DECIMAL.test(text)) {
    const value = Number(text);
    return Number.isFinite(value) ? value : "not_a_number"; // "1e999"
  }
  const parsed = extractJson(text);
  if (!parsed || typeof parsed.value !== "number" || !Number.isFinite(parsed.value)) return "not_a_number";
  if (parsed.unit !== undefined && parsed.unit !== sensor.unit) return "unit_mismatch";
  return parsed.value;
}

/** A relay's confirmed state: "ON" / "OFF" (ESPHome and Tasmota spell them this way); null if neither. */
export function parseRelayState(payload: Buffer): boolean | null {
  const text = payload.toString("utf8").trim().toUpperCase();
  if (text === "ON") return true;
  if (text === "OFF") return false;
  return null;
}
