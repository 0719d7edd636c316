import { LoginAnswer, MeAnswer } from "@mostrador/contracts/http/cloud-account";
import { Type } from "@sinclair/typebox";
import { login, logout, normalizeEmail } from "./accounts.js";
import { AttemptLimiter, limitedAttempt } from "./rate-limit.js";
import { CloudError } from "../core/errors.js";
import { ownerOf } from "../http/auth.js";
import type { CloudRoutesFactory } from "../http/deps.js";

const LoginBody = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);

const TOO_MANY_LOGINS = "Demasiados intentos de ingreso fallidos: esperá unos minutos y volvé a probar";

/** Owner/manager sessions for the dashboard: login, logout, who am I. */
export const authRoutes: CloudRoutesFactory =
  ({ sql, clock }) =>
  async (app) => {
    // Brute force: failed logins are limited per email (one account attacked from many places) and per
    // client IP (many accounts tried from one place). While locked out even the right password is
    // refused, so the answer never tells a guesser it got there.
    const limiter = new AttemptLimiter(clock);
    app.post(
      "/auth/login",
      { config: { auth: "public" }, schema: { body: LoginBody, response: { 200: LoginAnswer } } },
      async (request): Promise<LoginAnswer> => {
        const { email, password } = request.body as { email: string; password: string };
        const keys = [`email:${normalizeEmail(email)}`, `ip:${request.ip}`];
        const result = await limitedAttempt(limiter, keys, TOO_MANY_LOGINS, () =>
          login(sql, email, password, clock),
        );
        return {
          token: result.token,
          expiresAt: result.expiresAt.toISOString(),
          account: {
            id: result.principal.accountId,
            email: result.principal.email,
            role: result.principal.role,
          },
          tenantId: result.principal.tenantId,
        };
      },
    );

    app.post("/auth/logout", async (request, reply) => {
      await logout(sql, ownerOf(request));
      return reply.status(204).send();
    });

    app.get("/me", { schema: { response: { 200: MeAnswer } } }, async (request): Promise<MeAnswer> => {
      const owner = ownerOf(request);
      const [org] = await sql.withTenant(owner.tenantId, (q) =>
        q.query<{ id: string; name: string }>("SELECT id, name FROM organizations"),
      );
      if (!org) throw new CloudError("not_found", "organization_not_found", "No existe la organización");
      return {
        account: { id: owner.accountId, email: owner.email, role: owner.role },
        organization: { id: org.id, name: org.name },
      };
    });
  };
