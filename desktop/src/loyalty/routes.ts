import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import {
  AccountSummarySchema,
  CustomerParams,
  DailyLoyaltyAnswer,
  LoyaltyRulesSchema,
  PointsAdjustmentBody,
  PointsStatementSchema,
} from "@mostrador/contracts/http/accounts";
import { principalOf, requirePermission } from "@mostrador/kernel/api/auth";
import type { RoutesFactory } from "@mostrador/kernel/core/module";
import { adjustPoints } from "../accounts/adjustments.js";
import { pointsStatement } from "../accounts/statement.js";
import { runDailyLoyalty } from "./daily.js";
import { getLoyaltyRules, setLoyaltyRules } from "./rules.js";

/** Loyalty: the rules (Ajustes), a customer's points ledger, adjustments, and the daily job on demand. */
export const loyaltyRoutes: RoutesFactory = (ctx) => async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const rules = { response: { 200: LoyaltyRulesSchema } };

  app.get("/loyalty/rules", { schema: rules }, async () => getLoyaltyRules(ctx));

  app.put(
    "/loyalty/rules",
    { preHandler: requirePermission("settings.edit"), schema: { body: LoyaltyRulesSchema, ...rules } },
    async (request) => setLoyaltyRules(ctx, principalOf(request), request.body),
  );

  app.get(
    "/loyalty/:customerId",
    { schema: { params: CustomerParams, response: { 200: PointsStatementSchema } } },
    async (request) => pointsStatement(ctx, request.params.customerId),
  );

  app.post(
    "/loyalty/:customerId/adjustments",
    {
      preHandler: requirePermission("accounts.manage"),
      schema: { params: CustomerParams, body: PointsAdjustmentBody, response: { 200: AccountSummarySchema } },
    },
    async (request) => adjustPoints(ctx, principalOf(request), request.params.customerId, request.body),
  );

  app.post(
    "/loyalty/daily",
    { preHandler: requirePermission("accounts.manage"), schema: { response: { 200: DailyLoyaltyAnswer } } },
    async () => runDailyLoyalty(ctx),
  );
};
