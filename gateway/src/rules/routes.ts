import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import {
  RuleDeletedAnswer,
  RuleInput,
  RuleList,
  RuleParams,
  RulePatch,
  RuleSchema,
} from "@mostrador/contracts/http/rules";
import { principalOf, requirePermission } from "@mostrador/kernel/api/auth";
import type { RoutesFactory } from "@mostrador/kernel/core/module";
import { createRule, deleteRule, getRule, listRules, updateRule } from "./rule-store.js";

// Requests and answers are the HTTP contract's (contracts/src/http/rules.ts).
const rule = { 200: RuleSchema };

/** Rules are edited by whoever manages devices (owner, manager); reading them needs only a session. */
export const ruleRoutes: RoutesFactory = (ctx) => async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const manage = { preHandler: requirePermission("devices.manage") };
  const actor = (request: Parameters<typeof principalOf>[0]) => {
    const p = principalOf(request);
    return { staffId: p.staffId, terminalId: p.terminalId };
  };

  app.get("/rules", { schema: { response: { 200: RuleList } } }, async () => listRules(ctx.db));

  app.get("/rules/:id", { schema: { params: RuleParams, response: rule } }, async (request) =>
    getRule(ctx.db, request.params.id),
  );

  app.post(
    "/rules",
    { ...manage, schema: { body: RuleInput, response: { 201: RuleSchema } } },
    async (request, reply) => {
      const rule = createRule(ctx, request.body, actor(request));
      reply.status(201);
      return rule;
    },
  );

  app.patch(
    "/rules/:id",
    { ...manage, schema: { params: RuleParams, body: RulePatch, response: rule } },
    async (request) => updateRule(ctx, request.params.id, request.body, actor(request)),
  );

  app.delete(
    "/rules/:id",
    { ...manage, schema: { params: RuleParams, response: { 200: RuleDeletedAnswer } } },
    async (request) => {
      deleteRule(ctx, request.params.id, actor(request));
      return { ok: true as const };
    },
  );
};
