import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sql } from "../db/sql.js";
import {
  bearer,
  enrolledAppliance,
  json,
  openTestCloud,
  ownerWithStore,
  type TestCloud,
} from "../test-support/test-cloud.js";
import { PAIRING_TTL_MS } from "./pairing.js";

type Owner = Awaited<ReturnType<typeof ownerWithStore>>;

/** Enrollment through the HTTP API; run on PostgreSQL and on PGlite (the one SQL layer on both). */
export function enrollmentSuite(label: string, open: () => Promise<Sql>, close: () => Promise<void>): void {
  describe(`enrollment on ${label}`, () => {
    let cloud: TestCloud;
    let owner: Owner;

    beforeAll(async () => {
      const sql = await open();
      cloud = await openTestCloud(sql);
      owner = await ownerWithStore(sql, cloud);
    });
    afterAll(async () => {
      await cloud.close();
      await close();
    });

    const newCode = async () =>
      json<{ code: string; expiresAt: string }>(
        await cloud.app.inject({
          method: "POST",
          url: `/v1/stores/${owner.storeId}/pairing-codes`,
          headers: bearer(owner.token),
        }),
      );
    const redeem = (code: string, applianceName = "Caja") =>
      cloud.app.inject({ method: "POST", url: "/v1/enroll", payload: { code, applianceName } });
    const applianceCount = async () =>
      json<{ appliances: unknown[] }>(
        await cloud.app.inject({ method: "GET", url: "/v1/appliances", headers: bearer(owner.token) }),
      ).appliances.length;

    it("issues a short code from an unambiguous alphabet that expires in 15 minutes", async () => {
      const { code, expiresAt } = await newCode();
      expect(code).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{8}$/);
      expect(new Date(expiresAt).getTime() - cloud.clock.now().getTime()).toBe(PAIRING_TTL_MS);
    });

    it("trades a code for a credential scoped to the code's tenant and store", async () => {
      const { code } = await newCode();
      const res = await redeem(code, "Caja mostrador");
      expect(res.statusCode).toBe(201);
      const enrolled = json<{
        applianceId: string;
        token: string;
        tenantId: string;
        storeId: string;
        entitlementsKey: string;
      }>(res);
      expect(enrolled).toMatchObject({ tenantId: owner.tenantId, storeId: owner.storeId });
      expect(enrolled.token).toMatch(/^moa_/);
      const me = await cloud.app.inject({
        method: "GET",
        url: "/v1/appliance/me",
        headers: bearer(enrolled.token),
      });
      // The same key enrollment handed over: an appliance enrolled before entitlements pins it from here.
      expect(json(me)).toEqual({
        applianceId: enrolled.applianceId,
        tenantId: owner.tenantId,
        storeId: owner.storeId,
        entitlementsKey: enrolled.entitlementsKey,
      });
      const list = json<{ appliances: { id: string; name: string; lastSeenAt: string | null }[] }>(
        await cloud.app.inject({ method: "GET", url: "/v1/appliances", headers: bearer(owner.token) }),
      );
      expect(list.appliances.find((a) => a.id === enrolled.applianceId)).toMatchObject({
        name: "Caja mostrador",
        lastSeenAt: cloud.clock.now().toISOString(),
      });
    });

    it("accepts the code typed in lower case with a dash", async () => {
      const { code } = await newCode();
      const res = await redeem(`${code.slice(0, 4).toLowerCase()}-${code.slice(4)}`);
      expect(res.statusCode).toBe(201);
    });

    it("refuses a code the second time and enrolls nothing more", async () => {
      const { code } = await newCode();
      expect((await redeem(code)).statusCode).toBe(201);
      const before = await applianceCount();
      const again = await redeem(code);
      expect(again.statusCode).toBe(409);
      expect(json(again)).toMatchObject({ error: { code: "pairing_code_used" } });
      expect(await applianceCount()).toBe(before);
    });

    it("lets only one of two simultaneous redemptions of a code through", async () => {
      const { code } = await newCode();
      const before = await applianceCount();
      const results = await Promise.all([redeem(code), redeem(code), redeem(code)]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
      expect(await applianceCount()).toBe(before + 1);
    });

    it("refuses an expired code with a clear message", async () => {
      const { code } = await newCode();
      cloud.clock.advance(PAIRING_TTL_MS);
      const res = await redeem(code);
      expect(res.statusCode).toBe(410);
      expect(json(res)).toMatchObject({
        error: { code: "pairing_code_expired", message: expect.stringContaining("venció") },
      });
    });

    it("accepts a code one millisecond before it expires", async () => {
      const { code } = await newCode();
      cloud.clock.advance(PAIRING_TTL_MS - 1);
      expect((await redeem(code)).statusCode).toBe(201);
    });

    it("refuses unknown and malformed codes", async () => {
      const unknown = await redeem("ZZZZ2222");
      expect(unknown.statusCode).toBe(404);
      expect(json(unknown)).toMatchObject({ error: { code: "pairing_code_unknown" } });
      const malformed = await redeem("0OI1");
      expect(malformed.statusCode).toBe(400);
      expect(json(malformed)).toMatchObject({ error: { code: "pairing_code_malformed" } });
    });

    it("refuses a revoked appliance's token while others keep working", async () => {
      const kept = await enrolledAppliance(cloud, owner.token, owner.storeId, "Caja 2");
      const gone = await enrolledAppliance(cloud, owner.token, owner.storeId, "Caja vieja");
      const revoke = await cloud.app.inject({
        method: "POST",
        url: `/v1/appliances/${gone.applianceId}/revoke`,
        headers: bearer(owner.token),
      });
      expect(revoke.statusCode).toBe(200);
      expect(json(revoke)).toMatchObject({
        id: gone.applianceId,
        revokedAt: cloud.clock.now().toISOString(),
      });
      const refused = await cloud.app.inject({
        method: "GET",
        url: "/v1/appliance/me",
        headers: bearer(gone.token),
      });
      expect(refused.statusCode).toBe(401);
      expect(json(refused)).toMatchObject({ error: { code: "appliance_revoked" } });
      const ok = await cloud.app.inject({
        method: "GET",
        url: "/v1/appliance/me",
        headers: bearer(kept.token),
      });
      expect(ok.statusCode).toBe(200);
    });

    it("refuses an unknown appliance token", async () => {
      const res = await cloud.app.inject({
        method: "GET",
        url: "/v1/appliance/me",
        headers: bearer("moa_nada"),
      });
      expect(res.statusCode).toBe(401);
      expect(json(res)).toMatchObject({ error: { code: "appliance_unknown" } });
    });
  });
}
