import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import { json, snapshot } from "../test-support/test-cloud.js";
import { hashPassword, setPasswordCostForTests } from "./passwords.js";
import { errorCode, openAccountWorld } from "./test-account-world.js";

const HOUR = 60 * 60 * 1000;

let db: TestDatabase;
let world: Awaited<ReturnType<typeof openAccountWorld>>;
beforeAll(async () => {
  db = await createTestDatabase();
  world = await openAccountWorld(db.sql);
});
afterAll(async () => {
  await world?.close();
  await db?.drop();
});

const login = async (email: string, password: string, ua = "Prueba/1.0") =>
  world.cloud.app.inject({
    method: "POST",
    url: "/v1/auth/login",
    payload: { email, password },
    headers: { "user-agent": ua },
    remoteAddress: "198.51.100.40",
  });

describe("password reset by email", () => {
  it("answers the same for an unknown address and sends nothing", async () => {
    const sent = world.smtp.received.length;
    const res = await world.post("/v1/auth/password-reset", { email: "nadie@example.com" });
    expect(res.statusCode).toBe(202);
    expect(json(res)).toEqual({ accepted: true });
    await world.worker.runOnce();
    expect(world.smtp.received.length).toBe(sent);
  });

  it("sets the new password once, ends every session, and the link cannot be used again", async () => {
    const owner = await world.verified("reset");
    const other = json<{ token: string }>(await login(owner.email, owner.password)).token;
    expect(
      (await world.post("/v1/auth/password-reset", { email: owner.email.toUpperCase() })).statusCode,
    ).toBe(202);
    const token = await world.linkIn(owner.email, "restablecer");

    const weak = await world.post("/v1/auth/password-reset/confirm", { token, password: "corta" });
    expect(weak.statusCode).toBe(400);
    expect(errorCode(weak)).toBe("weak_password");

    const res = await world.post("/v1/auth/password-reset/confirm", {
      token,
      password: "otra-clave-nueva-7",
    });
    expect(res.statusCode).toBe(204);
    for (const t of [owner.token, other])
      expect(errorCode(await world.get("/v1/me", t))).toBe("not_logged_in");
    expect((await login(owner.email, owner.password)).statusCode).toBe(401);
    expect((await login(owner.email, "otra-clave-nueva-7")).statusCode).toBe(200);
    const again = await world.post("/v1/auth/password-reset/confirm", { token, password: "y-otra-mas-123" });
    expect(errorCode(again)).toBe("token_used");
  });

  it("refuses a link past its hour and changes nothing", async () => {
    const owner = await world.verified("late");
    await world.post("/v1/auth/password-reset", { email: owner.email });
    const token = await world.linkIn(owner.email, "restablecer");
    world.clock.advance(HOUR + 1);
    const before = await snapshot(db.owner);
    const res = await world.post("/v1/auth/password-reset/confirm", {
      token,
      password: "otra-clave-nueva-7",
    });
    expect(res.statusCode).toBe(410);
    expect(errorCode(res)).toBe("token_expired");
    expect(await snapshot(db.owner)).toBe(before);
    world.clock.advance(-(HOUR + 1));
  });
});

describe("change password while logged in", () => {
  it("asks for the current password, then keeps this session and ends the others", async () => {
    const owner = await world.verified("change");
    const other = json<{ token: string }>(await login(owner.email, owner.password)).token;
    const wrong = await world.post(
      "/v1/account/password",
      { currentPassword: "no-es-esta-1", newPassword: "nueva-clave-larga-1" },
      owner.token,
    );
    expect(wrong.statusCode).toBe(403);
    expect(errorCode(wrong)).toBe("wrong_password");
    const ok = await world.post(
      "/v1/account/password",
      { currentPassword: owner.password, newPassword: "nueva-clave-larga-1" },
      owner.token,
    );
    expect(ok.statusCode).toBe(204);
    expect((await world.get("/v1/me", owner.token)).statusCode).toBe(200);
    expect(errorCode(await world.get("/v1/me", other))).toBe("not_logged_in");
  });
});

describe("sessions", () => {
  it("lists the person's sessions with device, address and times, ends one, then all the others", async () => {
    const owner = await world.verified("sessions");
    const phone = json<{ token: string }>(await login(owner.email, owner.password, "Celular/2.0")).token;
    const tablet = json<{ token: string }>(await login(owner.email, owner.password, "Tablet/3.0")).token;
    world.clock.advance(5 * 60 * 1000);
    await world.get("/v1/me", phone);
    const list = json<{
      sessions: { id: string; userAgent: string; ip: string; current: boolean; lastUsedAt: string }[];
    }>(await world.get("/v1/account/sessions", owner.token)).sessions;
    expect(list).toHaveLength(3);
    expect(list.find((s) => s.current)?.userAgent).toBe("Prueba/1.0");
    const phoneSession = list.find((s) => s.userAgent === "Celular/2.0")!;
    expect(phoneSession).toMatchObject({ ip: "198.51.100.40", current: false });
    expect(phoneSession.lastUsedAt).toBe(world.clock.now().toISOString());

    expect((await world.del(`/v1/account/sessions/${phoneSession.id}`, owner.token)).statusCode).toBe(204);
    expect(errorCode(await world.get("/v1/me", phone))).toBe("not_logged_in");
    expect(errorCode(await world.del(`/v1/account/sessions/${phoneSession.id}`, owner.token))).toBe(
      "session_not_found",
    );

    const others = await world.post("/v1/account/sessions/revoke-others", undefined, owner.token);
    expect(json(others)).toEqual({ revoked: 1 });
    expect(errorCode(await world.get("/v1/me", tablet))).toBe("not_logged_in");
    expect((await world.get("/v1/me", owner.token)).statusCode).toBe(200);
  });

  it("cannot end another person's session: it looks unknown", async () => {
    const a = await world.verified("sess-a");
    const b = await world.verified("sess-b");
    const bSession = json<{ sessions: { id: string }[] }>(await world.get("/v1/account/sessions", b.token))
      .sessions[0]!;
    const res = await world.del(`/v1/account/sessions/${bSession.id}`, a.token);
    expect(res.statusCode).toBe(404);
    expect((await world.get("/v1/me", b.token)).statusCode).toBe(200);
  });
});

describe("password hashes", () => {
  it("rehashes a password stored with older scrypt parameters at the next login", async () => {
    const owner = await world.verified("rehash");
    // At production's cost, which the test run lowers (scripts/test-run/cheap-hashing.ts).
    const lowered = setPasswordCostForTests(null);
    onTestFinished(() => void setPasswordCostForTests(lowered));
    // What sign-ups before issue 18 stored: p=1.
    const { scryptSync, randomBytes } = await import("node:crypto");
    const salt = randomBytes(16);
    const key = scryptSync(owner.password, salt, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
    const old = ["scrypt", 2 ** 15, 8, 1, salt.toString("base64url"), key.toString("base64url")].join("$");
    await db.owner.query("UPDATE accounts SET password_hash = $2 WHERE id = $1", [owner.accountId, old]);
    expect((await login(owner.email, owner.password)).statusCode).toBe(200);
    const [row] = await db.owner.query<{ password_hash: string }>(
      "SELECT password_hash FROM accounts WHERE id = $1",
      [owner.accountId],
    );
    expect(row!.password_hash).toMatch(/^scrypt\$32768\$8\$3\$/);
    expect((await login(owner.email, owner.password)).statusCode).toBe(200);
    expect(await hashPassword("x")).toMatch(/^scrypt\$32768\$8\$3\$/);
  });
});
