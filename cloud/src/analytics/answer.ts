import type { AnalyticsAnswer, AnalyticsQuery } from "@mostrador/contracts/http/cloud-analytics";
import type { EntitledModule } from "@mostrador/contracts/billing/plans";
import { readRow } from "../billing/checkout.js";
import { standingOf } from "../billing/standing.js";
import { storesInScope } from "../dashboard/store-scope.js";
import type { Queryable, Sql } from "../db/sql.js";
import { cardFigures } from "./card-figures.js";
import { recountDirtyDays } from "./maintain.js";
import { analyticsPeriod } from "./period.js";
import { salesAnalytics } from "./sales-analytics.js";
import { turnoFigures } from "./turno-figures.js";

/** The modules the tenant's plan has on now (billing's standing): cards and turnos figures only where on. */
export async function modulesOn(sql: Sql, tenantId: string, now: Date): Promise<readonly EntitledModule[]> {
  return standingOf(await readRow(sql, tenantId), now).modules;
}

/**
 * The answer for the filters, under the tenant (another tenant's store: 404). The days the ingest noted
 * since the worker's last pass are recounted first, so the owner always reads every committed sale.
 */
export async function answerFor(
  q: Queryable,
  tenantId: string,
  query: AnalyticsQuery,
  modules: readonly EntitledModule[],
): Promise<AnalyticsAnswer> {
  const period = analyticsPeriod(query.from, query.to);
  await recountDirtyDays(q, tenantId);
  const stores = await storesInScope(q, query.storeId ?? null);
  const sales = await salesAnalytics(
    q,
    tenantId,
    stores,
    period,
    { categoryId: query.categoryId ?? null, productId: query.productId ?? null },
    query.storeId ?? null,
  );
  return {
    ...sales,
    cards: modules.includes("cards") ? await cardFigures(q, stores, period) : null,
    turnos: modules.includes("turnos") ? await turnoFigures(q, stores, period) : null,
  };
}
