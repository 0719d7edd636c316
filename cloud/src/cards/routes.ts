import {
  CardHistoryAnswer,
  CardHistoryParams,
  CardListAnswer,
  CardListQuery,
  CardReportAnswer,
  CardReportQuery,
} from "@mostrador/contracts/http/cloud-cards";
import { storesInScope } from "../dashboard/store-scope.js";
import { ownerOf } from "../http/auth.js";
import type { CloudRoutesFactory } from "../http/deps.js";
import { cardHistory, listCards } from "./card-list.js";
import { cardReport, resolvePeriod } from "./report.js";

/**
 * The owner's view of the stores' prepaid cards (any dashboard account), under the tenant (RLS): the
 * period's figures and the liability (`/dashboard/cards/report`), the cards (`/dashboard/cards`) and one
 * card's history (`/dashboard/cards/:id`). A store of another tenant is 404 store_not_found.
 */
export const cardsRoutes: CloudRoutesFactory = (deps) => async (app) => {
  const { sql, clock } = deps;

  app.get(
    "/dashboard/cards/report",
    { schema: { querystring: CardReportQuery, response: { 200: CardReportAnswer } } },
    async (request): Promise<CardReportAnswer> => {
      const ask = request.query as CardReportQuery;
      return sql.withTenant(ownerOf(request).tenantId, async (q) => {
        const stores = await storesInScope(q, ask.storeId ?? null);
        return cardReport(q, stores, resolvePeriod(ask, stores, clock.now()));
      });
    },
  );

  app.get(
    "/dashboard/cards",
    { schema: { querystring: CardListQuery, response: { 200: CardListAnswer } } },
    async (request): Promise<CardListAnswer> => {
      const ask = request.query as CardListQuery;
      return sql.withTenant(ownerOf(request).tenantId, async (q) => {
        if (ask.storeId) await storesInScope(q, ask.storeId);
        return listCards(q, { ...ask, storeId: ask.storeId ?? null });
      });
    },
  );

  app.get(
    "/dashboard/cards/:id",
    { schema: { params: CardHistoryParams, response: { 200: CardHistoryAnswer } } },
    async (request): Promise<CardHistoryAnswer> => {
      const { id } = request.params as { id: string };
      return sql.withTenant(ownerOf(request).tenantId, (q) => cardHistory(q, id));
    },
  );
};
