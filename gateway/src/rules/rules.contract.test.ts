import { RuleList, RuleSchema } from "@mostrador/contracts/http/rules";
import { schemaErrors } from "@mostrador/contracts/http/schema-errors";
import { afterEach, describe, expect, it } from "vitest";
import { createRule, getRule, listRules, updateRule } from "./rule-store.js";
import { openIotCore, type TestCore } from "./test-iot.js";

/**
 * What the rule routes answer (the store's rules, which Fastify serializes by the same schemas) holds to
 * contracts/src/http/rules.ts, for every kind of condition and action and with or without a schedule.
 */
describe("rules hold to the HTTP contract", () => {
  let core: TestCore;
  afterEach(() => core.close());

  it("rules of each condition and action, created, changed and listed", () => {
    const iot = openIotCore();
    core = iot.core;
    const hot = createRule(core, {
      name: "Heladera caliente",
      deviceId: iot.fridge.id,
      condition: { kind: "above", key: "temperature", threshold: 8, clearBelow: 6.5, forSeconds: 300 },
      actions: [
        { kind: "alarm", severity: 3, message: "La heladera pasó los 8 °C" },
        { kind: "notify", message: "Revisar la heladera" },
      ],
      clearActions: [{ kind: "log", message: "Volvió a temperatura" }],
    });
    expect(schemaErrors(RuleSchema, hot)).toEqual([]);
    const dry = createRule(core, {
      name: "Riego",
      deviceId: iot.riego.id,
      condition: { kind: "below", key: "soil_moisture", threshold: 30, clearAbove: 45 },
      actions: [{ kind: "relay", relayKey: "valve", state: "ON", seconds: 600 }],
      schedule: { days: [1, 2, 3, 4, 5], from: "21:00", to: "08:00" },
    });
    expect(schemaErrors(RuleSchema, dry)).toEqual([]);
    createRule(core, {
      name: "Sin conexión",
      deviceId: iot.fridge.id,
      condition: { kind: "offline", forSeconds: 600 },
      actions: [{ kind: "alarm", severity: 2, message: "La heladera no responde" }],
    });
    createRule(core, {
      name: "Sube rápido",
      deviceId: iot.fridge.id,
      condition: { kind: "rate", key: "temperature", perMinute: 0.5, windowSeconds: 120 },
      actions: [{ kind: "log", message: "Sube rápido" }],
    });
    const changed = updateRule(core, dry.id, {
      enabled: false,
      condition: { kind: "outside", key: "soil_moisture", min: 20, max: 80, clearMargin: 5 },
    });
    expect(schemaErrors(RuleSchema, changed)).toEqual([]);
    expect(getRule(core.db, dry.id).enabled).toBe(false);
    const all = listRules(core.db);
    expect(all).toHaveLength(4);
    expect(schemaErrors(RuleList, all)).toEqual([]);
    expect(schemaErrors(RuleSchema, { ...hot, condition: { kind: "between" } })).not.toEqual([]);
  });
});
