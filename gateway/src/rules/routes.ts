import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { principalOf, requirePermission } from "../../../desktop/src/api/auth.js";
import type { RoutesFactory } from "@mostrador/desktop/core/module";
import { createRule, deleteRule, getRule, listRules, updateRule } from "./rule-store.js";
import { RuleInput, RulePatch } from "./rule-types.js";

const IdParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);

/** Rules are edited by whoever manages devices (owner, manager); reading them needs only a session. */
export const ruleRoutes: RoutesFactory = (ctx) => async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const manage = { preHandler: requirePermission("devices.manage") };
  const actor = (request: Parameters<typeof principalOf>[0]) => {
    const p = principalOf(request);
    return { staffId: p.staffId, terminalId: p.terminalId };
  };

  app.get("/rules", async () => listRules(ctx.db));

  app.get("/rules/:id", { schema: { params: IdParams } }, async (request) =>
    getRule(ctx.db, request.params.id),
  );

  app.post("/rules", { ...manage, schema: { body: RuleInput } }, async (request, reply) => {
    const rule = createRule(ctx, request.body, actor(request));
    reply.status(201);
    return rule;
  });

  app.patch("/rules/:id", { ...manage, schema: { params: IdParams, body: RulePatch } }, async (request) =>
    updateRule(ctx, request.params.id, request.body, actor(request)),
  );

  app.delete("/rules/:id", { ...manage, schema: { params: IdParams } }, async (request) => {
    deleteRule(ctx, request.params.id, actor(request));
    return { ok: true };
  });
};
