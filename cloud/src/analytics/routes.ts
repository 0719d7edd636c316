import {
  AnalyticsAnswer,
  AnalyticsExportQuery,
  AnalyticsQuery,
} from "@mostrador/contracts/http/cloud-analytics";
import type { Queryable } from "../db/sql.js";
import { analyticsCsv, analyticsXlsx } from "./exports.js";
import { storesInScope } from "../dashboard/store-scope.js";
import { ownerOf } from "../http/auth.js";
import type { CloudRoutesFactory } from "../http/deps.js";
import { recountDirtyDays } from "./maintain.js";
import { analyticsPeriod } from "./period.js";
import { salesAnalytics } from "./sales-analytics.js";

/**
 * The answer for the filters, under the tenant (another tenant's store: 404). The days the ingest noted
 * since the worker's last pass are recounted first, so the owner always reads every committed sale.
 */
async function answerFor(q: Queryable, tenantId: string, query: AnalyticsQuery): Promise<AnalyticsAnswer> {
  const period = analyticsPeriod(query.from, query.to);
  await recountDirtyDays(q, tenantId);
  const stores = await storesInScope(q, query.storeId ?? null);
  return salesAnalytics(
    q,
    tenantId,
    stores,
    period,
    { categoryId: query.categoryId ?? null, productId: query.productId ?? null },
    query.storeId ?? null,
  );
}

/**
 * GET /v1/analytics/sales: the Análisis screen's figures; GET /v1/analytics/export: the same as CSV (one
 * table) or XLSX (every table). Any dashboard account.
 */
export const analyticsRoutes: CloudRoutesFactory = (deps) => async (app) => {
  app.get(
    "/analytics/sales",
    { schema: { querystring: AnalyticsQuery, response: { 200: AnalyticsAnswer } } },
    async (request): Promise<AnalyticsAnswer> => {
      const query = request.query as AnalyticsQuery;
      const { tenantId } = ownerOf(request);
      analyticsPeriod(query.from, query.to); // refused before a transaction is opened
      return deps.sql.withTenant(tenantId, (q) => answerFor(q, tenantId, query));
    },
  );

  app.get("/analytics/export", { schema: { querystring: AnalyticsExportQuery } }, async (request, reply) => {
    const { format, table = "products", lang = "es", ...filters } = request.query as AnalyticsExportQuery;
    const { tenantId } = ownerOf(request);
    analyticsPeriod(filters.from, filters.to);
    const answer = await deps.sql.withTenant(tenantId, (q) => answerFor(q, tenantId, filters));
    const name = `analisis-${filters.from}-${filters.to}`;
    if (format === "csv")
      return reply
        .header("content-type", "text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="${name}-${table}.csv"`)
        .send(analyticsCsv(answer, table, lang));
    return reply
      .header("content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
      .header("content-disposition", `attachment; filename="${name}.xlsx"`)
      .send(await analyticsXlsx(answer, lang));
  });
};
