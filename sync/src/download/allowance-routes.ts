import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { AllowanceGrantAnswer, AllowanceRequestBody } from "@mostrador/contracts/http/cloud-accounts";
import { requirePermission } from "@mostrador/kernel/api/auth";
import type { RoutesFactory } from "@mostrador/kernel/core/module";
import { askCloudForAllowance } from "./allowance-request.js";

/**
 * POST /api/sync/allowances (accounts.manage): a linked store asks the cloud for more of a customer's
 * credit or points and can sell against the grant at once (desktop/src/accounts/README.md).
 */
export const allowanceRoutes: RoutesFactory = (ctx) => async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    "/sync/allowances",
    {
      preHandler: requirePermission("accounts.manage"),
      schema: { body: AllowanceRequestBody, response: { 200: AllowanceGrantAnswer } },
    },
    async (request) => askCloudForAllowance(ctx, request.body),
  );
};
