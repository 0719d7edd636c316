import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import {
  BlockBody,
  CardEntryParams,
  CardHistorySchema,
  CardOperationAnswer,
  CardParams,
  CardSettingsBody,
  CardSettingsSchema,
  CardsExpirySchema,
  CardsOutstandingQuery,
  CardsOutstandingSchema,
  CardsReportQuery,
  CardsReportSchema,
  CardsShiftList,
  CardTransferAnswer,
  CardUidParams,
  CardNumberParams,
  CardViewSchema,
  CashOutBody,
  IssueCardBody,
  TopUpBody,
  TransferBody,
  VoidTopUpBody,
} from "@mostrador/contracts/http/cards";
import { principalOf, requirePermission } from "@mostrador/kernel/api/auth";
import type { RoutesFactory } from "@mostrador/kernel/core/module";
import { cardView, requireCard, requireCardByUid } from "./cards.js";
import { requireCardByPrintedNumber } from "./printed-number.js";
import { expiryReport, runExpiry } from "./expiry.js";
import { issueCard } from "./issue.js";
import { blockCard, cashOutCard, transferCard, unblockCard, voidTopUp } from "./manage.js";
import { cardHistory, cardsReport, outstanding, recentShifts } from "./reports.js";
import { getCardSettings, setCardSettings } from "./settings.js";
import { topUpCard } from "./topup.js";

const operation = { response: { 200: CardOperationAnswer, 201: CardOperationAnswer } };

/**
 * Prepaid cards: thin routes over the domain (cards/*.ts); requests and answers are the contract's
 * (contracts/src/http/cards.ts). Every write answers 201 when applied and 200 to a retry of the same
 * request id, with the same answer. Charging a card is POST /api/sales with method "card" and `cardId`.
 */
export const cardsRoutes: RoutesFactory = (ctx) => async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const manager = { preHandler: requirePermission("cards.manage") };

  app.get("/cards/settings", { schema: { response: { 200: CardSettingsSchema } } }, async () =>
    getCardSettings(ctx),
  );
  app.put(
    "/cards/settings",
    { ...manager, schema: { body: CardSettingsBody, response: { 200: CardSettingsSchema } } },
    async (request) => setCardSettings(ctx, principalOf(request), request.body),
  );

  app.get(
    "/cards/report",
    { schema: { querystring: CardsReportQuery, response: { 200: CardsReportSchema } } },
    async (request) => cardsReport(ctx, request.query),
  );
  app.get("/cards/shifts", { ...manager, schema: { response: { 200: CardsShiftList } } }, async () =>
    recentShifts(ctx),
  );
  app.get(
    "/cards/outstanding",
    { schema: { querystring: CardsOutstandingQuery, response: { 200: CardsOutstandingSchema } } },
    async (request) => outstanding(ctx, request.query.at),
  );
  app.get("/cards/expiry", { schema: { response: { 200: CardsExpirySchema } } }, async () =>
    expiryReport(ctx),
  );
  app.post(
    "/cards/expiry/run",
    { ...manager, schema: { response: { 200: CardsExpirySchema } } },
    async () => {
      runExpiry(ctx);
      return expiryReport(ctx);
    },
  );

  app.get(
    "/cards/by-uid/:uid",
    { schema: { params: CardUidParams, response: { 200: CardViewSchema } } },
    async (request) => cardView(ctx, requireCardByUid(ctx, request.params.uid)),
  );
  app.get(
    "/cards/by-number/:number",
    { schema: { params: CardNumberParams, response: { 200: CardViewSchema } } },
    async (request) => cardView(ctx, requireCardByPrintedNumber(ctx, request.params.number)),
  );
  app.get(
    "/cards/:cardId",
    { schema: { params: CardParams, response: { 200: CardViewSchema } } },
    async (request) => cardView(ctx, requireCard(ctx, request.params.cardId)),
  );
  app.get(
    "/cards/:cardId/history",
    { schema: { params: CardParams, response: { 200: CardHistorySchema } } },
    async (request) => cardHistory(ctx, request.params.cardId),
  );

  app.post("/cards", { schema: { body: IssueCardBody, ...operation } }, async (request, reply) => {
    const { answer, created } = issueCard(ctx, principalOf(request), request.body);
    return reply.status(created ? 201 : 200).send(answer);
  });
  app.post(
    "/cards/:cardId/topups",
    { schema: { params: CardParams, body: TopUpBody, ...operation } },
    async (request, reply) => {
      const { answer, created } = topUpCard(ctx, principalOf(request), request.params.cardId, request.body);
      return reply.status(created ? 201 : 200).send(answer);
    },
  );
  app.post(
    "/cards/:cardId/cashout",
    { schema: { params: CardParams, body: CashOutBody, ...operation } },
    async (request, reply) => {
      const { answer, created } = cashOutCard(ctx, principalOf(request), request.params.cardId, request.body);
      return reply.status(created ? 201 : 200).send(answer);
    },
  );
  app.post(
    "/cards/:cardId/block",
    { schema: { params: CardParams, body: BlockBody, ...operation } },
    async (request, reply) => {
      const { answer, created } = blockCard(ctx, principalOf(request), request.params.cardId, request.body);
      return reply.status(created ? 201 : 200).send(answer);
    },
  );
  app.post(
    "/cards/:cardId/unblock",
    { schema: { params: CardParams, body: BlockBody, ...operation } },
    async (request, reply) => {
      const { answer, created } = unblockCard(ctx, principalOf(request), request.params.cardId, request.body);
      return reply.status(created ? 201 : 200).send(answer);
    },
  );
  app.post(
    "/cards/:cardId/transfer",
    {
      schema: {
        params: CardParams,
        body: TransferBody,
        response: { 200: CardTransferAnswer, 201: CardTransferAnswer },
      },
    },
    async (request, reply) => {
      const { answer, created } = transferCard(
        ctx,
        principalOf(request),
        request.params.cardId,
        request.body,
      );
      return reply.status(created ? 201 : 200).send(answer);
    },
  );
  app.post(
    "/cards/entries/:entryId/void",
    { schema: { params: CardEntryParams, body: VoidTopUpBody, ...operation } },
    async (request, reply) => {
      const { answer, created } = voidTopUp(ctx, principalOf(request), request.params.entryId, request.body);
      return reply.status(created ? 201 : 200).send(answer);
    },
  );
};
