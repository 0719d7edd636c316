import { describe, expect, it } from "vitest";
import { parseReading, serializeReading } from "./reading.js";

/** Both ways a payload arrives: bytes on the broker, text in the till's browser client. */
const both = (text: string) => [parseReading(Buffer.from(text)), parseReading(text)];

describe("reading payloads", () => {
  it("reads a bare decimal and the JSON form, from bytes and from text alike", () => {
    for (const [text, reading] of [
      ["4.7", { value: 4.7 }],
      [" -12 \n", { value: -12 }],
      ["1e-3", { value: 0.001 }],
      ['{"value":4.7,"unit":"°C"}', { value: 4.7, unit: "°C" }],
      ['{"value":-18}', { value: -18 }],
    ] as const) {
      for (const parsed of both(text)) expect(parsed, text).toEqual({ ok: true, value: reading });
    }
  });

  it('takes ".5" and "5." as numbers and refuses "+4", the same on every side', () => {
    for (const parsed of both(".5")) expect(parsed).toEqual({ ok: true, value: { value: 0.5 } });
    for (const parsed of both("5.")) expect(parsed).toEqual({ ok: true, value: { value: 5 } });
    for (const parsed of both("+4")) expect(parsed.ok).toBe(false);
  });

  it("refuses what is not a finite number with a Spanish sentence, never a throw", () => {
    for (const text of [
      "hola",
      "NaN",
      "Infinity",
      "0x10",
      "",
      "{roto",
      '{"value":"4"}',
      "[4]",
      "1e999",
      "4,7",
      "null",
    ]) {
      for (const parsed of both(text)) {
        expect(parsed, text).toEqual({
          ok: false,
          error: { code: "not_a_number", message: expect.stringContaining("La lectura debe ser un número") },
        });
      }
    }
  });

  it("refuses a unit that is not text", () => {
    expect(parseReading('{"value":4,"unit":5}')).toMatchObject({ ok: false, error: { code: "bad_unit" } });
    expect(parseReading('{"value":4,"unit":null}')).toMatchObject({ ok: false, error: { code: "bad_unit" } });
  });

  it("serializes what it parses back to the same reading, and refuses NaN and infinities", () => {
    for (const reading of [
      { value: 4.7 },
      { value: -0.25, unit: "°C" },
      { value: 1e21 },
      { value: 5e-7, unit: "%" },
    ]) {
      const text = serializeReading(reading);
      expect(text).not.toBeNull();
      expect(parseReading(text as string)).toEqual({ ok: true, value: reading });
    }
    expect(serializeReading({ value: 4.7, unit: "°C" })).toBe('{"value":4.7,"unit":"°C"}');
    expect(serializeReading({ value: Number.NaN })).toBeNull();
    expect(serializeReading({ value: Number.POSITIVE_INFINITY, unit: "°C" })).toBeNull();
  });
});
