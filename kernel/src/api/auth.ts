import type { Permission } from "@mostrador/contracts/http/staff";
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerHookHandler } from "fastify";
import type { Ctx } from "../core/context.js";
import { DomainError } from "../core/errors.js";
import { can } from "../staff/permissions.js";
import { type Principal, resolveSession } from "../staff/sessions.js";

declare module "fastify" {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** Reachable without a staff session (login screen, health, the UI's static files). */
    public?: boolean;
  }
}

/** The bearer token from the Authorization header, or from `?token=` for WebSocket upgrades (browsers cannot set headers there). */
export function tokenOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header?.startsWith("Bearer ")) return header.slice(7).trim() || null;
  const query = request.query as Record<string, unknown> | undefined;
  return typeof query?.token === "string" ? query.token : null;
}

const UPGRADE_REFUSED = JSON.stringify({
  error: { code: "not_logged_in", message: "Sesión inválida o vencida: ingresá tu PIN" },
});

/**
 * Refuses a WebSocket upgrade with a plain 401 and closes the socket. @fastify/websocket runs the upgrade
 * through Fastify against a response bound to the raw socket outside the HTTP server's bookkeeping, so a
 * normal error reply would leave the socket open: every refused tablet retry would leak a descriptor.
 */
function refuseUpgrade(request: FastifyRequest, reply: FastifyReply): void {
  reply.hijack();
  const socket = request.raw.socket;
  socket.on("error", () => socket.destroy());
  socket.end(
    `HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(UPGRADE_REFUSED)}\r\n\r\n${UPGRADE_REFUSED}`,
    () => socket.destroy(),
  );
}

/** Every /api route needs a valid staff session unless its config says `public: true`. */
export function registerAuth(app: FastifyInstance, ctx: Ctx): void {
  app.decorateRequest("principal", null);
  app.addHook("onRequest", async (request, reply) => {
    if (!request.url.startsWith("/api/") || request.routeOptions.config?.public) return;
    const token = tokenOf(request);
    const principal = token ? resolveSession(ctx, token) : null;
    if (!principal) {
      if (request.headers.upgrade?.toLowerCase() === "websocket") return refuseUpgrade(request, reply);
      throw new DomainError("unauthorized", "not_logged_in", "Sesión inválida o vencida: ingresá tu PIN");
    }
    request.principal = principal;
  });
}

/** The logged-in staff member; routes behind registerAuth always have one. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal)
    throw new DomainError("unauthorized", "not_logged_in", "Sesión inválida o vencida: ingresá tu PIN");
  return request.principal;
}

/** The till the session was opened on; selling and cash need one. */
export function terminalOf(request: FastifyRequest): string {
  const terminalId = principalOf(request).terminalId;
  if (!terminalId) throw new DomainError("invalid", "no_terminal", "Esta sesión no está asociada a una caja");
  return terminalId;
}

/** Refuses unless the role holds `permission` — or any one of `alternatives` (a list two screens share). */
export function requirePermission(
  permission: Permission,
  ...alternatives: Permission[]
): preHandlerHookHandler {
  return async (request) => {
    const role = principalOf(request).role;
    if (![permission, ...alternatives].some((p) => can(role, p))) {
      throw new DomainError(
        "forbidden",
        "permission_denied",
        "Tu rol no permite esta operación; pedí a un encargado",
        {
          permission,
        },
      );
    }
  };
}
