import type { ApiResource } from "@mostrador/contracts/http/cloud-api-keys";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Clock } from "../core/clock.js";
import { CloudError } from "../core/errors.js";
import type { Sql } from "../db/sql.js";
import { type ApiKeyPrincipal, KEY_PREFIX, resolveApiKey } from "./api-keys.js";
import { type Admitted, admitCall, monthlyQuota } from "./usage.js";

declare module "fastify" {
  interface FastifyRequest {
    apiKey: ApiKeyPrincipal | null;
  }
  interface FastifyContextConfig {
    /** A public API route: the resource it reads or writes, checked against the key's scopes. */
    apiScope?: { resource: ApiResource; access: "read" | "write" };
  }
}

const RIGHT_PLACE = "«Authorization: Bearer <clave>»";

/** Headers where people put keys by habit (other APIs); refused by name rather than ignored. */
const WRONG_HEADERS = ["x-api-key", "api-key", "x-api-token", "x-auth-token"];

const VERB: Record<"read" | "write", string> = { read: "leer", write: "escribir" };

/**
 * A key anywhere but the Authorization header is refused, even with a good Authorization beside it: a
 * key in the URL ends up in proxies' and servers' access logs and the browser's history, so the request
 * is told where the key goes instead of being served. Also Authorization with another scheme.
 */
function refuseMisplacedKey(request: FastifyRequest): void {
  const wrong = (where: string) =>
    new CloudError(
      "unauthorized",
      "api_key_wrong_header",
      `La clave de la API va solo en el encabezado ${RIGHT_PLACE}, no en ${where}`,
      { header: "Authorization" },
    );
  const query = request.query as Record<string, unknown> | undefined;
  for (const [name, value] of Object.entries(query ?? {}))
    if (
      /^(api[_-]?key|key|token|access[_-]?token|secret)$/i.test(name) ||
      String(value).startsWith(KEY_PREFIX)
    )
      throw wrong("la dirección (query string)");
  for (const name of WRONG_HEADERS)
    if (request.headers[name] !== undefined) throw wrong(`el encabezado ${name}`);
  const auth = request.headers.authorization;
  if (auth !== undefined && !/^Bearer /.test(auth))
    throw wrong(`«Authorization: ${auth.split(" ")[0]?.slice(0, 20) ?? ""} …»: el esquema es Bearer`);
}

function setRateHeaders(reply: FastifyReply, a: Admitted): void {
  void reply.header("ratelimit-limit", String(a.limit));
  void reply.header("ratelimit-remaining", String(a.remaining));
  void reply.header("ratelimit-reset", String(a.resetSeconds));
  void reply.header("ratelimit-policy", `${a.limit};w=60`);
}

/**
 * The public API's door, on every /api/v1 route but the documentation: the key in the right header,
 * known and not revoked (401 otherwise), the call counted against the key's minute and the tenant's
 * month (429 with the standard headers and Retry-After), then the route's scope (403). Counted before
 * the scope check: a refused call is still a call made.
 */
export function registerKeyAuth(
  app: FastifyInstance,
  deps: { sql: Sql; clock: Clock; perMinute: number },
): void {
  app.decorateRequest("apiKey", null);
  app.addHook("onRequest", async (request, reply) => {
    if (request.routeOptions.config?.auth === "public" || !request.routeOptions.url) return;
    refuseMisplacedKey(request);
    const header = request.headers.authorization;
    if (!header)
      throw new CloudError(
        "unauthorized",
        "api_key_missing",
        `Falta la clave de la API: mandala en el encabezado ${RIGHT_PLACE}`,
        { header: "Authorization" },
      );
    const secret = header.slice("Bearer ".length).trim();
    // Only something shaped like a key is looked up (a dashboard session's token is not one).
    if (!secret.startsWith(KEY_PREFIX) || secret.length > 200)
      throw new CloudError(
        "unauthorized",
        "api_key_invalid",
        `Eso no es una clave de la API (empiezan con ${KEY_PREFIX}); las sesiones del panel no sirven acá`,
      );
    const key = await resolveApiKey(deps.sql, secret);
    const now = deps.clock.now();
    const quota = await monthlyQuota(deps.sql, key.tenantId, now);
    try {
      setRateHeaders(reply, await admitCall(deps.sql, key, { perMinute: deps.perMinute, quota }, now));
    } catch (err) {
      if (err instanceof CloudError && err.code === "api_rate_limited")
        setRateHeaders(reply, {
          limit: deps.perMinute,
          remaining: 0,
          resetSeconds: Number(err.details?.resetSeconds),
        });
      throw err;
    }
    request.apiKey = key;
    const scope = request.routeOptions.config?.apiScope;
    if (!scope) throw new Error(`La ruta ${request.routeOptions.url} de la API no dice qué recurso usa`);
    const level = key.scopes[scope.resource];
    if (!level || (scope.access === "write" && level !== "write"))
      throw new CloudError(
        "forbidden",
        "api_scope_missing",
        `Esta clave no tiene permiso para ${VERB[scope.access]} ${scope.resource}: creá una clave con ese permiso`,
        { resource: scope.resource, access: scope.access },
      );
  });
}

/** The key that authenticated this request; routes behind registerKeyAuth always have one. */
export function apiKeyOf(request: FastifyRequest): ApiKeyPrincipal {
  if (!request.apiKey) throw new CloudError("unauthorized", "api_key_missing", `Falta la clave de la API`);
  return request.apiKey;
}
