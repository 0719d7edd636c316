import { PLANS } from "@mostrador/contracts/billing/plans";
import { openTestCore, type TestCore } from "@mostrador/desktop/appliance/test-core";
import { readEntitlements, receiveEntitlements } from "@mostrador/kernel/entitlements/store";
import { pinTestCloudKey, TEST_TENANT } from "@mostrador/kernel/entitlements/test-support";
import {
  newEntitlementsKeyPair,
  publicKeyText,
  signEntitlements,
} from "@mostrador/platform/entitlements/signature";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { keepPinningEntitlementsKey, pinMissingEntitlementsKey } from "./entitlements-key.js";

const CLOUD = { cloudUrl: "https://nube.example/", token: "moa_caja" };

/** A cloud answering GET /v1/appliance/me with `body` (or failing), counting the calls. */
function cloudAnswering(...answers: (unknown | Error)[]) {
  const calls: { url: string; auth: string | null }[] = [];
  const fetchImpl = (async (url: string, init?: RequestInit) => {
    calls.push({ url, auth: new Headers(init?.headers).get("authorization") });
    const answer = answers[Math.min(calls.length - 1, answers.length - 1)];
    if (answer instanceof Error) throw answer;
    return new Response(JSON.stringify(answer), {
      status: 200,
      headers: { "content-type": "application/json" },
    });
  }) as typeof fetch;
  return { calls, fetch: fetchImpl };
}

const me = (entitlementsKey: string) => ({
  applianceId: "ap-1",
  tenantId: TEST_TENANT,
  storeId: "s-1",
  entitlementsKey,
});

describe("an appliance enrolled before entitlements takes the cloud's key", () => {
  let core: TestCore;
  beforeEach(() => {
    core = openTestCore();
  });
  afterEach(() => core.close());

  it("pins the key /v1/appliance/me answers, and then keeps the records that key signed", async () => {
    const keys = newEntitlementsKeyPair();
    const cloud = cloudAnswering(me(publicKeyText(keys.publicKey)));
    const record = signEntitlements(
      {
        tenantId: TEST_TENANT,
        plan: "basico",
        standing: "active",
        modules: [...PLANS.basico.modules].sort(),
        limits: { ...PLANS.basico.limits },
        issuedAt: core.clock.now().toISOString(),
      },
      keys.privateKey,
    );
    // Without a key the record is refused and everything stays on, as before entitlements.
    expect(receiveEntitlements(core, record)).toBe("refused");
    expect(readEntitlements(core.db)).toEqual({ kind: "none" });

    expect(await pinMissingEntitlementsKey(core, { ...CLOUD, fetch: cloud.fetch })).toBe("pinned");
    expect(cloud.calls).toEqual([{ url: "https://nube.example/v1/appliance/me", auth: "Bearer moa_caja" }]);
    expect(receiveEntitlements(core, record)).toBe("stored");
    expect(readEntitlements(core.db)).toMatchObject({ kind: "valid", record: { plan: "basico" } });
  });

  it("never replaces a key already pinned: a rotation stays a new enrollment", async () => {
    const pinned = pinTestCloudKey(core.db);
    const cloud = cloudAnswering(me(publicKeyText(newEntitlementsKeyPair().publicKey)));
    expect(await pinMissingEntitlementsKey(core, { ...CLOUD, fetch: cloud.fetch })).toBe("had");
    expect(cloud.calls).toEqual([]);
    expect(receiveEntitlements(core, pinned.signed())).toBe("stored");
  });

  it("pins nothing from an answer without a valid key, and asks again until one comes", async () => {
    const good = publicKeyText(newEntitlementsKeyPair().publicKey);
    const cloud = cloudAnswering(
      new Error("ENETUNREACH"),
      { applianceId: "ap-1", tenantId: TEST_TENANT, storeId: "s-1" },
      me("no-es-una-clave"),
      me(good),
    );
    const pinning = keepPinningEntitlementsKey(core, { ...CLOUD, fetch: cloud.fetch }, 1);
    expect(await pinning.done).toBe("pinned");
    expect(cloud.calls).toHaveLength(4);
    expect(core.db.prepare("SELECT public_key, tenant_id FROM entitlements_key").get()).toEqual({
      public_key: good,
      tenant_id: TEST_TENANT,
    });
  });
});
