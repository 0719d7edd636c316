import {
  AnalyticsAnswer,
  AnalyticsExportQuery,
  AnalyticsQuery,
  AnalyticsSummaryQuery,
} from "@mostrador/contracts/http/cloud-analytics";
import { analyticsCsv, analyticsXlsx } from "./exports.js";
import { ownerOf } from "../http/auth.js";
import type { CloudRoutesFactory } from "../http/deps.js";
import { answerFor, modulesOn } from "./answer.js";
import { summaryPdfOf } from "./monthly-summary.js";
import { analyticsPeriod } from "./period.js";

/**
 * GET /v1/analytics/sales: the Análisis screen's figures; GET /v1/analytics/export: the same as CSV (one
 * table) or XLSX (every table); GET /v1/analytics/summary.pdf: a month's summary, the PDF mailed to the
 * owner on the 1st. Any dashboard account.
 */
export const analyticsRoutes: CloudRoutesFactory = (deps) => async (app) => {
  app.get(
    "/analytics/sales",
    { schema: { querystring: AnalyticsQuery, response: { 200: AnalyticsAnswer } } },
    async (request): Promise<AnalyticsAnswer> => {
      const query = request.query as AnalyticsQuery;
      const { tenantId } = ownerOf(request);
      analyticsPeriod(query.from, query.to); // refused before a transaction is opened
      const modules = await modulesOn(deps.sql, tenantId, deps.clock.now());
      return deps.sql.withTenant(tenantId, (q) => answerFor(q, tenantId, query, modules));
    },
  );

  app.get("/analytics/export", { schema: { querystring: AnalyticsExportQuery } }, async (request, reply) => {
    const { format, table = "products", lang = "es", ...filters } = request.query as AnalyticsExportQuery;
    const { tenantId } = ownerOf(request);
    analyticsPeriod(filters.from, filters.to);
    const modules = await modulesOn(deps.sql, tenantId, deps.clock.now());
    const answer = await deps.sql.withTenant(tenantId, (q) => answerFor(q, tenantId, filters, modules));
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

  app.get(
    "/analytics/summary.pdf",
    { schema: { querystring: AnalyticsSummaryQuery } },
    async (request, reply) => {
      const { month } = request.query as AnalyticsSummaryQuery;
      const { tenantId } = ownerOf(request);
      const pdf = await summaryPdfOf(deps.sql, tenantId, month, deps.clock.now());
      return reply
        .header("content-type", "application/pdf")
        .header("content-disposition", `attachment; filename="resumen-${month}.pdf"`)
        .send(pdf);
    },
  );
};
