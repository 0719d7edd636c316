import { AlarmList, AlarmSchema } from "@mostrador/contracts/http/alarms";
import { RelayCommandList, RelayCommandSchema } from "@mostrador/contracts/http/relays";
import { schemaErrors } from "@mostrador/contracts/http/schema-errors";
import { afterEach, describe, expect, it } from "vitest";
import { acknowledgeAlarm, clearAlarm, listAlarms } from "../alarms/alarms.js";
import { openIotCore, startRuntime, type TestCore } from "../rules/test-iot.js";
import { listRelayCommands } from "./relay-commands.js";

/**
 * What the relay and alarm routes answer (the domain's values, which Fastify serializes by the same
 * schemas) holds to contracts/src/http/relays.ts and alarms.ts: a field the domain adds or changes and
 * the contract does not list fails here. (The HTTP round trip through the till is the sensors e2e test.)
 */
describe("relay commands and alarms hold to the HTTP contract", () => {
  let core: TestCore;
  let rt: ReturnType<typeof startRuntime>;
  afterEach(() => {
    rt.stop();
    core.close();
  });

  it("a command that does not confirm, its alarm listed, acknowledged and cleared", () => {
    const iot = openIotCore();
    core = iot.core;
    rt = startRuntime(core);
    // Who acknowledges and clears: a staff row as the appliance's staff module writes it.
    const staffId = "019a0000-0000-7000-8000-0000000000aa";
    const at = core.clock.now().toISOString();
    core.db
      .prepare(
        "INSERT INTO staff (id, name, role, pin_hash, created_at, updated_at) VALUES (?, 'Olga', 'owner', 'x', ?, ?)",
      )
      .run(staffId, at, at);
    const sent = rt.relays.command({
      deviceId: iot.riego.id,
      key: "valve",
      state: "ON",
      seconds: 60,
      source: "staff",
      staffId,
    });
    expect(schemaErrors(RelayCommandSchema, sent)).toEqual([]);
    rt.run(6); // no echo: the command is unconfirmed and raises "did not confirm"
    const commands = listRelayCommands(core.db, { deviceId: iot.riego.id });
    expect(commands[0]?.status).toBe("unconfirmed");
    expect(schemaErrors(RelayCommandList, commands)).toEqual([]);

    const alarms = listAlarms(core.db, { status: "all" });
    expect(alarms).toHaveLength(1);
    expect(schemaErrors(AlarmList, alarms)).toEqual([]);
    const id = alarms[0]?.id ?? "";
    expect(schemaErrors(AlarmSchema, acknowledgeAlarm(core, id, staffId))).toEqual([]);
    const cleared = clearAlarm(core, id, staffId, "Válvula revisada");
    expect(schemaErrors(AlarmSchema, cleared)).toEqual([]);
    expect(cleared).toMatchObject({ status: "cleared", clearReason: "Válvula revisada" });
    // The check can fail: an alarm with a field the contract does not list is refused.
    expect(schemaErrors(AlarmSchema, { ...cleared, extra: 1 })).not.toEqual([]);
  });
});
