import type { FastifyInstance, FastifyRequest } from "fastify";
import { DomainError } from "../core/errors.js";
import {
  describeTextProblem,
  findTextProblem,
  multilineTest,
  NONE,
  shown,
  type Segment,
} from "@mostrador/contracts/text";

declare module "fastify" {
  interface FastifyContextConfig {
    /**
     * What the generic text check covers on this route. Default "all": path params, query string and
     * JSON body. "query-and-params": the route checks its body's text itself.
     */
    textCheck?: "all" | "query-and-params";
  }
}

function refuseBadText(value: unknown, context: string, isMultiline: (path: Segment[]) => boolean): void {
  const problem = findTextProblem(value, isMultiline);
  if (problem)
    throw new DomainError("invalid", "invalid_text", describeTextProblem(problem, context), {
      field: problem.path.map((p) => shown(String(p))).join(".") || context,
    });
}

/**
 * Applies the policy to every request, before schema validation: path params, query string and JSON
 * body (unless the route's config says `textCheck: "query-and-params"`). A refusal is a 400
 * `invalid_text` naming the field, and nothing runs. WebSocket upgrades are left to their own route
 * (their only input, the session token, must match a stored one exactly; messages are ignored).
 */
export function registerTextPolicy(app: FastifyInstance): void {
  app.addHook("preValidation", async (request: FastifyRequest) => {
    if (request.headers.upgrade?.toLowerCase() === "websocket") return;
    refuseBadText(request.params, "params", NONE);
    refuseBadText(request.query, "querystring", NONE);
    if (request.routeOptions.config?.textCheck !== "query-and-params")
      refuseBadText(request.body, "body", multilineTest(request.routeOptions.schema?.body));
  });
}
