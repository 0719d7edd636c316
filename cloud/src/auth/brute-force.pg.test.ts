import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../core/clock.js";
import { openPgSql } from "../db/pg.js";
import { buildCloudServer } from "../server.js";
import { loadCloudConfig } from "../start.js";
import {
  bearer,
  json,
  openTestCloud,
  ownerWithStore,
  snapshot,
  type TestCloud,
} from "../test-support/test-cloud.js";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";

const MIN = 60 * 1000;

let db: TestDatabase;
let cloud: TestCloud;
let owner: Awaited<ReturnType<typeof ownerWithStore>>;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await cloud?.close();
});
afterAll(() => db.drop());

/** A fresh server (fresh limiters) with its own owner; the owner's own login came from 127.0.0.1. */
async function freshCloud() {
  await db.owner.exec("DELETE FROM auth_attempts"); // the counts live in the database now
  cloud = await openTestCloud(db.sql);
  owner = await ownerWithStore(db.sql, cloud);
}

const login = (email: string, password: string, ip = "203.0.113.7") =>
  cloud.app.inject({
    method: "POST",
    url: "/v1/auth/login",
    payload: { email, password },
    remoteAddress: ip,
  });

const enroll = (code: string, ip = "203.0.113.7") =>
  cloud.app.inject({
    method: "POST",
    url: "/v1/enroll",
    payload: { code, applianceName: "Caja" },
    remoteAddress: ip,
  });

async function pairingCode(): Promise<string> {
  const res = await cloud.app.inject({
    method: "POST",
    url: `/v1/stores/${owner.storeId}/pairing-codes`,
    headers: bearer(owner.token),
  });
  return json<{ code: string }>(res).code;
}

// A dozen logins and a fresh cloud per test: a wait bound for a loaded machine (the scrypt derivations are
// cheap in a test run, scripts/test-run/cheap-hashing.ts).
const MANY_LOGINS = { timeout: 90_000 };

describe("POST /v1/auth/login brute-force limit", MANY_LOGINS, () => {
  it("after 10 failed logins for one email answers 429, even to the right password, until the window passes", async () => {
    await freshCloud();
    for (let i = 0; i < 10; i++) {
      // From ten different addresses: the per-email limit is what stops this.
      expect((await login(owner.email, `mala-${i}`, `198.51.100.${i}`)).statusCode).toBe(401);
      cloud.clock.advance(30 * 1000);
    }
    const wrong = await login(owner.email, "otra-mala", "198.51.100.50");
    const right = await login(owner.email, owner.password, "198.51.100.51");
    expect(wrong.statusCode).toBe(429);
    // No oracle: the right password gets exactly the same answer as a wrong one.
    expect(right.statusCode).toBe(429);
    expect(json(right)).toEqual(json(wrong));
    expect(json(right)).toMatchObject({
      error: { code: "too_many_attempts", message: expect.stringContaining("Demasiados intentos") },
    });
    // First failure at 0, now 5 min later: 10 minutes to wait.
    expect(right.headers["retry-after"]).toBe(String(10 * 60));
    expect(json<{ token?: string }>(right).token).toBeUndefined();

    // Case and spaces do not make it a different email.
    expect((await login(` ${owner.email.toUpperCase()} `, owner.password, "198.51.100.52")).statusCode).toBe(
      429,
    );

    cloud.clock.advance(10 * MIN);
    expect((await login(owner.email, owner.password)).statusCode).toBe(200);
  });

  it("keeps other emails working while one is locked", async () => {
    await freshCloud();
    for (let i = 0; i < 10; i++) await login("victima@example.com", "x", `198.51.100.${i}`);
    expect((await login("victima@example.com", "x", "198.51.100.99")).statusCode).toBe(429);
    expect((await login(owner.email, owner.password, "198.51.100.99")).statusCode).toBe(200);
  });

  it("after 10 failed logins from one IP refuses that IP for any email, and not other IPs", async () => {
    await freshCloud();
    for (let i = 0; i < 10; i++)
      expect((await login(`persona-${i}@example.com`, "x", "192.0.2.1")).statusCode).toBe(401);
    const blocked = await login(owner.email, owner.password, "192.0.2.1");
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers["retry-after"])).toBe(15 * 60);
    expect((await login(owner.email, owner.password, "192.0.2.2")).statusCode).toBe(200);
    cloud.clock.advance(15 * MIN);
    expect((await login(owner.email, owner.password, "192.0.2.1")).statusCode).toBe(200);
  });

  it("never locks out successful logins", async () => {
    await freshCloud();
    for (let i = 0; i < 15; i++) expect((await login(owner.email, owner.password)).statusCode).toBe(200);
  });
});

