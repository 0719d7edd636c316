/**
 * A reading on mostrador/<device>/sensor/<key>/state: a bare decimal ("4.7", "-12") or small JSON
 * ({"value":4.7,"unit":"°C"}). One grammar for the gateway (which stores readings and raises alarms on
 * them) and the till (which shows them live), so the screen never shows a value the gateway refused.
 *
 * The grammar is the one the gateway has stored readings by since the first node: optional "-", digits
 * with an optional point (or a point and digits: ".5"), an optional exponent ("1e-3"), surrounding
 * whitespace ignored. What ESP32 code writes fits it: printf's "%.2f" and dtostrf (our firmware's
 * encodeReading, ESPHome), Arduino's String(float), MicroPython's str(). A leading "+" ("+4") is refused,
 * as the gateway always refused it: no ESP32 library writes one, so no node in a shop relies on it.
 * Not numbers: "NaN", "Infinity", hex, "4,7", "" and anything that overflows ("1e999").
 */
import { accepted, type PayloadResult, payloadText, refused } from "./payload-result.js";
import { plainDecimal } from "./plain-decimal.js";

/** A decimal as the contract allows it (after trimming). */
export const DECIMAL = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d{1,3})?$/;

/** The JSON form's field names (the firmware's encodeReading writes them from its generated header). */
export const READING_FIELD = { value: "value", unit: "unit" } as const;

export interface Reading {
  value: number;
  /** Only when the JSON form names one; the gateway checks it against the sensor's declared unit. */
  unit?: string;
}

export type ReadingErrorCode = "not_a_number" | "bad_unit";
export type ReadingResult = PayloadResult<Reading, ReadingErrorCode>;

const NOT_A_NUMBER = 'La lectura debe ser un número como 4.7 o -12, o {"value":4.7,"unit":"°C"}';

/**
 * Parses a reading from the broker's bytes or a browser client's text. Nearly every reading is a plain
 * decimal, read straight from the bytes (no string on the broker's hot path, plain-decimal.ts); anything
 * else takes the general path, which also decides every refusal.
 */
export function parseReading(payload: string | Uint8Array): ReadingResult {
  if (typeof payload !== "string") {
    const fast = plainDecimal(payload);
    if (fast !== undefined) return accepted({ value: fast });
  }
  const text = payloadText(payload).trim();
  if (DECIMAL.test(text)) {
    const value = Number(text);
    return Number.isFinite(value) ? accepted({ value }) : refused("not_a_number", NOT_A_NUMBER); // "1e999"
  }
  return parseJsonReading(text);
}

/** The JSON form: an object whose "value" is a finite number and whose "unit", when present, is text. */
function parseJsonReading(text: string): ReadingResult {
  if (!text.startsWith("{")) return refused("not_a_number", NOT_A_NUMBER);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return refused("not_a_number", NOT_A_NUMBER);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return refused("not_a_number", NOT_A_NUMBER);
  }
  const { [READING_FIELD.value]: value, [READING_FIELD.unit]: unit } = json as Record<string, unknown>;
  if (typeof value !== "number" || !Number.isFinite(value)) return refused("not_a_number", NOT_A_NUMBER);
  if (unit === undefined) return accepted({ value });
  if (typeof unit !== "string") {
    return refused("bad_unit", 'La unidad de la lectura debe ser un texto, como "°C"');
  }
  return accepted({ value, unit });
}

/**
 * A reading as a node publishes it: the bare decimal without a unit, the JSON form with one. Null for NaN
 * and infinities, which no parser accepts (the firmware's encodeReading refuses them too).
 */
export function serializeReading(reading: Reading): string | null {
  if (!Number.isFinite(reading.value)) return null;
  if (!reading.unit) return String(reading.value);
  return JSON.stringify({ [READING_FIELD.value]: reading.value, [READING_FIELD.unit]: reading.unit });
}
