import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, type TestCore } from "@mostrador/desktop/appliance/test-core";
import { enrollAppliance } from "./enroll.js";
import { ackedSeq, readCredentials } from "./upload-state.js";

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
});
