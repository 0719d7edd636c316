import { describe, expect, it } from "vitest";
import type { CachedSensor } from "./device-cache.js";
import { parseRelayState } from "@mostrador/contracts/mqtt/relay-state";
import { acceptReading } from "./readings.js";

const fridgeTemp: CachedSensor = { kind: "temperature", unit: "°C", min: -30, max: 30, integer: false };
const door: CachedSensor = { kind: "door", unit: "", min: 0, max: 1, integer: true };
const read = (sensor: CachedSensor | undefined, text: string) => acceptReading(sensor, Buffer.from(text));

describe("sensor readings", () => {
  it("accepts a bare number or JSON with the declared unit", () => {
    expect(read(fridgeTemp, "4.7")).toEqual({ ok: true, value: 4.7 });
    expect(read(fridgeTemp, " -12 ")).toEqual({ ok: true, value: -12 });
    expect(read(fridgeTemp, '{"value":4.7,"unit":"°C"}')).toEqual({ ok: true, value: 4.7 });
    expect(read(fridgeTemp, '{"value":4.7}')).toEqual({ ok: true, value: 4.7 });
    expect(read(door, "1")).toEqual({ ok: true, value: 1 });
  });

  it("refuses what is not a finite number: text, NaN, Infinity, hex, empty, broken JSON, strings in JSON", () => {
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
    ]) {
      expect(read(fridgeTemp, text)).toEqual({ ok: false, reason: "not_a_number" });
    }
  });

  it("refuses a unit other than the declared one", () => {
    expect(read(fridgeTemp, '{"value":40,"unit":"°F"}')).toEqual({ ok: false, reason: "unit_mismatch" });
    expect(read(fridgeTemp, '{"value":4,"unit":null}')).toEqual({ ok: false, reason: "unit_mismatch" });
  });

  it("refuses implausible values: outside the range, and a door that is half open", () => {
    expect(read(fridgeTemp, "-127")).toEqual({ ok: false, reason: "out_of_range" });
    expect(read(fridgeTemp, "30.01")).toEqual({ ok: false, reason: "out_of_range" });
    expect(read(door, "0.5")).toEqual({ ok: false, reason: "out_of_range" });
  });

  it("refuses a reading for a sensor the device did not declare", () => {
    expect(read(undefined, "4")).toEqual({ ok: false, reason: "undeclared_sensor" });
  });

  it("reads relay echoes ON and OFF, and nothing else", () => {
    expect(parseRelayState(Buffer.from("ON"))).toMatchObject({ ok: true, value: "ON" });
    expect(parseRelayState(Buffer.from("off"))).toMatchObject({ ok: true, value: "OFF" });
    expect(parseRelayState(Buffer.from("1")).ok).toBe(false);
  });
});
