import { rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { openApplianceCore } from "@mostrador/desktop/appliance/open-appliance-core";
import type { TestCore } from "@mostrador/desktop/appliance/test-core";
import { acknowledgeAlarm, clearAlarm, listAlarms } from "../alarms/alarms.js";
import { createRule } from "./rule-store.js";
import { seedRuleSet } from "./seed-rule-sets.js";
import { openIotCore, startRuntime } from "./test-iot.js";

let core: TestCore;
afterEach(() => core?.close());

const fridgeRule = (deviceId: string) => ({
  name: "Heladera > 5 °C",
  deviceId,
  condition: { kind: "above" as const, key: "temperature", threshold: 5, clearBelow: 4, forSeconds: 600 },
  actions: [
    { kind: "alarm" as const, severity: 3 as const, message: "Heladera caliente" },
    { kind: "notify" as const, message: "Heladera caliente" },
  ],
});
const count = (sql: string) => (core.db.prepare(sql).get() as { n: number }).n;

describe("rule engine with alarms", () => {
  it("raises one alarm, updates it instead of duplicating, and runs the alarm lifecycle", () => {
    const iot = openIotCore();
    core = iot.core;
    const staff = core.db.prepare(
      "INSERT INTO staff (id, name, role, pin_hash, created_at, updated_at) VALUES ('s1','Ana','owner','x','t','t')",
    );
    staff.run();
    const rule = createRule(core, fridgeRule(iot.fridge.id));
    const rt = startRuntime(core);
    const events: string[] = [];
    core.bus.on("alarm.changed", (c) => events.push(c.status));
    const read = (value: number) =>
      rt.bus.emit("reading", {
        deviceId: iot.fridge.id,
        slug: "heladera",
        key: "temperature",
        value,
        unit: "°C",
        at: rt.now(),
      });

    read(7);
    rt.run(599);
    expect(listAlarms(core.db)).toHaveLength(0);
    rt.run(1);
    const [alarm] = listAlarms(core.db);
    expect(alarm).toMatchObject({
      status: "active",
      severity: 3,
      ruleId: rule.id,
      deviceId: iot.fridge.id,
      value: 7,
      raiseCount: 1,
    });
    expect(count("SELECT count(*) AS n FROM outbox WHERE entity = 'notification'")).toBe(1);
    const notified = core.db.prepare("SELECT payload FROM outbox WHERE entity = 'notification'").get() as {
      payload: string;
    };
    expect(JSON.parse(notified.payload)).toMatchObject({
      kind: "rule",
      dedupeKey: expect.stringMatching(new RegExp(`^rule:${rule.id}:`)),
      ruleId: rule.id,
      deviceId: iot.fridge.id,
      message: "Heladera caliente",
      value: 7,
    });
    for (let i = 0; i < 50; i++) read(8); // keeps firing: no storm
    rt.run(30);
    expect(listAlarms(core.db, { status: "all" })).toHaveLength(1);

    acknowledgeAlarm(core, alarm?.id ?? "", "s1");
    expect(() => acknowledgeAlarm(core, alarm?.id ?? "", "s1")).toThrow(/ya fue reconocida/);
    expect(listAlarms(core.db)[0]).toMatchObject({ status: "acknowledged", acknowledgedBy: "s1" });
    read(4.5); // between the thresholds: stays
    expect(listAlarms(core.db)).toHaveLength(1);
    read(3.9);
    expect(listAlarms(core.db)).toHaveLength(0);
    expect(listAlarms(core.db, { status: "all" })[0]).toMatchObject({
      status: "cleared",
      clearReason: "La condición se normalizó",
    });
    expect(events).toEqual(["active", "acknowledged", "cleared"]);
    expect(count("SELECT count(*) AS n FROM outbox WHERE entity = 'alarm'")).toBe(3);
    rt.stop();
  });

  it("a manual clear while the condition lasts raises a new alarm after the duration", () => {
    const iot = openIotCore();
    core = iot.core;
    core.db
      .prepare(
        "INSERT INTO staff (id, name, role, pin_hash, created_at, updated_at) VALUES ('s1','Ana','owner','x','t','t')",
      )
      .run();
    createRule(core, fridgeRule(iot.fridge.id));
    const rt = startRuntime(core);
    rt.bus.emit("reading", {
      deviceId: iot.fridge.id,
      slug: "heladera",
      key: "temperature",
      value: 7,
      unit: "°C",
      at: rt.now(),
    });
    rt.run(600);
    clearAlarm(core, listAlarms(core.db)[0]?.id ?? "", "s1");
    rt.bus.emit("reading", {
      deviceId: iot.fridge.id,
      slug: "heladera",
      key: "temperature",
      value: 7,
      unit: "°C",
      at: rt.now(),
    });
    rt.run(599);
    expect(listAlarms(core.db)).toHaveLength(0);
    rt.run(1);
    expect(listAlarms(core.db)).toHaveLength(1);
    expect(listAlarms(core.db, { status: "all" })).toHaveLength(2);
    rt.stop();
  });

  it("a restart keeps rules, a running 'for 10 minutes' timer and the active alarm", () => {
    const iot = openIotCore();
    core = iot.core;
    createRule(core, fridgeRule(iot.fridge.id));
    createRule(core, {
      ...fridgeRule(iot.fridge.id),
      name: "offline",
      condition: { kind: "offline", forSeconds: 900 },
    });
    let rt = startRuntime(core);
    rt.bus.emit("reading", {
      deviceId: iot.fridge.id,
      slug: "heladera",
      key: "temperature",
      value: 7,
      unit: "°C",
      at: rt.now(),
    });
    rt.run(400);
    rt.stop();
    core.db.close();
    // The device was last seen 10 minutes ago (the gateway marks everyone offline at boot).
    core.clock.advance(100_000);
    const reopened = openApplianceCore(core.dataDir, core.clock);
    reopened.db
      .prepare("UPDATE devices SET online = 0, last_seen_at = ?")
      .run(new Date(core.clock.now().getTime() - 600_000).toISOString());
    core = { ...core, db: reopened.db, bus: reopened.bus, close: () => reopened.db.close() };
    rt = startRuntime(core);
    rt.run(99);
    expect(listAlarms(core.db)).toHaveLength(0);
    rt.run(1); // 400 + 100 (down) + 100 = 600 s since the violation began
    expect(listAlarms(core.db).map((a) => a.message)).toEqual(["Heladera caliente"]);
    rt.run(199); // offline since 600 s before the restart: 900 s reached after 300 s more
    expect(listAlarms(core.db)).toHaveLength(1);
    rt.run(1);
    expect(listAlarms(core.db)).toHaveLength(2);
    rt.stop();
    core.db.close();
    const again = openApplianceCore(core.dataDir, core.clock);
    const dir = core.dataDir;
    core = {
      ...core,
      db: again.db,
      bus: again.bus,
      close: () => {
        again.db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
    rt = startRuntime(core);
    rt.run(5);
    expect(listAlarms(core.db)).toHaveLength(2); // still active, not duplicated after the second restart
    rt.bus.emit("reading", {
      deviceId: iot.fridge.id,
      slug: "heladera",
      key: "temperature",
      value: 3,
      unit: "°C",
      at: rt.now(),
    });
    // The reading clears both (cold again and online again); nobody acknowledged them, so they stay, latched.
    expect(listAlarms(core.db).map((a) => a.status)).toEqual([
      "cleared_unacknowledged",
      "cleared_unacknowledged",
    ]);
    rt.stop();
  });

  it("seeded riego rules open the valve only inside 06:00–09:00 and close it above 45 %", () => {
    const iot = openIotCore();
    core = iot.core;
    const rules = seedRuleSet(core, "riego", [
      { role: "irrigation", deviceId: iot.riego.id },
      { role: "fridge", deviceId: iot.fridge.id },
    ]);
    expect(rules.map((r) => r.name)).toEqual(["Riego: suelo seco abre la válvula"]);
    const rt = startRuntime(core);
    const soil = (value: number) =>
      rt.bus.emit("reading", {
        deviceId: iot.riego.id,
        slug: "riego",
        key: "soil_moisture",
        value,
        unit: "%",
        at: rt.now(),
      });
    core.clock.set("2026-11-21T08:30:00.000Z"); // 05:30 in Buenos Aires: too early
    soil(20);
    rt.run(60);
    expect(rt.sent).toEqual([]);
    core.clock.set("2026-11-21T09:00:00.000Z"); // 06:00
    rt.tick();
    expect(rt.sent).toEqual([
      { topic: "mostrador/riego/relay/valve/set", payload: '{"state":"ON","seconds":1200}' },
    ]);
    soil(40);
    expect(rt.sent).toHaveLength(1);
    soil(46);
    expect(rt.sent[1]).toEqual({ topic: "mostrador/riego/relay/valve/set", payload: "OFF" });
    rt.stop();
  });

  it("seeds the cold-chain and shop rule sets with their thresholds and severities", () => {
    const iot = openIotCore();
    core = iot.core;
    const cold = seedRuleSet(core, "carniceria", [
      { role: "fridge", deviceId: iot.fridge.id },
      { role: "freezer", deviceId: iot.fridge.id },
      { role: "door", deviceId: iot.fridge.id },
    ]);
    expect(cold.map((r) => [r.condition, r.actions[0]])).toMatchObject([
      [{ kind: "above", threshold: 5, clearBelow: 4, forSeconds: 600 }, { severity: 3 }],
      [{ kind: "above", threshold: -15, forSeconds: 600 }, { severity: 4 }],
      [{ kind: "above", key: "door", forSeconds: 180 }, { severity: 2 }],
    ]);
    const shop = seedRuleSet(core, "bar", [
      { role: "door", deviceId: iot.fridge.id },
      { role: "power", deviceId: iot.fridge.id },
    ]);
    expect(
      shop.map((r) => [r.condition, r.actions[0]?.kind === "alarm" && r.actions[0].severity, r.schedule]),
    ).toMatchObject([
      [{ kind: "above", key: "door" }, 3, { from: "22:00", to: "08:00" }],
      [{ kind: "below", key: "power", threshold: 5, forSeconds: 60 }, 4, null],
    ]);
  });
});
