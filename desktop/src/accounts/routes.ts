import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import {
  AccountAdjustmentBody,
  AccountPaymentAnswer,
  AccountPaymentBody,
  AccountSummarySchema,
  CreditLimitBody,
  CustomerParams,
  DebtorsSchema,
  HandBackAnswer,
  HandBackBody,
  StatementSchema,
} from "@mostrador/contracts/http/accounts";
import { principalOf, requirePermission } from "@mostrador/kernel/api/auth";
import type { RoutesFactory } from "@mostrador/kernel/core/module";
import { adjustAccount } from "./adjustments.js";
import { handBackToCloud } from "./allowance.js";
import { setCreditLimit } from "./limits.js";
import { payAccount } from "./payments.js";
import { statementPdf } from "./statement-pdf.js";
import { accountStatement, listDebtors } from "./statement.js";
import { accountSummary } from "./summary.js";

const summary = { response: { 200: AccountSummarySchema } };

/** Customer accounts: thin routes over the domain (accounts/*.ts); requests and answers are the contract's. */
export const accountsRoutes: RoutesFactory = (ctx) => async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const manager = { preHandler: requirePermission("accounts.manage") };

  app.get("/accounts/debtors", { schema: { response: { 200: DebtorsSchema } } }, async () =>
    listDebtors(ctx),
  );

  app.get("/accounts/:customerId", { schema: { params: CustomerParams, ...summary } }, async (request) =>
    accountSummary(ctx, request.params.customerId),
  );

  app.get(
    "/accounts/:customerId/statement",
    { schema: { params: CustomerParams, response: { 200: StatementSchema } } },
    async (request) => accountStatement(ctx, request.params.customerId),
  );

  app.get(
    "/accounts/:customerId/statement.pdf",
    { schema: { params: CustomerParams } },
    async (request, reply) => {
      const pdf = await statementPdf(ctx, request.params.customerId);
      reply.header("content-type", "application/pdf");
      reply.header("content-disposition", `inline; filename="cuenta-${request.params.customerId}.pdf"`);
      return reply.send(pdf);
    },
  );

  app.put(
    "/accounts/:customerId/limit",
    { ...manager, schema: { params: CustomerParams, body: CreditLimitBody, ...summary } },
    async (request) =>
      setCreditLimit(ctx, principalOf(request), request.params.customerId, request.body.creditLimit),
  );

  app.post(
    "/accounts/:customerId/payments",
    {
      schema: {
        params: CustomerParams,
        body: AccountPaymentBody,
        response: { 200: AccountPaymentAnswer, 201: AccountPaymentAnswer },
      },
    },
    async (request, reply) => {
      const { payment, created } = payAccount(
        ctx,
        principalOf(request),
        request.params.customerId,
        request.body,
      );
      reply.status(created ? 201 : 200);
      return payment;
    },
  );

  app.post(
    "/accounts/:customerId/hand-back",
    { ...manager, schema: { params: CustomerParams, body: HandBackBody, response: { 200: HandBackAnswer } } },
    async (request) => {
      const handedBack = handBackToCloud(ctx, request.params.customerId, request.body.kind);
      return { handedBack, account: accountSummary(ctx, request.params.customerId) };
    },
  );

  app.post(
    "/accounts/:customerId/adjustments",
    { ...manager, schema: { params: CustomerParams, body: AccountAdjustmentBody, ...summary } },
    async (request) => adjustAccount(ctx, principalOf(request), request.params.customerId, request.body),
  );
};
