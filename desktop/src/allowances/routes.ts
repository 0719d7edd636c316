import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { AskCloudAnswer, AskCloudBody, CustomerParams } from "@mostrador/contracts/http/accounts";
import { principalOf } from "@mostrador/kernel/api/auth";
import { DomainError } from "@mostrador/kernel/core/errors";
import type { RoutesFactory } from "@mostrador/kernel/core/module";
import { can } from "@mostrador/kernel/staff/permissions";
import { askCloudFor, type CloudAsker } from "./ask-cloud.js";

/**
 * POST /api/allowances/:customerId/ask: the till asks the cloud for more of a customer's credit or points.
 * `cover` (what a sale needs) is any seller's; `more` (Cuentas) is a manager's, as the hand-back is.
 */
export const allowancesRoutes =
  (ask: CloudAsker, timeoutMs?: number): RoutesFactory =>
  (ctx) =>
  async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
    app.post(
      "/allowances/:customerId/ask",
      { schema: { params: CustomerParams, body: AskCloudBody, response: { 200: AskCloudAnswer } } },
      async (request) => {
        if (request.body.mode === "more" && !can(principalOf(request).role, "accounts.manage")) {
          throw new DomainError(
            "forbidden",
            "permission_denied",
            "Tu rol no permite esta operación; pedí a un encargado",
            { permission: "accounts.manage" },
          );
        }
        return askCloudFor(ctx, ask, request.params.customerId, request.body, timeoutMs);
      },
    );
  };
