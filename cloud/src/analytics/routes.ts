import { AnalyticsAnswer, AnalyticsQuery } from "@mostrador/contracts/http/cloud-analytics";
import { storesInScope } from "../dashboard/store-scope.js";
import { ownerOf } from "../http/auth.js";
import type { CloudRoutesFactory } from "../http/deps.js";
import { analyticsPeriod } from "./period.js";
import { salesAnalytics } from "./sales-analytics.js";

/** GET /v1/analytics/sales: the Análisis screen's figures (any dashboard account). */
export const analyticsRoutes: CloudRoutesFactory = (deps) => async (app) => {
  app.get(
    "/analytics/sales",
    { schema: { querystring: AnalyticsQuery, response: { 200: AnalyticsAnswer } } },
    async (request): Promise<AnalyticsAnswer> => {
      const query = request.query as AnalyticsQuery;
      const period = analyticsPeriod(query.from, query.to);
      const { tenantId } = ownerOf(request);
      return deps.sql.withTenant(tenantId, async (q) => {
        const stores = await storesInScope(q, query.storeId ?? null);
        return salesAnalytics(
          q,
          tenantId,
          stores,
          period,
          { categoryId: query.categoryId ?? null, productId: query.productId ?? null },
          query.storeId ?? null,
        );
      });
    },
  );
};
