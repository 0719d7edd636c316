import { PurchasingAnswer, PurchasingQuery } from "@mostrador/contracts/http/cloud-purchasing";
import { storesInScope } from "../dashboard/store-scope.js";
import { ownerOf } from "../http/auth.js";
import type { CloudRoutesFactory } from "../http/deps.js";
import { recentCounts, recentPurchases, storeValuations } from "./dashboard.js";

/** GET /v1/dashboard/purchasing: valuation at cost, recent purchases and stock counts, per store (any dashboard account). */
export const purchasingRoutes: CloudRoutesFactory = (deps) => async (app) => {
  app.get(
    "/dashboard/purchasing",
    { schema: { querystring: PurchasingQuery, response: { 200: PurchasingAnswer } } },
    async (request): Promise<PurchasingAnswer> => {
      const { storeId, limit } = request.query as { storeId?: string; limit: number };
      return deps.sql.withTenant(ownerOf(request).tenantId, async (q) => {
        const stores = await storesInScope(q, storeId ?? null);
        return {
          valuation: await storeValuations(q, stores),
          ...(await recentPurchases(q, stores, limit)),
          counts: await recentCounts(q, stores, limit),
        };
      });
    },
  );
};