describe("POST /v1/enroll brute-force limit", () => {
  it("after 10 failed codes from one IP answers 429 even for a valid code, and burns nothing", async () => {
    await freshCloud();
    for (let i = 0; i < 10; i++) expect((await enroll("ABCDEFGH")).statusCode).toBe(404);
    const code = await pairingCode();
    const before = await snapshot(db.owner);
    const refused = await enroll(code);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers["retry-after"]).toBe(String(15 * 60));
    expect(json(refused)).toMatchObject({
      error: { code: "too_many_attempts", message: expect.stringContaining("vinculación") },
    });
    expect(await snapshot(db.owner)).toBe(before);

    // Another connection is not affected, and the code still works there.
    expect((await enroll(code, "203.0.113.99")).statusCode).toBe(201);
  });

  it("lets the same IP try again once the window has passed", async () => {
    await freshCloud();
    for (let i = 0; i < 10; i++) await enroll("ABCDEFGH");
    expect((await enroll(await pairingCode())).statusCode).toBe(429);
    cloud.clock.advance(15 * MIN);
    expect((await enroll(await pairingCode())).statusCode).toBe(201);
  });
});

describe("several replicas of the service", MANY_LOGINS, () => {
  it("two servers on one database share the login limit: failures at either lock the email at both", async () => {
    await freshCloud();
    const replicaSql = openPgSql({ connectionString: db.url });
    const replica = await openTestCloud(replicaSql, { clock: cloud.clock });
    try {
      const at = (app: typeof cloud.app, password: string, ip: string) =>
        app.inject({
          method: "POST",
          url: "/v1/auth/login",
          payload: { email: owner.email, password },
          remoteAddress: ip,
        });
      for (let i = 0; i < 10; i++)
        expect(
          (await at(i % 2 ? cloud.app : replica.app, `mala-${i}`, `198.51.100.${100 + i}`)).statusCode,
        ).toBe(401);
      for (const app of [cloud.app, replica.app]) {
        const res = await at(app, owner.password, "198.51.100.200");
        expect(res.statusCode).toBe(429);
        expect(json(res)).toMatchObject({ error: { code: "too_many_attempts" } });
      }
    } finally {
      await replica.close();
      await replicaSql.close();
    }
  });
});

describe("client address behind a reverse proxy", () => {
  it("with trustProxy, limits by the client in X-Forwarded-For instead of the proxy's address", async () => {
    await db.owner.exec("DELETE FROM auth_attempts");
    const app = await buildCloudServer(db.sql, { clock: new ManualClock(), trustProxy: "172.16.0.0/12" });
    await app.ready();
    const viaProxy = (client: string) =>
      app.inject({
        method: "POST",
        url: "/v1/enroll",
        payload: { code: "ABCDEFGH", applianceName: "Caja" },
        remoteAddress: "172.18.0.2",
        headers: { "x-forwarded-for": client },
      });
    try {
      for (let i = 0; i < 10; i++) expect((await viaProxy("198.51.100.1")).statusCode).toBe(404);
      expect((await viaProxy("198.51.100.1")).statusCode).toBe(429);
      expect((await viaProxy("198.51.100.2")).statusCode).toBe(404);
    } finally {
      await app.close();
    }
  });
});

describe("CLOUD_TRUST_PROXY", () => {
  it("takes the proxy's addresses and refuses a hop count, which would trust nobody", () => {
    expect(loadCloudConfig({}).trustProxy).toBeUndefined();
    expect(loadCloudConfig({ CLOUD_TRUST_PROXY: "loopback,uniquelocal" }).trustProxy).toBe(
      "loopback,uniquelocal",
    );
    expect(() => loadCloudConfig({ CLOUD_TRUST_PROXY: "1" })).toThrow(/direcciones del proxy/);
  });
});
