import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bearer,
  enrolledAppliance,
  json,
  openTestCloud,
  ownerWithStore,
  snapshot,
  type TestCloud,
} from "../test-support/test-cloud.js";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";

let db: TestDatabase;
let cloud: TestCloud;
let a: Awaited<ReturnType<typeof ownerWithStore>>;
let b: Awaited<ReturnType<typeof ownerWithStore>>;
let applianceB: Awaited<ReturnType<typeof enrolledAppliance>>;

beforeAll(async () => {
  db = await createTestDatabase();
  cloud = await openTestCloud(db.sql);
  a = await ownerWithStore(db.sql, cloud, "a");
  b = await ownerWithStore(db.sql, cloud, "b");
  await enrolledAppliance(cloud, a.token, a.storeId, "Caja A");
  applianceB = await enrolledAppliance(cloud, b.token, b.storeId, "Caja B");
});
afterAll(async () => {
  await cloud.close();
  await db.drop();
});

describe("tenant isolation through the API", () => {
  it("lists only the caller's stores and appliances", async () => {
    const stores = json<{ stores: { id: string }[] }>(
      await cloud.app.inject({ method: "GET", url: "/v1/stores", headers: bearer(a.token) }),
    );
    expect(stores.stores.map((s) => s.id)).toEqual([a.storeId]);
    const appliances = json<{ appliances: { name: string }[] }>(
      await cloud.app.inject({ method: "GET", url: "/v1/appliances", headers: bearer(a.token) }),
    );
    expect(appliances.appliances.map((x) => x.name)).toEqual(["Caja A"]);
  });

  it("treats another tenant's store and appliance ids as unknown and changes nothing", async () => {
    const before = await snapshot(db.owner);
    const code = await cloud.app.inject({
      method: "POST",
      url: `/v1/stores/${b.storeId}/pairing-codes`,
      headers: bearer(a.token),
    });
    expect(code.statusCode).toBe(404);
    expect(json(code)).toMatchObject({ error: { code: "store_not_found" } });
    const revoke = await cloud.app.inject({
      method: "POST",
      url: `/v1/appliances/${applianceB.applianceId}/revoke`,
      headers: bearer(a.token),
    });
    expect(revoke.statusCode).toBe(404);
    expect(await snapshot(db.owner)).toBe(before);
    const stillOk = await cloud.app.inject({
      method: "GET",
      url: "/v1/appliance/me",
      headers: bearer(applianceB.token),
    });
    expect(stillOk.statusCode).toBe(200);
  });

  it("does not accept an appliance token as an owner token or the reverse", async () => {
    const asOwner = await cloud.app.inject({
      method: "GET",
      url: "/v1/stores",
      headers: bearer(applianceB.token),
    });
    expect(asOwner.statusCode).toBe(401);
    const asAppliance = await cloud.app.inject({
      method: "GET",
      url: "/v1/appliance/me",
      headers: bearer(b.token),
    });
    expect(asAppliance.statusCode).toBe(401);
  });

  it("enrolls with B's code into B's tenant only, whoever sends it", async () => {
    const { code } = json<{ code: string }>(
      await cloud.app.inject({
        method: "POST",
        url: `/v1/stores/${b.storeId}/pairing-codes`,
        headers: bearer(b.token),
      }),
    );
    const res = await cloud.app.inject({
      method: "POST",
      url: "/v1/enroll",
      headers: bearer(a.token),
      payload: { code, applianceName: "Intrusa" },
    });
    expect(json(res)).toMatchObject({ tenantId: b.tenantId, storeId: b.storeId });
    const listA = json<{ appliances: { name: string }[] }>(
      await cloud.app.inject({ method: "GET", url: "/v1/appliances", headers: bearer(a.token) }),
    );
    expect(listA.appliances.map((x) => x.name)).toEqual(["Caja A"]);
  });
});
