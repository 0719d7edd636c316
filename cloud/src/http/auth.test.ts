import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTenant, SESSION_TTL_MS } from "../auth/accounts.js";
import { needsRehash } from "../auth/passwords.js";
import { bearer, json, openTestCloud, ownerWithStore, type TestCloud } from "../test-support/test-cloud.js";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";

let db: TestDatabase;
let cloud: TestCloud;
let owner: Awaited<ReturnType<typeof ownerWithStore>>;

beforeAll(async () => {
  db = await createTestDatabase();
  cloud = await openTestCloud(db.sql);
  owner = await ownerWithStore(db.sql, cloud);
});
afterAll(async () => {
  await cloud.close();
  await db.drop();
});

const loginAs = (email: string, password: string) =>
  cloud.app.inject({ method: "POST", url: "/v1/auth/login", payload: { email, password } });

describe("owner auth", () => {
  it("logs in with email and password and says who is logged in", async () => {
    const res = await loginAs(owner.email.toUpperCase(), owner.password);
    expect(res.statusCode).toBe(200);
    const body = json<{ token: string; expiresAt: string; tenantId: string }>(res);
    expect(body.token).toMatch(/^mos_/);
    expect(body.tenantId).toBe(owner.tenantId);
    const me = await cloud.app.inject({ method: "GET", url: "/v1/me", headers: bearer(body.token) });
    expect(json(me)).toMatchObject({
      account: { email: owner.email, role: "owner" },
      organization: { id: owner.tenantId, name: "Almacén a" },
    });
  });

  it("stores only a scrypt hash of the password and of the session token", async () => {
    const [acct] = await db.owner.query<{ password_hash: string }>(
      "SELECT password_hash FROM accounts WHERE email = $1",
      [owner.email],
    );
    // Made with the cost in use: production's is checked in passwords.test.ts (the test run lowers it).
    expect(acct?.password_hash).toMatch(/^scrypt\$/);
    expect(needsRehash(acct!.password_hash)).toBe(false);
    expect(acct?.password_hash).not.toContain(owner.password);
    const hashes = await db.owner.query<{ token_hash: string }>("SELECT token_hash FROM account_sessions");
    expect(hashes.every((h) => /^[0-9a-f]{64}$/.test(h.token_hash))).toBe(true);
    expect(hashes.some((h) => h.token_hash === owner.token)).toBe(false);
  });

  it("gives the same refusal for a wrong password and an unknown email", async () => {
    const wrong = await loginAs(owner.email, "otra-clave");
    const unknown = await loginAs("nadie@example.com", owner.password);
    expect(wrong.statusCode).toBe(401);
    expect(json(wrong)).toEqual(json(unknown));
    expect(json(wrong)).toMatchObject({
      error: { code: "bad_credentials", message: "Email o contraseña incorrectos" },
    });
  });

  it("ends the session on logout", async () => {
    const { token } = json<{ token: string }>(await loginAs(owner.email, owner.password));
    expect(
      (await cloud.app.inject({ method: "POST", url: "/v1/auth/logout", headers: bearer(token) })).statusCode,
    ).toBe(204);
    const me = await cloud.app.inject({ method: "GET", url: "/v1/me", headers: bearer(token) });
    expect(me.statusCode).toBe(401);
    expect(json(me)).toMatchObject({ error: { code: "not_logged_in" } });
  });

  it("expires a session after a week", async () => {
    const { token } = json<{ token: string }>(await loginAs(owner.email, owner.password));
    cloud.clock.advance(SESSION_TTL_MS - 1000);
    expect(
      (await cloud.app.inject({ method: "GET", url: "/v1/me", headers: bearer(token) })).statusCode,
    ).toBe(200);
    cloud.clock.advance(1000);
    expect(
      (await cloud.app.inject({ method: "GET", url: "/v1/me", headers: bearer(token) })).statusCode,
    ).toBe(401);
  });

  it("refuses requests without a token, with another scheme, an empty or an absurdly long token", async () => {
    for (const headers of [
      {},
      { authorization: "Basic abc" },
      { authorization: "Bearer " },
      bearer("x".repeat(5000)),
    ]) {
      const res = await cloud.app.inject({ method: "GET", url: "/v1/stores", headers });
      expect(res.statusCode).toBe(401);
    }
  });

  it("refuses a second account with the same email, whatever its case", async () => {
    await expect(
      createTenant(
        db.sql,
        { orgName: "Otra", ownerEmail: owner.email.toUpperCase(), password: "x".repeat(10) },
        cloud.clock,
      ),
    ).rejects.toMatchObject({ code: "email_taken" });
    const [n] = await db.owner.query<{ n: number }>(
      "SELECT count(*) AS n FROM organizations WHERE name = 'Otra'",
    );
    expect(n?.n).toBe(0);
  });

  it("lets only the owner create stores and revoke appliances; a manager gets a clear 403", async () => {
    const email = `encargado-${Date.now()}@example.com`;
    const { hashPassword } = await import("../auth/passwords.js");
    await db.sql.withTenant(owner.tenantId, async (q) =>
      q.query(
        `INSERT INTO accounts (id, tenant_id, email, password_hash, role, created_at, email_verified_at) VALUES ($1, $2, $3, $4, 'manager', now(), now())`,
        [crypto.randomUUID(), owner.tenantId, email, await hashPassword("clave-encargado")],
      ),
    );
    const { token } = json<{ token: string }>(await loginAs(email, "clave-encargado"));
    const res = await cloud.app.inject({
      method: "POST",
      url: "/v1/stores",
      headers: bearer(token),
      payload: { name: "X" },
    });
    expect(res.statusCode).toBe(403);
    expect(json(res)).toMatchObject({ error: { code: "role_required" } });
    const code = await cloud.app.inject({
      method: "POST",
      url: `/v1/stores/${owner.storeId}/pairing-codes`,
      headers: bearer(token),
    });
    expect(code.statusCode).toBe(201);
  });
});
