import {
  AcceptedAnswer,
  InvitationPreview,
  LoginAnswer,
  LoginBody,
  LoginOrSecondFactor,
  MeAnswer,
  ResetRequestBody,
  SecondFactorBody,
  SignUpBody,
  TokenAndPasswordBody,
  TokenBody,
  VerifiedAnswer,
} from "@mostrador/contracts/http/cloud-account";
import type { FastifyRequest } from "fastify";
import { login, logout, normalizeEmail, type ClientInfo, type LoginResult } from "./accounts.js";
import type { AccountsConfig } from "./config.js";
import { acceptInvitation, previewInvitation } from "./invitations.js";
import { confirmPasswordReset, requestPasswordReset } from "./password-reset.js";
import { AttemptLimiter, BRUTE_FORCE_POLICY, limitedAttempt } from "./rate-limit.js";
import { completeSecondFactor } from "./second-factor.js";
import { signUp, verifyEmail } from "./signup.js";
import { CloudError } from "../core/errors.js";
import { ownerOf } from "../http/auth.js";
import type { CloudRoutesFactory } from "../http/deps.js";

const TOO_MANY_LOGINS = "Demasiados intentos de ingreso fallidos: esperá unos minutos y volvé a probar";
const HOUR = 60 * 60 * 1000;

export const clientOf = (request: FastifyRequest): ClientInfo => ({
  userAgent: request.headers["user-agent"]?.slice(0, 300) ?? null,
  ip: request.ip,
});

export const loginAnswer = (result: LoginResult): LoginAnswer => ({
  token: result.token,
  expiresAt: result.expiresAt.toISOString(),
  account: {
    id: result.principal.accountId,
    email: result.principal.email,
    role: result.principal.role,
    emailVerified: result.principal.emailVerified,
  },
  tenantId: result.principal.tenantId,
});

/**
 * The public doors of the dashboard's accounts (sign-up, login and its second factor, email
 * verification, password reset, invitation links) plus logout and "who am I".
 */
