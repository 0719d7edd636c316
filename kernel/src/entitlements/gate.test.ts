import { PLANS } from "@mostrador/contracts/billing/plans";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ModuleManifest, startModules } from "../core/module.js";
import { openTestCore, type TestCore } from "../core/test-context.js";
import { receiveEntitlements } from "./store.js";
import { pinTestCloudKey } from "./test-support.js";

// A plan's module's background work runs only while the record has it on: stopped when it goes off,
// started again when it comes back; a module of no plan is never touched.
let core: TestCore;
beforeEach(() => {
  core = openTestCore();
});
afterEach(() => core.close());

function counting(name: string, entitlement?: ModuleManifest["entitlement"]) {
  const counts = { starts: 0, stops: 0 };
  const module: ModuleManifest = {
    name,
    ...(entitlement ? { entitlement } : {}),
    start() {
      counts.starts++;
      return { stop: () => void counts.stops++ };
    },
  };
  return { module, counts };
}
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("background work behind the plan", () => {
  it("stops a module the plan turns off and starts it again when it comes back", async () => {
    const cloud = pinTestCloudKey(core.db);
    const turnos = counting("turnos", "turnos");
    const pos = counting("pos");
    const kernel = { ctx: core, api: {} as never, log: () => {} };
    const running = await startModules(kernel, [pos.module, turnos.module]);
    expect(turnos.counts).toEqual({ starts: 1, stops: 0 });

    core.clock.advance(1_000);
    receiveEntitlements(
      core,
      cloud.signed({
        plan: "basico",
        modules: [],
        limits: PLANS.basico.limits,
        issuedAt: core.clock.now().toISOString(),
      }),
    );
    core.bus.emit("entitlements.changed", {});
    await settle();
    expect(turnos.counts).toEqual({ starts: 1, stops: 1 });

    core.clock.advance(1_000);
    receiveEntitlements(core, cloud.signed({ issuedAt: core.clock.now().toISOString() }));
    core.bus.emit("entitlements.changed", {});
    await settle();
    expect(turnos.counts).toEqual({ starts: 2, stops: 1 });

    await running.stop();
    expect(turnos.counts).toEqual({ starts: 2, stops: 2 });
    expect(pos.counts).toEqual({ starts: 1, stops: 1 });
  });

  it("does not start a module the plan leaves off at boot", async () => {
    const cloud = pinTestCloudKey(core.db);
    receiveEntitlements(
      core,
      cloud.signed({ modules: ["stock_purchasing"], issuedAt: core.clock.now().toISOString() }),
    );
    const cards = counting("cards", "cards");
    const running = await startModules({ ctx: core, api: {} as never, log: () => {} }, [cards.module]);
    expect(cards.counts).toEqual({ starts: 0, stops: 0 });
    await running.stop();
    expect(cards.counts).toEqual({ starts: 0, stops: 0 });
  });
});
