import type { FastifyInstance, FastifyRequest } from "fastify";
import {
  describeTextProblem,
  findTextProblem,
  multilineTest,
  NONE,
  shown,
  type Segment,
} from "@mostrador/contracts/text";
import { Refusal } from "@mostrador/contracts/refusal";

declare module "fastify" {
  interface FastifyContextConfig {
    /**
     * What the generic text check covers on this route. Default "all": path params, query string and
     * JSON body. "query-and-params": the route checks its body's text itself (the cloud's POST
     * /v1/ingest does, per op, so one bad op is parked instead of refusing the whole batch).
     */
    textCheck?: "all" | "query-and-params";
  }
}

function refuseBadText(value: unknown, context: string, isMultiline: (path: Segment[]) => boolean): void {
  const problem = findTextProblem(value, isMultiline);
  if (problem)
    throw new Refusal("invalid", "invalid_text", describeTextProblem(problem, context), {
      field: problem.path.map((p) => shown(String(p))).join(".") || context,
    });
}

/**
 * Applies the policy (contracts/src/text.ts) to every request, before schema validation: path params,
 * query string and JSON body (unless the route's config says `textCheck: "query-and-params"`). A
 * refusal is a 400 `invalid_text` naming the field, and nothing runs (no database query: a NUL would
 * make PostgreSQL raise, and a 500 is what this replaces). A WebSocket upgrade accepted by
 * @fastify/websocket (`request.ws`) is left to its own route: its only input, the session token, must
 * match a stored one exactly, and its messages are ignored.
 */
export function registerTextPolicy(app: FastifyInstance): void {
  app.addHook("preValidation", async (request: FastifyRequest) => {
    if ((request as { ws?: unknown }).ws === true) return;
    refuseBadText(request.params, "params", NONE);
    refuseBadText(request.query, "querystring", NONE);
    if (request.routeOptions.config?.textCheck !== "query-and-params")
      refuseBadText(request.body, "body", multilineTest(request.routeOptions.schema?.body));
  });
}
