import type { FastifyInstance, FastifyRequest, preHandlerHookHandler } from "fastify";
import { resolveOwnerSession, type AccountRole, type OwnerPrincipal } from "../auth/accounts.js";
import type { Clock } from "../core/clock.js";
import { CloudError } from "../core/errors.js";
import type { Sql } from "../db/sql.js";
import { resolveApplianceToken, type AppliancePrincipal } from "../tenancy/appliances.js";

/**
 * Who may call a route. Default "owner" (any dashboard account), so a route that forgets to say is
 * closed, not open. "appliance": an enrolled, unrevoked appliance's token. "public": login, enroll, health.
 * "api_key": the public API's routes (/api/v1), whose plugin checks the key in a hook of its own
 * (cloud/src/publicapi/key-auth.ts); it marks every route it registers so, unless one says "public".
 */
export type RouteAuth = "owner" | "appliance" | "public" | "api_key";

declare module "fastify" {
  interface FastifyRequest {
    owner: OwnerPrincipal | null;
    appliance: AppliancePrincipal | null;
  }
  interface FastifyContextConfig {
    auth?: RouteAuth;
    /**
     * The route acts on the caller's own account (logout, own password, own sessions): open to every
     * role, the read-only accountant included. Every other POST/PUT/PATCH/DELETE refuses accountants.
     */
    selfService?: boolean;
    /** The route waits for a verified email (pairing appliances, inviting people): 403 `email_unverified`. */
    verified?: boolean;
  }
}

function bearerOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header?.startsWith("Bearer ")) return null;
  const token = header.slice(7).trim();
  // Our tokens are 47 characters; anything far longer is not worth hashing.
  return token && token.length <= 200 ? token : null;
}

const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

const NOT_LOGGED_IN = () =>
  new CloudError("unauthorized", "not_logged_in", "Sesión inválida o vencida: volvé a ingresar");

export function registerAuth(app: FastifyInstance, sql: Sql, clock: Clock): void {
  app.decorateRequest("owner", null);
  app.decorateRequest("appliance", null);
  app.addHook("onRequest", async (request) => {
    const auth = request.routeOptions.config?.auth ?? "owner";
    if (auth === "public" || !request.routeOptions.url) return; // unknown routes get the JSON 404
    if (auth === "api_key") return; // the public API's own hook (publicapi/key-auth.ts) checks the key
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
    const config = request.routeOptions.config;
    // The accountant reads everything and changes nothing: enforced here, once, for every route.
    if (owner.role === "accountant" && !READ_METHODS.has(request.method) && !config?.selfService)
      throw new CloudError(
        "forbidden",
        "read_only_role",
        "Tu rol es de solo lectura (contador/a): podés ver todo, pero no cambiar nada",
      );
    if (config?.verified && !owner.emailVerified)
      throw new CloudError(
        "forbidden",
        "email_unverified",
        "Primero confirmá tu email con el enlace que te mandamos (podés pedir otro desde el aviso de arriba)",
      );
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
