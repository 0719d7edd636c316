import { PLANS } from "@mostrador/contracts/billing/plans";
import { openTestCore, type TestCore } from "@mostrador/desktop/appliance/test-core";
import { DomainError } from "@mostrador/kernel/core/errors";
import { receiveEntitlements } from "@mostrador/kernel/entitlements/store";
import { pinTestCloudKey } from "@mostrador/kernel/entitlements/test-support";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { authenticateConnect } from "../broker/authenticate.js";
import { FRIDGE } from "../test-gateway.js";
import { DeviceCache } from "./device-cache.js";
import { createDevice } from "./devices.js";

// The plan's `devices` limit: registering one more is refused with nothing written, and when the plan
// lowers it the broker lets only the oldest active devices up to the limit connect.
let core: TestCore;
beforeEach(() => {
  core = openTestCore();
});
afterEach(() => core.close());

const devices = () => (core.db.prepare("SELECT count(*) AS n FROM devices").get() as { n: number }).n;

describe("the plan's device limit", () => {
  it("has none before the cloud signs a record", () => {
    for (let i = 0; i < 4; i++) createDevice(core, { ...FRIDGE, slug: `heladera-${i}` });
    expect(devices()).toBe(4);
  });

  it("refuses one device over the limit (403, nothing written) and keeps the newest out of the broker", () => {
    const cloud = pinTestCloudKey(core.db);
    const a = createDevice(core, { ...FRIDGE, slug: "heladera-a" });
    core.clock.advance(1_000);
    const b = createDevice(core, { ...FRIDGE, slug: "heladera-b" });
    receiveEntitlements(
      core,
      cloud.signed({
        limits: { ...PLANS.profesional.limits, devices: 1 },
        issuedAt: core.clock.now().toISOString(),
      }),
    );
    let refused: unknown;
    try {
      createDevice(core, { ...FRIDGE, slug: "heladera-c" });
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({
      code: "plan_limit_reached",
      message: "Tu plan permite hasta 1 dispositivo; para sumar más, cambiá de plan",
    });
    expect(devices()).toBe(2);

    const cache = new DeviceCache(core);
    const connect = (slug: string, secret: string) =>
      authenticateConnect(
        { ctx: core, cache, internalPassword: "interno" },
        { clientId: slug, username: slug, password: Buffer.from(secret), viaWebSocket: false },
      );
    expect(connect("heladera-a", a.secret)).toMatchObject({ ok: true });
    expect(connect("heladera-b", b.secret)).toMatchObject({ ok: false, reason: "plan_device_limit" });
  });
});
