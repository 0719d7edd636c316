import type { ShapeTable } from "./shape-tables.js";

export interface ElectricConfig {
  /** Base URL of the Electric sync service, e.g. http://electric:3000 (ELECTRIC_URL). */
  url: string;
  /** ELECTRIC_SECRET: Electric refuses requests without it, so only this proxy can reach it. */
  secret?: string;
}

/** Protocol parameters copied from the appliance's request; everything else is set here or refused. */
export const FORWARDED_PARAMS = [
  "offset",
  "handle",
  "live",
  "cursor",
  "replica",
  "columns",
  "log",
  "expired_handle",
  "cache-buster",
] as const;

/**
 * The request to Electric for one appliance's shape: the client's protocol parameters, and the
 * table, where-clause (tenant and store as bound parameters, never spliced text) and secret fixed
 * by the server.
 */
export function electricShapeUrl(
  config: ElectricConfig,
  table: ShapeTable,
  scope: { tenantId: string; storeId: string },
  query: Record<string, string | undefined>,
): URL {
  const url = new URL("/v1/shape", config.url);
  for (const name of FORWARDED_PARAMS) {
    const value = query[name];
    if (value !== undefined) url.searchParams.set(name, value);
  }
  url.searchParams.set("table", table.name);
  url.searchParams.set("where", table.electricWhere);
  url.searchParams.set("params[1]", scope.tenantId);
  url.searchParams.set("params[2]", scope.storeId);
  if (config.secret) url.searchParams.set("secret", config.secret);
  return url;
}

/**
 * Response headers passed back to the appliance. content-encoding and content-length are dropped:
 * fetch has already decompressed the body, so both would describe bytes the appliance never gets.
 */
export function forwardedHeaders(upstream: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  upstream.forEach((value, name) => {
    if (!["content-encoding", "content-length", "transfer-encoding", "connection"].includes(name))
      out[name] = value;
  });
  return out;
}
