import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, type TestCore } from "@mostrador/desktop/appliance/test-core";
import { enrollAppliance } from "./enroll.js";
import { ackedSeq, readCredentials } from "./upload-state.js";
import { newEntitlementsKeyPair, publicKeyText } from "@mostrador/platform/entitlements/signature";

/** A cloud answering POST /v1/enroll for the given tenant and store (the real one is tested in *.pg.test.ts). */
const cloudFor = (tenantId: string, storeId: string) => async () =>
  new Response(JSON.stringify({ applianceId: `ap-${storeId}`, token: `moa_${storeId}`, tenantId, storeId }), {
    status: 201,
    headers: { "content-type": "application/json" },
  });

describe("enrolling the appliance", () => {
  let core: TestCore;
  beforeEach(() => {
    core = openTestCore();
  });
  afterEach(() => core.close());

  const setAcked = (seq: number) =>
    core.db.prepare("UPDATE sync_state SET acked_seq = ? WHERE id = 1").run(seq);
  const enroll = (cloudUrl: string, tenantId: string, storeId: string) =>
    enrollAppliance(core, { cloudUrl, code: "ABCD2345", name: "Caja" }, null, cloudFor(tenantId, storeId));

  it("keeps the upload position when paired again to the same cloud and store", async () => {
    await enroll("https://nube.example", "t1", "s1");
    setAcked(42);
    await enroll("https://nube.example", "t1", "s1");
    expect(ackedSeq(core.db)).toBe(42);
  });

  it("uploads the whole history again when paired to another store, which has none of it", async () => {
    await enroll("https://nube.example", "t1", "s1");
    setAcked(42);
    await enroll("https://nube.example", "t1", "s2");
    expect(ackedSeq(core.db)).toBe(0);
    expect(readCredentials(core.db)).toMatchObject({ storeId: "s2", token: "moa_s2" });
  });

  it("uploads the whole history again when paired to another cloud", async () => {
    await enroll("https://nube.example", "t1", "s1");
    setAcked(7);
    await enroll("https://otra.example", "t1", "s1");
    expect(ackedSeq(core.db)).toBe(0);
  });

  const withKey = (entitlementsKey: string) => async () =>
    new Response(
      JSON.stringify({ applianceId: "ap-1", token: "moa_1", tenantId: "t1", storeId: "s1", entitlementsKey }),
      { status: 201, headers: { "content-type": "application/json" } },
    );
  const pinned = () => core.db.prepare("SELECT public_key, tenant_id FROM entitlements_key").all();

  it("pins the cloud's key for entitlement records with the tenant", async () => {
    const key = publicKeyText(newEntitlementsKeyPair().publicKey);
    await enrollAppliance(
      core,
      { cloudUrl: "https://nube.example", code: "ABCD2345", name: "Caja" },
      null,
      withKey(key),
    );
    expect(pinned()).toEqual([{ public_key: key, tenant_id: "t1" }]);
  });

  it("refuses an enrollment whose key is not an Ed25519 public key, storing nothing", async () => {
    await expect(
      enrollAppliance(
        core,
        { cloudUrl: "https://nube.example", code: "ABCD2345", name: "Caja" },
        null,
        withKey("bm8="),
      ),
    ).rejects.toMatchObject({
      code: "cloud_bad_answer",
      message: "La nube envió una clave de firma que no es válida",
    });
    expect(pinned()).toEqual([]);
    expect(readCredentials(core.db)).toBeNull();
  });
});
