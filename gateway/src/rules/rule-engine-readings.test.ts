import { afterEach, describe, expect, it } from "vitest";
import type { TestCore } from "@mostrador/desktop/appliance/test-core";
import { listAlarms } from "../alarms/alarms.js";
import { createRule } from "./rule-store.js";
import { openIotCore, startRuntime } from "./test-iot.js";

let core: TestCore;
afterEach(() => core?.close());

describe("rule engine hot path (readings of other sensors)", () => {
  it("a reading of another sensor neither restarts nor feeds a threshold rule's pending duration", () => {
    const iot = openIotCore();
    core = iot.core;
    createRule(core, {
      name: "Heladera > 5 °C por 10 min",
      deviceId: iot.fridge.id,
      condition: { kind: "above", key: "temperature", threshold: 5, forSeconds: 600 },
      actions: [{ kind: "alarm", severity: 3, message: "Heladera caliente" }],
    });
    const rt = startRuntime(core);
    const read = (key: string, value: number) =>
      rt.bus.emit("reading", {
        deviceId: iot.fridge.id,
        slug: "heladera",
        key,
        value,
        unit: "",
        at: rt.now(),
      });
    read("temperature", 7);
    for (let s = 0; s < 599; s++) {
      read("door", s % 2); // a door flapping and the power meter below 5: not this rule's sensor
      read("power", 1);
      rt.run(1);
    }
    expect(listAlarms(core.db)).toHaveLength(0);
    rt.run(1);
    expect(listAlarms(core.db)).toMatchObject([{ status: "active", value: 7 }]);
    rt.stop();
  });

  it("any reading still tells an offline rule the device is back", () => {
    const iot = openIotCore();
    core = iot.core;
    createRule(core, {
      name: "Heladera sin señal",
      deviceId: iot.fridge.id,
      condition: { kind: "offline", forSeconds: 60 },
      actions: [{ kind: "alarm", severity: 2, message: "Sin señal" }],
    });
    const rt = startRuntime(core);
    rt.bus.emit("device.offline", { deviceId: iot.fridge.id, slug: "heladera", at: rt.now() });
    rt.run(30);
    rt.bus.emit("reading", {
      deviceId: iot.fridge.id,
      slug: "heladera",
      key: "door",
      value: 0,
      unit: "",
      at: rt.now(),
    });
    rt.run(120);
    expect(listAlarms(core.db)).toHaveLength(0);
    rt.stop();
  });

  it("a burst of in-range readings leaves an idle rule's persisted state untouched", () => {
    const iot = openIotCore();
    core = iot.core;
    const rule = createRule(core, {
      name: "Heladera > 5 °C",
      deviceId: iot.fridge.id,
      condition: { kind: "above", key: "temperature", threshold: 5 },
      actions: [{ kind: "alarm", severity: 3, message: "Heladera caliente" }],
    });
    const rt = startRuntime(core);
    const stateRow = () => core.db.prepare("SELECT * FROM rule_state WHERE rule_id = ?").get(rule.id);
    const before = stateRow();
    for (let i = 0; i < 200; i++) {
      rt.bus.emit("reading", {
        deviceId: iot.fridge.id,
        slug: "heladera",
        key: "temperature",
        value: 4 + (i % 10) / 10,
        unit: "°C",
        at: rt.now(),
      });
    }
    rt.run(2);
    expect(stateRow()).toEqual(before);
    rt.bus.emit("reading", {
      deviceId: iot.fridge.id,
      slug: "heladera",
      key: "temperature",
      value: 6,
      unit: "°C",
      at: rt.now(),
    });
    expect(listAlarms(core.db)).toMatchObject([{ status: "active", value: 6 }]);
    expect(stateRow()).toMatchObject({ active: 1, last_value: 6 });
    rt.stop();
  });
});
