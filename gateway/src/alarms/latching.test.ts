import { ALARM_STATUSES, isUnacknowledged } from "@mostrador/contracts/alarms";
import { afterEach, describe, expect, it } from "vitest";
import { createRule } from "../rules/rule-store.js";
import { openIotCore, startRuntime, type TestCore } from "../rules/test-iot.js";
import { acknowledgeAlarm, clearAlarm, listAlarms } from "./alarms.js";

let core: TestCore;
afterEach(() => core?.close());

/**
 * Latching alarms: an "aviso" or worse that clears by itself before anybody saw it stays until a person
 * acknowledges it (state = active/cleared × acknowledged/unacknowledged, contracts/src/alarms.ts).
 */
describe("latching alarms", () => {
  function doorShop(severity: 1 | 2 | 3 | 4) {
    const iot = openIotCore();
    core = iot.core;
    core.db
      .prepare(
        "INSERT INTO staff (id, name, role, pin_hash, created_at, updated_at) VALUES ('s1','Ana','cashier','x','t','t')",
      )
      .run();
    const rule = createRule(core, {
      name: "Puerta abierta",
      deviceId: iot.fridge.id,
      condition: { kind: "above", key: "door", threshold: 0.5, forSeconds: 60 },
      actions: [{ kind: "alarm", severity, message: "La puerta quedó abierta" }],
    });
    const rt = startRuntime(core);
    const changes: string[] = [];
    core.bus.on("alarm.changed", (c) => changes.push(c.status));
    const door = (value: 0 | 1) =>
      rt.bus.emit("reading", {
        deviceId: iot.fridge.id,
        slug: "heladera",
        key: "door",
        value,
        unit: "",
        at: rt.now(),
      });
    const outboxStatuses = () =>
      (
        core.db.prepare("SELECT op, payload FROM outbox WHERE entity = 'alarm' ORDER BY rowid").all() as {
          op: string;
          payload: string;
        }[]
      ).map((o) => `${o.op}:${(JSON.parse(o.payload) as { status: string }).status}`);
    return { rule, rt, door, changes, outboxStatuses };
  }

  it("keeps an aviso whose door closed before anybody saw it, unacknowledged, until a person acknowledges it", () => {
    const { rt, door, changes, outboxStatuses } = doorShop(2);
    door(1);
    rt.run(60);
    expect(listAlarms(core.db)).toMatchObject([{ status: "active", severity: 2 }]);
    door(0); // the door closed: the condition cleared by itself
    const [latched] = listAlarms(core.db);
    expect(latched).toMatchObject({
      status: "cleared_unacknowledged",
      clearReason: "La condición se normalizó",
      acknowledgedAt: null,
    });
    expect(latched?.clearedAt).not.toBeNull();
    expect(isUnacknowledged(latched?.status ?? "")).toBe(true); // the badge still counts it

    const closed = acknowledgeAlarm(core, latched?.id ?? "", "s1");
    expect(closed).toMatchObject({ status: "cleared", acknowledgedBy: "s1" });
    expect(listAlarms(core.db)).toEqual([]);
    expect(listAlarms(core.db, { status: "all" })).toHaveLength(1);
    expect(() => acknowledgeAlarm(core, closed.id, "s1")).toThrow(/ya se resolvió/);
    expect(changes).toEqual(["active", "cleared_unacknowledged", "cleared"]);
    // Every state the cloud gets is one its AlarmPayload accepts (contracts/src/sync/alarms.ts).
    expect(outboxStatuses()).toEqual([
      "raised:active",
      "cleared:cleared_unacknowledged",
      "acknowledged:cleared",
    ]);
    for (const s of outboxStatuses()) expect(ALARM_STATUSES).toContain(s.split(":")[1]);
  });

  it("closes an acknowledged alarm when its condition clears, and an info alarm without anybody", () => {
    const warn = doorShop(3);
    warn.door(1);
    warn.rt.run(60);
    acknowledgeAlarm(core, listAlarms(core.db)[0]?.id ?? "", "s1");
    warn.door(0);
    expect(listAlarms(core.db)).toEqual([]);
    expect(listAlarms(core.db, { status: "all" })[0]).toMatchObject({
      status: "cleared",
      acknowledgedBy: "s1",
    });
    warn.rt.stop();
    core.close();

    const info = doorShop(1);
    info.door(1);
    info.rt.run(60);
    info.door(0);
    expect(listAlarms(core.db)).toEqual([]);
    expect(listAlarms(core.db, { status: "all" })[0]).toMatchObject({
      status: "cleared",
      acknowledgedAt: null,
    });
  });

  it("reopens the same latched alarm when the door opens again, instead of a second one", () => {
    const { rt, door } = doorShop(2);
    door(1);
    rt.run(60);
    door(0);
    door(1);
    rt.run(60);
    const all = listAlarms(core.db, { status: "all" });
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ status: "active", raiseCount: 2, clearedAt: null, clearReason: null });
    door(0);
    expect(listAlarms(core.db)[0]?.status).toBe("cleared_unacknowledged");
  });

  it("lets a manager close a latched alarm by hand, counting as seen", () => {
    const { rt, door } = doorShop(4);
    door(1);
    rt.run(60);
    door(0);
    const id = listAlarms(core.db)[0]?.id ?? "";
    expect(clearAlarm(core, id, "s1")).toMatchObject({
      status: "cleared",
      clearedBy: "s1",
      acknowledgedBy: "s1",
    });
    expect(listAlarms(core.db)).toEqual([]);
  });
});
