import { afterEach, describe, expect, it } from "vitest";
import type { TestCore } from "@mostrador/desktop/appliance/test-core";
import { listAlarms } from "../alarms/alarms.js";
import { openIotCore, startRuntime } from "../rules/test-iot.js";
import { listRelayCommands } from "./relay-commands.js";

let core: TestCore;
afterEach(() => core?.close());

function setup() {
  const iot = openIotCore();
  core = iot.core;
  const rt = startRuntime(core);
  const echo = (on: boolean) =>
    rt.bus.emit("relay.state", { deviceId: iot.riego.id, slug: "riego", key: "valve", on, at: rt.now() });
  return { iot, rt, echo };
}

describe("relay commands", () => {
  it("publishes the command and marks it confirmed when the device echoes the state", () => {
    const { iot, rt, echo } = setup();
    const cmd = rt.relays.command({ deviceId: iot.riego.id, key: "valve", state: "ON", source: "staff" });
    expect(rt.sent).toEqual([{ topic: "mostrador/riego/relay/valve/set", payload: "ON" }]);
    expect(cmd.status).toBe("pending");
    core.clock.advance(800);
    echo(true);
    expect(listRelayCommands(core.db)[0]).toMatchObject({ status: "confirmed", confirmedAt: rt.now() });
    rt.run(10);
    expect(listAlarms(core.db)).toHaveLength(0);
  });

  it("raises a 'did not confirm' alarm (severity 3) after 5 s without echo; a later echo clears it, latched until acknowledged", () => {
    const { iot, rt, echo } = setup();
    rt.relays.command({ deviceId: iot.riego.id, key: "valve", state: "ON", source: "staff" });
    rt.run(4);
    expect(listAlarms(core.db)).toHaveLength(0);
    rt.run(1);
    expect(listAlarms(core.db)).toMatchObject([{ severity: 3, source: "relay:valve", ruleId: null }]);
    expect(listRelayCommands(core.db)[0]?.status).toBe("unconfirmed");
    rt.run(20);
    expect(listAlarms(core.db, { status: "all" })).toHaveLength(1);
    echo(true);
    expect(listAlarms(core.db)).toMatchObject([{ source: "relay:valve", status: "cleared_unacknowledged" }]);
    expect(listRelayCommands(core.db)[0]?.status).toBe("confirmed");
  });

  it("refuses unknown relays, OFF with a duration and durations over the failsafe, changing nothing", () => {
    const { iot, rt } = setup();
    const before = (core.db.prepare("SELECT count(*) AS n FROM outbox").get() as { n: number }).n;
    expect(() =>
      rt.relays.command({ deviceId: iot.riego.id, key: "pump", state: "ON", source: "staff" }),
    ).toThrow(/no tiene el relé/);
    expect(() =>
      rt.relays.command({ deviceId: iot.riego.id, key: "valve", state: "OFF", seconds: 5, source: "staff" }),
    ).toThrow(/al encender/);
    expect(() =>
      rt.relays.command({
        deviceId: iot.riego.id,
        key: "valve",
        state: "ON",
        seconds: 1801,
        source: "staff",
      }),
    ).toThrow(/1800/);
    expect(() => rt.relays.command({ deviceId: "nope", key: "valve", state: "ON", source: "staff" })).toThrow(
      /No existe/,
    );
    expect(rt.sent).toEqual([]);
    expect(listRelayCommands(core.db)).toEqual([]);
    expect((core.db.prepare("SELECT count(*) AS n FROM outbox").get() as { n: number }).n).toBe(before);
  });

  it("switches OFF after a timed ON, and the failsafe switches OFF a relay left on past max_on_seconds", () => {
    const { iot, rt, echo } = setup();
    rt.relays.command({ deviceId: iot.riego.id, key: "valve", state: "ON", seconds: 60, source: "staff" });
    echo(true);
    rt.run(59);
    expect(rt.sent).toHaveLength(1);
    rt.run(1);
    expect(rt.sent[1]).toEqual({ topic: "mostrador/riego/relay/valve/set", payload: "OFF" });
    expect(listRelayCommands(core.db)[0]).toMatchObject({ state: "OFF", source: "timer" });
    echo(false);

    // Switched on at the device itself (no command): only the failsafe (1800 s) bounds it.
    echo(true);
    rt.run(1799);
    expect(rt.sent).toHaveLength(2);
    rt.run(1);
    expect(rt.sent[2]?.payload).toBe("OFF");
    expect(listRelayCommands(core.db)[0]).toMatchObject({
      state: "OFF",
      source: "failsafe",
      status: "pending",
    });
    rt.run(3);
    expect(rt.sent).toHaveLength(3); // no repeat while the OFF is pending
    echo(false);
    expect(listRelayCommands(core.db)[0]?.status).toBe("confirmed");
  });

  it("a newer command supersedes an unconfirmed older one, so only the latest can time out", () => {
    const { iot, rt, echo } = setup();
    rt.relays.command({ deviceId: iot.riego.id, key: "valve", state: "ON", source: "staff" });
    rt.relays.command({ deviceId: iot.riego.id, key: "valve", state: "OFF", source: "staff" });
    echo(false);
    rt.run(10);
    expect(listRelayCommands(core.db).map((c) => c.status)).toEqual(["confirmed", "superseded"]);
    expect(listAlarms(core.db)).toHaveLength(0);
  });
});
