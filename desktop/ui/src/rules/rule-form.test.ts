import { describe, expect, it } from "vitest";
import type { Rule } from "@mostrador/contracts/http/rules";
import type { Device } from "@mostrador/contracts/http/devices";
import { emptyRuleForm, formToRuleInput, minutesToSeconds, type RuleForm, ruleToForm } from "./rule-form.js";

const fridge: Device = {
  id: "dev-1",
  slug: "heladera",
  name: "Heladera",
  active: true,
  online: true,
  lastSeenAt: null,
  createdAt: "2025-01-01T00:00:00.000Z",
  updatedAt: "2025-01-01T00:00:00.000Z",
  sensors: [
    { key: "temperature", kind: "temperature", unit: "°C", min: -30, max: 40 },
    { key: "humidity", kind: "humidity", unit: "%", min: 0, max: 100 },
  ],
  relays: [{ key: "compressor", name: "Compresor", maxOnSeconds: 1200 }],
};

const form = (changes: Partial<RuleForm>): RuleForm => ({
  ...emptyRuleForm("dev-1", "temperature"),
  name: "Heladera caliente",
  threshold: "5",
  ...changes,
});

const build = (changes: Partial<RuleForm>) => formToRuleInput(form(changes), [fridge]);

describe("rule form → API payload", () => {
  it("turns 'above 5 °C for 10 minutes, clear below 4,5' into seconds and numbers", () => {
    const result = build({ threshold: "5 °C", clearAt: "4,5", minutes: "10" });
    expect(result).toEqual({
      input: {
        name: "Heladera caliente",
        enabled: true,
        deviceId: "dev-1",
        condition: { kind: "above", key: "temperature", threshold: 5, clearBelow: 4.5, forSeconds: 600 },
        actions: [{ kind: "alarm", severity: 2, message: "Heladera caliente" }],
        schedule: null,
      },
    });
  });

  it("reads a percent threshold in the sensor's unit and a negative with the typographic minus", () => {
    const humid = build({ sensorKey: "humidity", condition: "below", threshold: "40 %", clearAt: "45" });
    expect("input" in humid && humid.input.condition).toEqual({
      kind: "below",
      key: "humidity",
      threshold: 40,
      clearAbove: 45,
      forSeconds: 0,
    });
    const cold = build({ threshold: "−50" });
    expect("input" in cold && cold.input.condition).toMatchObject({ kind: "above", threshold: -50 });
  });

  it("refuses a clear threshold on the wrong side of the alarm threshold", () => {
    expect(build({ threshold: "5", clearAt: "6" })).toEqual({ problem: "clear_side" });
    expect(build({ condition: "below", threshold: "2", clearAt: "1" })).toEqual({ problem: "clear_side" });
  });

  it("builds an outside-range condition and refuses a range whose limits are reversed", () => {
    const ok = build({
      condition: "outside",
      threshold: "2",
      thresholdHigh: "8",
      clearAt: "0,5",
      minutes: "1,5",
    });
    expect("input" in ok && ok.input.condition).toEqual({
      kind: "outside",
      key: "temperature",
      min: 2,
      max: 8,
      clearMargin: 0.5,
      forSeconds: 90,
    });
    expect(build({ condition: "outside", threshold: "8", thresholdHigh: "2" })).toEqual({
      problem: "range_order",
    });
  });

  it("maps offline N minutes to seconds, without a sensor, and refuses zero minutes", () => {
    const ok = build({ condition: "offline", sensorKey: "", threshold: "", minutes: "15" });
    expect("input" in ok && ok.input.condition).toEqual({ kind: "offline", forSeconds: 900 });
    expect(build({ condition: "offline", minutes: "0" })).toEqual({ problem: "offline_minutes" });
  });

  it("maps a rate of change per minute with its window in seconds and refuses a zero rate", () => {
    const ok = build({ condition: "rate", threshold: "-2", minutes: "5" });
    expect("input" in ok && ok.input.condition).toEqual({
      kind: "rate",
      key: "temperature",
      perMinute: -2,
      windowSeconds: 300,
    });
    expect(build({ condition: "rate", threshold: "0" })).toEqual({ problem: "rate_zero" });
    expect(build({ condition: "rate", threshold: "1", minutes: "61" })).toEqual({ problem: "window" });
  });

  it("turns a relay ON for N minutes into seconds and refuses more than the relay's failsafe", () => {
    const ok = build({ actions: [{ kind: "relay", relayKey: "compressor", state: "ON", minutes: "10" }] });
    expect("input" in ok && ok.input.actions).toEqual([
      { kind: "relay", relayKey: "compressor", state: "ON", seconds: 600 },
    ]);
    expect(
      build({ actions: [{ kind: "relay", relayKey: "compressor", state: "ON", minutes: "30" }] }),
    ).toEqual({
      problem: "relay_over_failsafe",
    });
    expect(build({ actions: [{ kind: "relay", relayKey: "nope", state: "OFF", minutes: "" }] })).toEqual({
      problem: "relay",
    });
  });

  it("keeps a schedule's days sorted and refuses one without days or with equal times", () => {
    const ok = build({ scheduleOn: true, days: [5, 1, 3], from: "22:00", to: "08:00" });
    expect("input" in ok && ok.input.schedule).toEqual({ days: [1, 3, 5], from: "22:00", to: "08:00" });
    expect(build({ scheduleOn: true, days: [] })).toEqual({ problem: "days" });
    expect(build({ scheduleOn: true, from: "08:00", to: "08:00" })).toEqual({ problem: "time" });
    expect(build({ scheduleOn: true, from: "24:00" })).toEqual({ problem: "time" });
  });

  it("refuses bad input before it reaches the server", () => {
    expect(build({ name: "  " })).toEqual({ problem: "name" });
    expect(build({ name: "x".repeat(81) })).toEqual({ problem: "name" });
    expect(build({ deviceId: "other" })).toEqual({ problem: "device" });
    expect(build({ sensorKey: "co2" })).toEqual({ problem: "sensor" });
    expect(build({ threshold: "cinco" })).toEqual({ problem: "threshold" });
    expect(build({ threshold: "1e9" })).toEqual({ problem: "threshold" });
    expect(build({ threshold: "2000000" })).toEqual({ problem: "threshold" });
    expect(build({ minutes: "-1" })).toEqual({ problem: "minutes" });
    expect(build({ minutes: String(7 * 24 * 60 + 1) })).toEqual({ problem: "minutes" });
    expect(build({ actions: [] })).toEqual({ problem: "no_actions" });
    expect(build({ actions: [{ kind: "log", message: "x".repeat(201) }] })).toEqual({ problem: "message" });
  });
});

