import type { FastifyInstance } from "fastify";

export interface RouteEntry {
  method: string;
  url: string;
}

/**
 * Every route a ready Fastify app answers, read from its route tree (`printRoutes`), HEAD aside: what
 * the bad-input tests walk, so a route added tomorrow is tested without anyone listing it.
 */
export function listRoutes(app: FastifyInstance): RouteEntry[] {
  const found: RouteEntry[] = [];
  const prefixes: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split("\n")) {
    const m = /^((?:│ {3}| {4})*)[├└]── (\S+) \(([^)]*)\)$/.exec(line);
    if (!m) continue;
    const depth = (m[1] ?? "").length / 4;
    const url = (prefixes[depth - 1] ?? "") + m[2];
    prefixes[depth] = url;
    prefixes.length = depth + 1;
    for (const method of (m[3] ?? "").split(", "))
      if (method !== "HEAD" && method !== "-") found.push({ method, url });
  }
  return found;
}
