import { Secret, TOTP } from "otpauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import { json } from "../test-support/test-cloud.js";
import { errorCode, openAccountWorld } from "./test-account-world.js";

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

/** What the person's authenticator app shows now. */
const codeOf = (secret: string, at = world.clock.now()) =>
  new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: at.getTime() });
const wrongCode = (secret: string) => String((Number(codeOf(secret)) + 1) % 1_000_000).padStart(6, "0");

const login = (email: string, password: string) =>
  world.cloud.app.inject({
    method: "POST",
    url: "/v1/auth/login",
    payload: { email, password },
    remoteAddress: "198.51.100.90",
  });
const secondFactor = (challenge: string, code: string) =>
  world.post("/v1/auth/login/second-factor", { challenge, code });

/** An owner with TOTP on: the secret and the recovery codes. */
async function ownerWithTotp(label: string) {
  const owner = await world.verified(label);
  const enrolled = await world.post("/v1/account/totp/enroll", { password: owner.password }, owner.token);
  const { secret, uri } = json<{ secret: string; uri: string }>(enrolled);
  const confirmed = await world.post("/v1/account/totp/confirm", { code: codeOf(secret) }, owner.token);
  const { recoveryCodes } = json<{ recoveryCodes: string[] }>(confirmed);
  world.clock.advance(30_000); // the next code of the app
  return { ...owner, secret, uri, recoveryCodes };
}

describe("TOTP second factor", () => {
  it("enrols with the password and a first code, answering recovery codes once (only hashes kept)", async () => {
    const owner = await world.verified("enrol");
    const wrongPassword = await world.post(
      "/v1/account/totp/enroll",
      { password: "no-es-esta-1" },
      owner.token,
    );
    expect(errorCode(wrongPassword)).toBe("wrong_password");
    const enrolled = await world.post("/v1/account/totp/enroll", { password: owner.password }, owner.token);
    const { secret, uri } = json<{ secret: string; uri: string }>(enrolled);
    expect(uri).toMatch(/^otpauth:\/\/totp\/Mostrador:.*\?.*secret=/);
    const wrong = await world.post("/v1/account/totp/confirm", { code: wrongCode(secret) }, owner.token);
    expect(wrong.statusCode).toBe(401);
    expect(errorCode(wrong)).toBe("bad_code");
    expect(json(await world.get("/v1/me", owner.token))).toMatchObject({ totpEnabled: false });

    const confirmed = await world.post("/v1/account/totp/confirm", { code: codeOf(secret) }, owner.token);
    const { recoveryCodes } = json<{ recoveryCodes: string[] }>(confirmed);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    expect(json(await world.get("/v1/me", owner.token))).toMatchObject({ totpEnabled: true });
    const stored = await db.owner.query<{ code_hash: string }>(
      "SELECT code_hash FROM account_recovery_codes WHERE account_id = $1",
      [owner.accountId],
    );
    expect(stored).toHaveLength(10);
    expect(JSON.stringify(stored)).not.toContain(recoveryCodes[0]!);
    const [account] = await db.owner.query<{ totp_secret_ciphertext: string }>(
      "SELECT totp_secret_ciphertext FROM accounts WHERE id = $1",
      [owner.accountId],
    );
    expect(account!.totp_secret_ciphertext).not.toContain(secret);
  });

  it("asks for a code after the password; a wrong code, a replayed code and a late challenge are refused", async () => {
    const owner = await ownerWithTotp("login");
    const step1 = json<{ secondFactor: boolean; challenge: string; token?: string }>(
      await login(owner.email, owner.password),
    );
    expect(step1.secondFactor).toBe(true);
    expect(step1.token).toBeUndefined();

    const wrong = await secondFactor(step1.challenge, wrongCode(owner.secret));
    expect(wrong.statusCode).toBe(401);
    expect(errorCode(wrong)).toBe("bad_code");
    const code = codeOf(owner.secret);
    const ok = await secondFactor(step1.challenge, code);
    expect(ok.statusCode).toBe(200);
    expect((await world.get("/v1/me", json<{ token: string }>(ok).token)).statusCode).toBe(200);
    // The challenge is spent, and the same code does not open a second login.
    expect(errorCode(await secondFactor(step1.challenge, code))).toBe("challenge_expired");
    const step2 = json<{ challenge: string }>(await login(owner.email, owner.password));
    expect(errorCode(await secondFactor(step2.challenge, code))).toBe("bad_code");

    world.clock.advance(5 * 60 * 1000 + 1);
    expect(errorCode(await secondFactor(step2.challenge, codeOf(owner.secret)))).toBe("challenge_expired");
  });

  it("spends a challenge after five wrong codes", async () => {
    const owner = await ownerWithTotp("five");
    const { challenge } = json<{ challenge: string }>(await login(owner.email, owner.password));
    for (let i = 0; i < 5; i++)
      expect(errorCode(await secondFactor(challenge, wrongCode(owner.secret)))).toBe("bad_code");
    expect(errorCode(await secondFactor(challenge, codeOf(owner.secret)))).toBe("challenge_expired");
  });

  it("takes a recovery code once, in any case and with or without its dash", async () => {
    const owner = await ownerWithTotp("recovery");
    const recovery = owner.recoveryCodes[0]!;
    const first = json<{ challenge: string }>(await login(owner.email, owner.password));
    expect((await secondFactor(first.challenge, recovery.toUpperCase().replace("-", ""))).statusCode).toBe(
      200,
    );
    const second = json<{ challenge: string }>(await login(owner.email, owner.password));
    expect(errorCode(await secondFactor(second.challenge, recovery))).toBe("bad_code");
  });

  it("turns off only with a valid code, and is for owners only", async () => {
    const owner = await ownerWithTotp("disable");
    expect(
      errorCode(await world.post("/v1/account/totp/disable", { code: wrongCode(owner.secret) }, owner.token)),
    ).toBe("bad_code");
    expect(json(await world.get("/v1/me", owner.token))).toMatchObject({ totpEnabled: true });
    expect(
      (await world.post("/v1/account/totp/disable", { code: codeOf(owner.secret) }, owner.token)).statusCode,
    ).toBe(204);
    expect(json(await world.get("/v1/me", owner.token))).toMatchObject({ totpEnabled: false });
    const plain = json<{ token?: string }>(await login(owner.email, owner.password));
    expect(plain.token).toMatch(/^mos_/);

    const invited = `gerente-${Date.now()}@example.com`;
    await world.post("/v1/account/invitations", { email: invited, role: "manager" }, owner.token);
    const token = await world.linkIn(invited, "invitacion");
    const manager = json<{ token: string }>(
      await world.post("/v1/auth/invitations/accept", { token, password: "clave-del-gerente-1" }),
    );
    const refused = await world.post(
      "/v1/account/totp/enroll",
      { password: "clave-del-gerente-1" },
      manager.token,
    );
    expect(refused.statusCode).toBe(403);
    expect(errorCode(refused)).toBe("role_required");
  });
});
