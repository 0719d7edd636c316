import {
  AcceptedAnswer,
  InvitationList,
  InvitationPreview,
  InvitationView,
  LoginAnswer,
  LoginOrSecondFactor,
  MeAnswer,
  MemberList,
  RecoveryCodes,
  RevokedAnswer,
  SecondFactorAnswer,
  SessionList,
  TotpEnrollment,
  VerifiedAnswer,
} from "@mostrador/contracts/http/cloud-account";
import { expectAnswer } from "@mostrador/contracts/http/test-contract-check";
import { Secret, TOTP } from "otpauth";
import { afterAll, beforeAll, describe, it } from "vitest";
import { json } from "../test-support/test-cloud.js";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import { openAccountWorld } from "./test-account-world.js";

/** Sign-up, login, invitations, sessions and TOTP answer as contracts/src/http/cloud-account.ts says. */
describe("the accounts API answers the HTTP contract", () => {
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

  it("every answer of the accounts' routes", async () => {
    const email = `contrato-${Date.now()}@example.com`;
    const signup = await world.post("/v1/auth/signup", {
      businessName: "Contrato",
      rubro: "kiosco",
      email,
      password: "una-clave-larga-9",
      acceptTerms: true,
    });
    expectAnswer(LoginAnswer, signup, 201);
    const { token } = json<LoginAnswer>(signup);
    expectAnswer(
      VerifiedAnswer,
      await world.post("/v1/auth/verify-email", { token: await world.linkIn(email, "verificar") }),
      200,
    );
    expectAnswer(MeAnswer, await world.get("/v1/me", token), 200);
    expectAnswer(SessionList, await world.get("/v1/account/sessions", token), 200);
    expectAnswer(
      RevokedAnswer,
      await world.post("/v1/account/sessions/revoke-others", undefined, token),
      200,
    );
    expectAnswer(AcceptedAnswer, await world.post("/v1/auth/password-reset", { email }), 202);

    const invited = `invitada-${Date.now()}@example.com`;
    expectAnswer(
      InvitationView,
      await world.post("/v1/account/invitations", { email: invited, role: "manager" }, token),
      201,
    );
    expectAnswer(InvitationList, await world.get("/v1/account/invitations", token), 200);
    const link = await world.linkIn(invited, "invitacion");
    expectAnswer(InvitationPreview, await world.post("/v1/auth/invitations/preview", { token: link }), 200);
    expectAnswer(
      LoginAnswer,
      await world.post("/v1/auth/invitations/accept", { token: link, password: "clave-de-la-invitada-1" }),
      201,
    );
    expectAnswer(MemberList, await world.get("/v1/account/members", token), 200);

    const enrolled = await world.post("/v1/account/totp/enroll", { password: "una-clave-larga-9" }, token);
    expectAnswer(TotpEnrollment, enrolled, 200);
    const totp = new TOTP({ secret: Secret.fromBase32(json<TotpEnrollment>(enrolled).secret) });
    const code = totp.generate({ timestamp: world.clock.now().getTime() });
    expectAnswer(RecoveryCodes, await world.post("/v1/account/totp/confirm", { code }, token), 200);
    const login = await world.post("/v1/auth/login", { email, password: "una-clave-larga-9" });
    expectAnswer(LoginOrSecondFactor, login, 200);
    expectAnswer(SecondFactorAnswer, login, 200);
    world.clock.advance(30_000);
    const next = totp.generate({ timestamp: world.clock.now().getTime() });
    const challenge = json<SecondFactorAnswer>(login).challenge;
    expectAnswer(
      LoginAnswer,
      await world.post("/v1/auth/login/second-factor", { challenge, code: next }),
      200,
    );
  });
});