export const authRoutes =
  (config: AccountsConfig): CloudRoutesFactory =>
  ({ sql, clock }) =>
  async (app) => {
    // Brute force: failed logins are limited per email (one account attacked from many places) and per
    // client IP (many accounts tried from one place). While locked out even the right password is
    // refused, so the answer never tells a guesser it got there. Counted in PostgreSQL: every replica
    // sees the same counts. Sign-ups and reset emails count even when they succeed: each one creates
    // rows or sends mail, so a flood of successes is what an abuser makes.
    const logins = new AttemptLimiter(sql, clock, "login");
    const signups = new AttemptLimiter(sql, clock, "signup", { limit: 10, windowMs: HOUR });
    const resets = new AttemptLimiter(sql, clock, "reset", { limit: 5, windowMs: HOUR });
    const tokens = new AttemptLimiter(sql, clock, "token", BRUTE_FORCE_POLICY);

    app.post(
      "/auth/signup",
      { config: { auth: "public" }, schema: { body: SignUpBody, response: { 201: LoginAnswer } } },
      async (request, reply) => {
        const body = request.body as SignUpBody;
        const result = await limitedAttempt(
          signups,
          [`ip:${request.ip}`],
          "Demasiadas cuentas nuevas desde esta conexión: esperá una hora",
          () => signUp(sql, body, clock, clientOf(request), config.publicUrl),
          { countSuccesses: true },
        );
        return reply.status(201).send(loginAnswer(result));
      },
    );

    app.post(
      "/auth/login",
      { config: { auth: "public" }, schema: { body: LoginBody, response: { 200: LoginOrSecondFactor } } },
      async (request): Promise<LoginOrSecondFactor> => {
        const { email, password } = request.body as LoginBody;
        const keys = [`email:${normalizeEmail(email)}`, `ip:${request.ip}`];
        const result = await limitedAttempt(logins, keys, TOO_MANY_LOGINS, () =>
          login(sql, email, password, clock, clientOf(request)),
        );
        if ("challenge" in result)
          return {
            secondFactor: true,
            challenge: result.challenge,
            expiresAt: result.expiresAt.toISOString(),
          };
        return loginAnswer(result);
      },
    );

    app.post(
      "/auth/login/second-factor",
      { config: { auth: "public" }, schema: { body: SecondFactorBody, response: { 200: LoginAnswer } } },
      async (request) => {
        const { challenge, code } = request.body as SecondFactorBody;
        // Codes are 6 digits: guesses are limited per client IP on the login's budget, and per challenge.
        const result = await limitedAttempt(logins, [`ip:${request.ip}`], TOO_MANY_LOGINS, () =>
          completeSecondFactor(sql, challenge, code, config.secrets, clock, clientOf(request)),
        );
        return loginAnswer(result);
      },
    );

    app.post(
      "/auth/verify-email",
      { config: { auth: "public" }, schema: { body: TokenBody, response: { 200: VerifiedAnswer } } },
      async (request) => {
        const { token } = request.body as TokenBody;
        return limitedAttempt(tokens, [`ip:${request.ip}`], TOO_MANY_LOGINS, () =>
          verifyEmail(sql, token, clock),
        );
      },
    );

    app.post(
      "/auth/password-reset",
      { config: { auth: "public" }, schema: { body: ResetRequestBody, response: { 202: AcceptedAnswer } } },
      async (request, reply) => {
        const { email } = request.body as ResetRequestBody;
        await limitedAttempt(
          resets,
          [`email:${normalizeEmail(email)}`, `ip:${request.ip}`],
          "Ya pediste varias contraseñas nuevas: revisá tu correo o esperá una hora",
          () => requestPasswordReset(sql, email, clock, config.publicUrl),
          { countSuccesses: true },
        );
        return reply.status(202).send({ accepted: true });
      },
    );

    app.post(
      "/auth/password-reset/confirm",
      { config: { auth: "public" }, schema: { body: TokenAndPasswordBody } },
      async (request, reply) => {
        const { token, password } = request.body as TokenAndPasswordBody;
        await limitedAttempt(tokens, [`ip:${request.ip}`], TOO_MANY_LOGINS, () =>
          confirmPasswordReset(sql, token, password, clock),
        );
        return reply.status(204).send();
      },
    );

    app.post(
      "/auth/invitations/preview",
      { config: { auth: "public" }, schema: { body: TokenBody, response: { 200: InvitationPreview } } },
      async (request) => {
        const { token } = request.body as TokenBody;
        return limitedAttempt(tokens, [`ip:${request.ip}`], TOO_MANY_LOGINS, () =>
          previewInvitation(sql, token, clock),
        );
      },
    );

    app.post(
      "/auth/invitations/accept",
      { config: { auth: "public" }, schema: { body: TokenAndPasswordBody, response: { 201: LoginAnswer } } },
      async (request, reply) => {
        const { token, password } = request.body as TokenAndPasswordBody;
        const result = await limitedAttempt(tokens, [`ip:${request.ip}`], TOO_MANY_LOGINS, () =>
          acceptInvitation(sql, token, password, clock, clientOf(request)),
        );
        return reply.status(201).send(loginAnswer(result));
      },
    );

    app.post("/auth/logout", { config: { selfService: true } }, async (request, reply) => {
      await logout(sql, ownerOf(request));
      return reply.status(204).send();
    });

    app.get("/me", { schema: { response: { 200: MeAnswer } } }, async (request): Promise<MeAnswer> => {
      const owner = ownerOf(request);
      const [row] = await sql.withTenant(owner.tenantId, (q) =>
        q.query<{ id: string; name: string; rubro: string | null; totp: boolean }>(
          `SELECT o.id, o.name, o.rubro, a.totp_enabled_at IS NOT NULL AS totp
           FROM organizations o JOIN accounts a ON a.tenant_id = o.id WHERE a.id = $1`,
          [owner.accountId],
        ),
      );
      if (!row) throw new CloudError("not_found", "organization_not_found", "No existe la organización");
      return {
        account: {
          id: owner.accountId,
          email: owner.email,
          role: owner.role,
          emailVerified: owner.emailVerified,
        },
        totpEnabled: row.totp,
        organization: { id: row.id, name: row.name, rubro: row.rubro },
      };
    });
  };