describe("saved rule → form", () => {
  const rule = (condition: Rule["condition"], actions: Rule["actions"] = []): Rule => ({
    id: "r1",
    name: "Regla",
    enabled: false,
    deviceId: "dev-1",
    condition,
    actions,
    clearActions: [],
    schedule: { days: [1, 2], from: "09:00", to: "18:00" },
    createdAt: "",
    updatedAt: "",
  });

  it("shows seconds as minutes and decimals with a comma in Spanish", () => {
    const f = ruleToForm(
      rule({ kind: "above", key: "temperature", threshold: 4.5, clearBelow: 4, forSeconds: 90 }, [
        { kind: "relay", relayKey: "compressor", state: "ON", seconds: 300 },
      ]),
      "es-AR",
    );
    expect(f).toMatchObject({
      condition: "above",
      sensorKey: "temperature",
      threshold: "4,5",
      clearAt: "4",
      minutes: "1,5",
      enabled: false,
      scheduleOn: true,
      days: [1, 2],
      from: "09:00",
      actions: [{ kind: "relay", relayKey: "compressor", state: "ON", minutes: "5" }],
    });
  });

  it("round-trips every condition kind through the form unchanged", () => {
    const conditions: Rule["condition"][] = [
      { kind: "above", key: "temperature", threshold: 5, clearBelow: 4, forSeconds: 600 },
      { kind: "below", key: "temperature", threshold: 1, forSeconds: 0 },
      { kind: "outside", key: "humidity", min: 30, max: 70, clearMargin: 2, forSeconds: 60 },
      { kind: "rate", key: "temperature", perMinute: 0.5, windowSeconds: 120 },
      { kind: "offline", forSeconds: 1800 },
    ];
    for (const condition of conditions) {
      const back = formToRuleInput(
        ruleToForm(rule(condition, [{ kind: "notify", message: "Avisar" }]), "en"),
        [fridge],
      );
      expect(back).toMatchObject({ input: { condition } });
    }
  });
});

describe("minutes ↔ seconds", () => {
  it("rounds fractional minutes to whole seconds and refuses what is out of bounds", () => {
    expect(minutesToSeconds("0,5", 0, 10)).toBe(30);
    expect(minutesToSeconds("2", 0, 10)).toBe(120);
    expect(minutesToSeconds("11", 0, 10)).toBeNull();
    expect(minutesToSeconds("", 0, 10)).toBeNull();
  });
});

describe("a rule on a door: its state, not a threshold", () => {
  const withDoor: Device = {
    ...fridge,
    sensors: [...fridge.sensors, { key: "door", kind: "door", unit: "", min: 0, max: 1 }],
  };
  const door = (changes: Partial<RuleForm>) =>
    formToRuleInput({ ...form({ sensorKey: "door", threshold: "", ...changes }) }, [withDoor]);

  it("asks 'open for 3 minutes' with nothing to type but the minutes", () => {
    expect(door({ condition: "above", minutes: "3" })).toMatchObject({
      input: { condition: { kind: "above", key: "door", threshold: 0.5, forSeconds: 180 } },
    });
    expect(door({ condition: "below", clearAt: "7" })).toMatchObject({
      input: { condition: { kind: "below", key: "door", threshold: 0.5, forSeconds: 0 } },
    });
  });

  it("still asks a measuring sensor for its threshold", () => {
    expect(formToRuleInput(form({ threshold: "" }), [withDoor])).toEqual({ problem: "threshold" });
  });
});
