import { ENTITIES } from "@mostrador/contracts/sync/ops";
import { describe, expect, it } from "vitest";
import { applianceModules } from "./modules.js";

const composed = (simulator = true) =>
  applianceModules({ mqttPort: 0, mqttHost: "127.0.0.1", simulator, sync: false });

describe("the appliance's composition list", () => {
  it("names every outbox entity of the sync operation map once, by the module that writes it", () => {
    const claimed = composed().modules.flatMap((m) => m.outboxEntities ?? []);
    expect([...claimed].sort()).toEqual([...ENTITIES].sort());
  });

  it("declares each app event in one module only", () => {
    const events = composed().modules.flatMap((m) => m.events ?? []);
    expect(events).toContain("alarm.changed");
    expect(new Set(events).size).toBe(events.length);
  });

  it("mounts sync's routes (enrollment and status, asking the cloud for allowances) even when sync does not run, and leaves the simulator out when asked", () => {
    const names = composed(false).modules.map((m) => m.name);
    expect(names).toContain("sync");
    expect(new Set(names).size).toBe(names.length);
    const { modules } = composed(false);
    expect(modules.find((m) => m.name === "sync")?.start).toBeUndefined();
    expect(modules.find((m) => m.name === "sync")?.routes).toHaveLength(2);
  });
});
