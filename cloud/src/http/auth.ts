import type { FastifyInstance, FastifyRequest, preHandlerHookHandler } from "fastify";
import { resolveOwnerSession, type AccountRole, type OwnerPrincipal } from "../auth/accounts.js";
import type { Clock } from "../core/clock.js";
import { CloudError } from "../core/errors.js";
import type { Sql } from "../db/sql.js";
import { resolveApplianceToken, type AppliancePrincipal } from "../tenancy/appliances.js";

/**
 * Who may call a route. Default "owner" (any dashboard account), so a route that forgets to say is
 * closed, not open. "appliance": an enrolled, unrevoked appliance's token. "public": login, enroll, health.
 */
export type RouteAuth = "owner" | "appliance" | "public";

declare module "fastify" {
  interface FastifyRequest {
    owner: OwnerPrincipal | null;
    appliance: AppliancePrincipal | null;
  }
  interface FastifyContextConfig {
    auth?: RouteAuth;
  }
}

function bearerOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header?.startsWith("Bearer ")) return null;
  const token = header.slice(7).trim();
  // Our tokens are 47 characters; anything far longer is not worth hashing.
  return token && token.length <= 200 ? token : null;
}

const NOT_LOGGED_IN = () =>
  new CloudError("unauthorized", "not_logged_in", "Sesión inválida o vencida: volvé a ingresar");

export function registerAuth(app: FastifyInstance, sql: Sql, clock: Clock): void {
  app.decorateRequest("owner", null);
  app.decorateRequest("appliance", null);
  app.addHook("onRequest", async (request) => {
    const auth = request.routeOptions.config?.auth ?? "owner";
    if (auth === "public" || !request.routeOptions.url) return; // unknown routes get the JSON 404
    const token = bearerOf(request);
    if (auth === "appliance") {
      if (!token)
        throw new CloudError(
          "unauthorized",
          "appliance_unknown",
          "Falta la credencial del equipo (Authorization: Bearer)",
        );
      request.appliance = await resolveApplianceToken(sql, token, clock);
      return;
    }
    const owner = token ? await resolveOwnerSession(sql, token, clock) : null;
    if (!owner) throw NOT_LOGGED_IN();
    request.owner = owner;
  });
}

/** The dashboard account calling; routes with auth "owner" always have one. */
export function ownerOf(request: FastifyRequest): OwnerPrincipal {
  if (!request.owner) throw NOT_LOGGED_IN();
  return request.owner;
}

/** The appliance calling; routes with auth "appliance" always have one. */
export function applianceOf(request: FastifyRequest): AppliancePrincipal {
  if (!request.appliance)
    throw new CloudError(
      "unauthorized",
      "appliance_unknown",
      "Credencial de equipo inválida: volvé a vincularlo",
    );
  return request.appliance;
}

/** Owner-only actions (creating stores, revoking appliances); managers get a clear 403. */
export function requireRole(role: AccountRole): preHandlerHookHandler {
  return async (request) => {
    if (ownerOf(request).role !== role)
      throw new CloudError("forbidden", "role_required", "Solo el dueño de la cuenta puede hacer esto");
  };
}
