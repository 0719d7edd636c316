import { fileURLToPath } from "node:url";
import type { CloudModule } from "../core/module.js";
import { apiKeyRoutes } from "./key-routes.js";
import { publicApiRoutes, type PublicApiConfig } from "./routes.js";

/** Calls per key per minute unless CLOUD_API_RATE_PER_MINUTE says otherwise (1 … 100000). */
export const DEFAULT_PER_MINUTE = 120;

export function perMinuteFromEnv(env: NodeJS.ProcessEnv): number {
  const raw = env.CLOUD_API_RATE_PER_MINUTE;
  if (raw === undefined || raw === "") return DEFAULT_PER_MINUTE;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 100_000)
    throw new Error(`CLOUD_API_RATE_PER_MINUTE debe ser un entero entre 1 y 100000 (es "${raw}")`);
  return n;
}

/**
 * The public API (README.md beside this file, docs/public-api.md): the tenant's API keys (dashboard
 * "API", /v1/api-keys), and the versioned REST API at /api/v1 with its rate limit, the plan's monthly
 * quota, and its OpenAPI document and docs page. Migration 0028.
 */
export function createPublicApiModule(config: PublicApiConfig): CloudModule {
  return {
    name: "publicapi",
    migrations: fileURLToPath(new URL("./migrations/", import.meta.url)),
    routes: [apiKeyRoutes(config.perMinute)],
    rootRoutes: [publicApiRoutes(config)],
  };
}
