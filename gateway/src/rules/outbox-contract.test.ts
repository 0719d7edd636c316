import { syncPayloadErrors } from "@mostrador/contracts/sync/check-payload";
import { afterEach, describe, expect, it } from "vitest";
import { acknowledgeAlarm, clearAlarm, listAlarms } from "../alarms/alarms.js";
import { rotateDeviceSecret, updateDevice } from "../devices/devices.js";
import { createRule, deleteRule, updateRule } from "./rule-store.js";
import { openIotCore, startRuntime } from "./test-iot.js";

let iot: ReturnType<typeof openIotCore> | undefined;
afterEach(() => iot?.core.close());

interface OutboxRow {
  entity: string;
  op: string;
  payload: string;
}

/**
 * The cross-side guarantee for the gateway's entities (desktop/src/outbox/outbox-contract.test.ts has
 * the till's): what the devices, rules, alarms and relays really write to the appliance's outbox, on a
 * real SQLite database, conforms to the sync operation map the cloud's ingest validates against.
 */
describe("the gateway's outbox rows against the sync operation map", () => {
  it("devices, rules, a notifying alarm through its states and relay commands all conform", () => {
    iot = openIotCore();
    const { core, fridge, riego } = iot;
    core.db
      .prepare(
        "INSERT INTO staff (id, name, role, pin_hash, created_at, updated_at) VALUES ('s1','Ana','owner','x','t','t')",
      )
      .run();
    const rule = createRule(core, {
      name: "Heladera > 5 °C",
      deviceId: fridge.id,
      condition: { kind: "above", key: "temperature", threshold: 5, clearBelow: 4, forSeconds: 60 },
      actions: [
        { kind: "alarm", severity: 3, message: "Heladera caliente" },
        { kind: "notify", message: "Heladera caliente" },
      ],
    });
    updateRule(core, rule.id, { name: "Heladera caliente" });
    const rt = startRuntime(core);
    const read = (value: number) =>
      rt.bus.emit("reading", {
        deviceId: fridge.id,
        slug: "heladera",
        key: "temperature",
        value,
        unit: "°C",
        at: rt.now(),
      });
    read(7);
    rt.run(60);
    read(8);
    rt.run(60);
    const [alarm] = listAlarms(core.db);
    if (!alarm) throw new Error("the rule raised no alarm");
    acknowledgeAlarm(core, alarm.id, "s1");
    clearAlarm(core, alarm.id, "s1");
    rt.relays.command({ deviceId: riego.id, key: "valve", state: "ON", source: "staff", staffId: "s1" });
    rt.bus.emit("relay.state", { deviceId: riego.id, slug: "riego", key: "valve", on: true, at: rt.now() });
    rt.relays.command({ deviceId: riego.id, key: "valve", state: "OFF", source: "staff", staffId: "s1" });
    rt.run(10); // no confirmation: the command times out, an alarm says so
    rt.relays.command({ deviceId: riego.id, key: "valve", state: "OFF", source: "staff", staffId: "s1" });
    rt.run(10); // times out again: the same open alarm is updated
    rotateDeviceSecret(core, fridge.id);
    updateDevice(core, fridge.id, { name: "Heladera del fondo" });
    deleteRule(core, rule.id);
    rt.stop();

    const rows = core.db.prepare("SELECT entity, op, payload FROM outbox ORDER BY seq").all() as OutboxRow[];
    expect(new Set(rows.map((r) => `${r.entity}/${r.op}`))).toEqual(
      new Set([
        "device/created",
        "device/updated",
        "device/secret_rotated",
        "rule/created",
        "rule/updated",
        "rule/deleted",
        "alarm/raised",
        "alarm/updated",
        "alarm/acknowledged",
        "alarm/cleared",
        "notification/created",
        "relay_command/requested",
        "relay_command/confirmed",
        "relay_command/unconfirmed",
      ]),
    );
    const refusals = rows.flatMap((r) =>
      syncPayloadErrors(r.entity, r.op, JSON.parse(r.payload)).map((e) => `${r.entity}/${r.op} ${e}`),
    );
    expect(refusals).toEqual([]);
  });
});
