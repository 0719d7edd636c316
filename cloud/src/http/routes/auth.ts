import { Type } from "@sinclair/typebox";
import { login, logout } from "../../auth/accounts.js";
import { CloudError } from "../../core/errors.js";
import { ownerOf } from "../auth.js";
import type { CloudRoutesFactory } from "../deps.js";

const LoginBody = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);

/** Owner/manager sessions for the dashboard: login, logout, who am I. */
export const authRoutes: CloudRoutesFactory =
  ({ sql, clock }) =>
  async (app) => {
    app.post("/auth/login", { config: { auth: "public" }, schema: { body: LoginBody } }, async (request) => {
      const { email, password } = request.body as { email: string; password: string };
      const result = await login(sql, email, password, clock);
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
    });

    app.post("/auth/logout", async (request, reply) => {
      await logout(sql, ownerOf(request));
      return reply.status(204).send();
    });

    app.get("/me", async (request) => {
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
