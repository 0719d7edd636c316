import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import { json, snapshot } from "../test-support/test-cloud.js";
import { needsRehash } from "./passwords.js";
import { errorCode, openAccountWorld } from "./test-account-world.js";

const DAY = 24 * 60 * 60 * 1000;

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

const signUpBody = (email: string, extra: Record<string, unknown> = {}) => ({
  businessName: "Ropa Linda",
  rubro: "ropa",
  email,
  password: "una-clave-larga-9",
  acceptTerms: true,
  ...extra,
});

describe("self-service sign-up", () => {
  it("creates the organization, its first store and the owner in one go, logged in but unverified", async () => {
    const email = `alta-${Date.now()}@example.com`;
    const res = await world.post("/v1/auth/signup", signUpBody(email));
    expect(res.statusCode).toBe(201);
    const answer = json<{ token: string; tenantId: string; account: Record<string, unknown> }>(res);
    expect(answer.account).toMatchObject({ email, role: "owner", emailVerified: false });

    const me = json(await world.get("/v1/me", answer.token));
    expect(me).toMatchObject({
      account: { email, role: "owner", emailVerified: false },
      organization: { name: "Ropa Linda", rubro: "ropa" },
      totpEnabled: false,
    });
    const stores = json<{ stores: { name: string }[] }>(await world.get("/v1/stores", answer.token));
    expect(stores.stores.map((s) => s.name)).toEqual(["Ropa Linda"]);
    const [hash] = await db.owner.query<{ password_hash: string }>(
      "SELECT password_hash FROM accounts WHERE email = $1",
      [email],
    );
    // Made with the cost in use: production's is checked in passwords.test.ts (the test run lowers it).
    expect(hash!.password_hash).toMatch(/^scrypt\$/);
    expect(needsRehash(hash!.password_hash)).toBe(false);
  });

  it("sends a verification email by the platform's SMTP whose link verifies once, and gates pairing until then", async () => {
    const owner = await world.signUp("gate");
    const [store] = json<{ stores: { id: string }[] }>(await world.get("/v1/stores", owner.token)).stores;
    const pairing = await world.post(`/v1/stores/${store!.id}/pairing-codes`, undefined, owner.token);
    expect(pairing.statusCode).toBe(403);
    expect(errorCode(pairing)).toBe("email_unverified");
    const invite = await world.post(
      "/v1/account/invitations",
      { email: "alguien@example.com", role: "manager" },
      owner.token,
    );
    expect(errorCode(invite)).toBe("email_unverified");

    const token = await world.linkIn(owner.email, "verificar");
    const mail = world.mailsTo(owner.email).at(-1)!;
    expect(mail).toContain("Para confirmar tu email entrá a este enlace");
    expect(world.smtp.received.at(-1)!.raw).not.toMatch(/List-Unsubscribe/i);

    const verified = await world.post("/v1/auth/verify-email", { token });
    expect(verified.statusCode).toBe(200);
    expect(json(verified)).toEqual({ email: owner.email });
    expect(json(await world.get("/v1/me", owner.token))).toMatchObject({ account: { emailVerified: true } });
    expect(
      (await world.post(`/v1/stores/${store!.id}/pairing-codes`, undefined, owner.token)).statusCode,
    ).toBe(201);

    const again = await world.post("/v1/auth/verify-email", { token });
    expect(again.statusCode).toBe(409);
    expect(errorCode(again)).toBe("token_used");
  });

  it("keeps account mail out of the shop's message log and drops the link from the queue once sent", async () => {
    const owner = await world.signUp("log");
    await world.linkIn(owner.email, "verificar");
    const log = json<{ messages: unknown[] }>(await world.get("/v1/messaging/messages", owner.token));
    expect(log.messages).toEqual([]);
    const rows = await db.owner.query<{ body: string; status: string }>(
      "SELECT body, status FROM messages WHERE tenant_id = $1",
      [owner.tenantId],
    );
    expect(rows).toEqual([{ body: "(enlace de un solo uso: no se guarda)", status: "accepted" }]);
  });

  it("a resent verification link replaces the first one, and a link past 7 days is refused as expired", async () => {
    const owner = await world.signUp("resend");
    const first = await world.linkIn(owner.email, "verificar");
    expect((await world.post("/v1/account/verification-email", undefined, owner.token)).statusCode).toBe(202);
    const second = await world.linkIn(owner.email, "verificar");
    expect(second).not.toBe(first);
    expect(errorCode(await world.post("/v1/auth/verify-email", { token: first }))).toBe("token_used");
    world.clock.advance(7 * DAY + 1000);
    const late = await world.post("/v1/auth/verify-email", { token: second });
    expect(late.statusCode).toBe(410);
    expect(errorCode(late)).toBe("token_expired");
    world.clock.advance(-(7 * DAY + 1000));
    expect(errorCode(await world.post("/v1/auth/verify-email", { token: "mov_inventado-123456789" }))).toBe(
      "token_unknown",
    );
  });

  it("refuses a taken email with 409 and creates nothing, whatever the case of the address", async () => {
    const owner = await world.signUp("taken");
    const before = await snapshot(db.owner);
    const res = await world.post("/v1/auth/signup", signUpBody(owner.email.toUpperCase()));
    expect(res.statusCode).toBe(409);
    expect(json(res)).toEqual({
      error: {
        code: "email_taken",
        message: "Ese email ya tiene una cuenta: ingresá con él o pedí una contraseña nueva",
      },
    });
    expect(await snapshot(db.owner)).toBe(before);
  });

  it.each([
    ["a short password", { password: "corta-1" }, "weak_password"],
    ["a common password", { password: "contraseña123" }, "weak_password"],
    ["a password with the email in it", { password: "xx-nuevo-alta-xx" }, "weak_password"],
    ["a password that repeats one character", { password: "aaaaaaaaaaaa" }, "weak_password"],
    ["terms not accepted", { acceptTerms: false }, "invalid_input"],
    ["an unknown rubro", { rubro: "astronautas" }, "invalid_input"],
    ["a blank business name", { businessName: "   " }, "invalid_input"],
    ["a malformed email", { email: "no-es-un-email" }, "invalid_input"],
    ["an extra field", { plan: "enterprise" }, "invalid_input"],
  ])("refuses %s with 400 and changes nothing", async (_, extra, code) => {
    const before = await snapshot(db.owner);
    const res = await world.post("/v1/auth/signup", signUpBody("nuevo-alta@example.com", extra));
    expect(res.statusCode).toBe(400);
    expect(errorCode(res)).toBe(code);
    expect(json<{ error: { message: string } }>(res).error.message).toMatch(/[a-záéíóú]/);
    expect(await snapshot(db.owner)).toBe(before);
  });

  it("limits sign-ups per client address, successes included (10 an hour)", async () => {
    const ip = "192.0.2.77";
    for (let i = 0; i < 10; i++)
      expect(
        (
          await world.post(
            "/v1/auth/signup",
            signUpBody(`flood-${i}-${Date.now()}@example.com`),
            undefined,
            ip,
          )
        ).statusCode,
      ).toBe(201);
    const res = await world.post(
      "/v1/auth/signup",
      signUpBody(`flood-x-${Date.now()}@example.com`),
      undefined,
      ip,
    );
    expect(res.statusCode).toBe(429);
    expect(errorCode(res)).toBe("too_many_attempts");
  });
});
