import { describe, expect, it } from "vitest";
import type { Device } from "@mostrador/contracts/http/devices";
import { conditionSummary, durationText } from "./rule-summary.js";

const fridge = {
  id: "d1",
  slug: "heladera",
  name: "Heladera",
  sensors: [
    { key: "temperature", kind: "temperature", unit: "°C", min: -30, max: 40 },
    { key: "door", kind: "door", unit: "", min: 0, max: 1 },
    { key: "interior", kind: "humidity", unit: "%", min: 0, max: 100 },
  ],
  relays: [],
} as unknown as Device;
const garden = {
  id: "d2",
  slug: "riego",
  name: "Riego",
  sensors: [{ key: "soil_moisture", kind: "soil_moisture", unit: "%", min: 0, max: 100 }],
  relays: [],
} as unknown as Device;

/** On screen, Intl puts no-break spaces in numbers of some locales; compare with plain spaces. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

describe("a rule's condition in words", () => {
  it("says it in Spanish, not with raw keys: the issue's three rules", () => {
    const es = (c: Parameters<typeof conditionSummary>[0], d: Device) =>
      plain(conditionSummary(c, d, "es-AR"));
    expect(es({ kind: "above", key: "temperature", threshold: 5, forSeconds: 600 }, fridge)).toBe(
      "Temperatura mayor a 5 °C durante 10 min",
    );
    expect(es({ kind: "above", key: "door", threshold: 0.5 }, fridge)).toBe("Puerta abierta");
    expect(es({ kind: "below", key: "soil_moisture", threshold: 30 }, garden)).toBe(
      "Humedad del suelo menor a 30 %",
    );
  });

  it("and in English", () => {
    const en = (c: Parameters<typeof conditionSummary>[0], d: Device) => plain(conditionSummary(c, d, "en"));
    expect(en({ kind: "above", key: "temperature", threshold: 5, forSeconds: 600 }, fridge)).toBe(
      "Temperature above 5 °C for 10 min",
    );
    expect(en({ kind: "above", key: "door", threshold: 0.5, forSeconds: 180 }, fridge)).toBe(
      "Door open for 3 min",
    );
    expect(en({ kind: "below", key: "soil_moisture", threshold: 30 }, garden)).toBe(
      "Soil moisture below 30 %",
    );
  });

  it("describes a door as open or closed, never as a decimal", () => {
    const s = conditionSummary(
      { kind: "below", key: "door", threshold: 0.5, forSeconds: 3600 },
      fridge,
      "es-AR",
    );
    expect(s).toBe("Puerta cerrada durante 1 h");
    expect(s).not.toMatch(/\d,\d/);
  });

  it("covers ranges, rates, offline and a second sensor of a kind, numbers in the person's locale", () => {
    expect(
      plain(conditionSummary({ kind: "outside", key: "temperature", min: -2.5, max: 8 }, fridge, "es-AR")),
    ).toBe("Temperatura fuera del rango -2,5 °C a 8 °C");
    expect(plain(conditionSummary({ kind: "rate", key: "temperature", perMinute: -1.5 }, fridge, "en"))).toBe(
      "Temperature falls more than 1.5 °C per minute",
    );
    expect(conditionSummary({ kind: "offline", forSeconds: 900 }, fridge, "es-AR")).toBe(
      "Sin conexión durante 15 min",
    );
    expect(plain(conditionSummary({ kind: "above", key: "interior", threshold: 80 }, fridge, "es-AR"))).toBe(
      "Humedad (interior) mayor a 80 %",
    );
    expect(conditionSummary({ kind: "above", key: "gone", threshold: 1 }, undefined, "es-AR")).toBe(
      "gone mayor a 1",
    );
  });

  it("says durations as people do", () => {
    expect(durationText(45, "es-AR")).toBe("45 s");
    expect(durationText(90, "es-AR")).toBe("1,5 min");
    expect(durationText(5400, "es-AR")).toBe("1 h 30 min");
    expect(durationText(7200, "en")).toBe("2 h");
  });
});
