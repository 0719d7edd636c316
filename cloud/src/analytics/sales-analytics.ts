import type {
  AnalyticsAnswer,
  AnalyticsCategory,
  AnalyticsDay,
  AnalyticsProduct,
  AnalyticsTotals,
} from "@mostrador/contracts/http/cloud-analytics";
import { divide } from "@mostrador/contracts/money";
import type { Queryable } from "../db/sql.js";
import type { ScopedStore } from "../dashboard/store-scope.js";
import { addDays } from "../dashboard/periods.js";
import { type AnalyticsPeriod, isoWeekday } from "./period.js";

/** The top products an answer lists. */
const TOP_PRODUCTS = 200;

export interface AnalyticsFilter {
  categoryId: string | null;
  productId: string | null;
}

/**
 * Which product ids a filter keeps: `only` (a product, or a category's products) or all but `except`
 * (products without a category: every product that has one is left out). Resolved once, from the
 * catalog, so the aggregate queries filter with `= ANY` on their own rows.
 */
interface ProductSet {
  only: string[] | null;
  except: string[] | null;
}

async function productSet(q: Queryable, filter: AnalyticsFilter): Promise<ProductSet | null> {
  if (filter.productId) return { only: [filter.productId], except: null };
  if (filter.categoryId === "none") {
    const rows = await q.query<{ id: string }>(
      "SELECT id::text AS id FROM products WHERE category_id IS NOT NULL",
    );
    return { only: null, except: rows.map((r) => r.id) };
  }
  if (filter.categoryId) {
    const rows = await q.query<{ id: string }>("SELECT id::text AS id FROM products WHERE category_id = $1", [
      filter.categoryId,
    ]);
    return { only: rows.map((r) => r.id), except: null };
  }
  return null;
}

/** $1 tenant, $2 stores, $3 from, $4 to, $5 only (text[] or null), $6 except (text[] or null) */
const PRODUCT_FILTER = `($5::text[] IS NULL OR d.product_id = ANY($5)) AND ($6::text[] IS NULL OR NOT d.product_id = ANY($6))`;
const IN_SCOPE = `d.tenant_id = $1 AND d.store_id = ANY($2::uuid[]) AND d.day BETWEEN $3::date AND $4::date`;

/**
 * Product rows of the period: whole calendar months from analytics_product_months ($7 first month, $8 the
 * day after the last), the days around them from analytics_product_days. $7 = $8 when no month is whole.
 */
const PRODUCT_ROWS = `(
    SELECT d.store_id, d.day, d.product_id, d.unit, d.name, d.quantity, d.sales_total, d.returned_quantity,
           d.returned_total
      FROM analytics_product_days d
     WHERE ${IN_SCOPE} AND NOT (d.day >= $7::date AND d.day < $8::date) AND ${PRODUCT_FILTER}
    UNION ALL
    SELECT d.store_id, d.month, d.product_id, d.unit, d.name, d.quantity, d.sales_total, d.returned_quantity,
           d.returned_total
      FROM analytics_product_months d
     WHERE d.tenant_id = $1 AND d.store_id = ANY($2::uuid[]) AND d.month >= $7::date AND d.month < $8::date
       AND ${PRODUCT_FILTER}
  ) d`;

interface ProductRow {
  product_id: string;
  unit: string;
  name: string;
  category_id: string | null;
  quantity: number;
  returned_quantity: number;
  sales: number;
  returns: number;
  net_with_cost: number | null;
  cost: number | null;
  on_hand: number | null;
}

/**
 * Every product sold in the period (per product and unit, across the stores): its figures, the cost of
 * its net quantity at each store's average cost today (kg products: cost per kg, quantity in grams) and
 * the stock on hand now.
 */
const PRODUCTS = `
  WITH per_store AS (
    SELECT d.store_id, d.product_id, d.unit, sum(d.quantity) AS quantity, sum(d.returned_quantity) AS returned_quantity,
           sum(d.sales_total) AS sales, sum(d.returned_total) AS returns, max(d.day) AS last_day,
           (array_agg(d.name ORDER BY d.day DESC))[1] AS name
      FROM ${PRODUCT_ROWS}
     GROUP BY d.store_id, d.product_id, d.unit
  ),
  costed AS (
    SELECT s.*, c.average_cost,
           round((s.quantity - s.returned_quantity)::numeric * c.average_cost
                 / CASE WHEN s.unit = 'kg' THEN 1000 ELSE 1 END) AS cost
      FROM per_store s
      LEFT JOIN product_costs c ON c.tenant_id = $1 AND c.store_id = s.store_id AND c.product_id = s.product_id
  ),
  per_product AS (
    SELECT product_id, unit, (array_agg(name ORDER BY last_day DESC))[1] AS name,
           sum(quantity)::bigint AS quantity, sum(returned_quantity)::bigint AS returned_quantity,
           sum(sales)::bigint AS sales, sum(returns)::bigint AS returns,
           (sum(sales - returns) FILTER (WHERE average_cost IS NOT NULL))::bigint AS net_with_cost,
           (sum(cost) FILTER (WHERE average_cost IS NOT NULL))::bigint AS cost
      FROM costed GROUP BY product_id, unit
  )
  SELECT p.*, pr.category_id, st.on_hand
    FROM per_product p
    -- Plain joins (hash joins over the text id), not a lookup per product.
    LEFT JOIN products pr ON pr.tenant_id = $1 AND pr.id::text = p.product_id
    LEFT JOIN (SELECT l.product_id, sum(l.on_hand)::bigint AS on_hand FROM stock_levels l
                WHERE l.tenant_id = $1 AND l.store_id = ANY($2::uuid[]) GROUP BY l.product_id) st
           ON st.product_id = p.product_id`;

/** Sales per product of the previous period, only what the comparison needs. */
const PREVIOUS_PRODUCTS = `
  SELECT d.product_id, d.unit, sum(d.sales_total)::bigint AS sales
    FROM ${PRODUCT_ROWS}
   GROUP BY d.product_id, d.unit`;

const DAYS_FROM_HOURS = `
  SELECT d.day::text AS date, sum(d.sales_total)::bigint AS sales, sum(d.tickets)::bigint AS tickets,
         sum(d.returns_total)::bigint AS returns
    FROM analytics_store_hours d WHERE ${IN_SCOPE} GROUP BY d.day ORDER BY d.day`;

const DAYS_FROM_PRODUCTS = `
  SELECT d.day::text AS date, sum(d.sales_total)::bigint AS sales, NULL::bigint AS tickets,
         sum(d.returned_total)::bigint AS returns
    FROM analytics_product_days d WHERE ${IN_SCOPE} AND ${PRODUCT_FILTER} GROUP BY d.day ORDER BY d.day`;

const HOURS = `
  SELECT d.hour, sum(d.sales_total)::bigint AS sales, sum(d.tickets)::bigint AS tickets
    FROM analytics_store_hours d WHERE ${IN_SCOPE} GROUP BY d.hour`;

const STORES_FROM_HOURS = `
  SELECT d.store_id, sum(d.sales_total)::bigint AS sales, sum(d.returns_total)::bigint AS returns
    FROM analytics_store_hours d WHERE ${IN_SCOPE} GROUP BY d.store_id`;

const STORES_FROM_PRODUCTS = `
  SELECT d.store_id, sum(d.sales_total)::bigint AS sales, sum(d.returned_total)::bigint AS returns
    FROM ${PRODUCT_ROWS} GROUP BY d.store_id`;

const PAYMENTS = `
  SELECT d.method, sum(d.sales_total)::bigint AS sales, sum(d.payments)::bigint AS payments,
         sum(d.refunds_total)::bigint AS refunds
    FROM analytics_payment_days d WHERE ${IN_SCOPE} GROUP BY d.method ORDER BY 2 DESC, 1`;

const STAFF = `
  SELECT d.staff_id, (array_agg(d.staff_name ORDER BY d.day DESC))[1] AS name, sum(d.sales_total)::bigint AS sales,
         sum(d.tickets)::bigint AS tickets, sum(d.returns_total)::bigint AS returns
    FROM analytics_staff_days d WHERE ${IN_SCOPE} GROUP BY d.staff_id ORDER BY 3 DESC, 2`;

const n = (v: number | string | null | undefined): number => Number(v ?? 0);

function totalsOf(
  days: { sales: number; tickets: number | null; returns: number }[],
  byTicket: boolean,
): AnalyticsTotals {
  const sales = days.reduce((s, d) => s + d.sales, 0);
  const returns = days.reduce((s, d) => s + d.returns, 0);
  const tickets = byTicket ? days.reduce((s, d) => s + (d.tickets ?? 0), 0) : null;
  return {
    sales,
    tickets,
    averageTicket: tickets === null ? null : tickets ? divide(sales, tickets) : 0,
    returns,
    net: sales - returns,
  };
}

/**
 * The owner's sales analytics for a period, the stores in scope and an optional product or category:
 * read from the pre-aggregated tables only (migration 0039), never from the raw sale lines.
 */
export async function salesAnalytics(
  q: Queryable,
  tenantId: string,
  stores: readonly ScopedStore[],
  period: AnalyticsPeriod,
  filter: AnalyticsFilter,
  storeId: string | null,
): Promise<Omit<AnalyticsAnswer, "cards" | "turnos">> {
  const set = await productSet(q, filter);
  const byProduct = set !== null;
  const storeIds = stores.map((s) => s.id);
  const current = [tenantId, storeIds, period.from, period.to];
  const previous = [tenantId, storeIds, period.previousFrom, period.previousTo];
  const withSet = (params: unknown[]) => [...params, set?.only ?? null, set?.except ?? null];
  // Product rows read whole months where the period has them (PRODUCT_ROWS' $7, $8).
  const withMonths = (params: unknown[]) => [
    ...withSet(params),
    ...wholeMonths(params[2] as string, params[3] as string),
  ];

  type DayRow = { date: string; sales: string; tickets: string | null; returns: string };
  const readDays = async (params: unknown[]): Promise<AnalyticsDay[]> =>
    (
      await q.query<DayRow>(
        byProduct ? DAYS_FROM_PRODUCTS : DAYS_FROM_HOURS,
        byProduct ? withSet(params) : params,
      )
    ).map((r) => ({
      date: r.date,
      sales: n(r.sales),
      tickets: byProduct ? null : n(r.tickets),
      returns: n(r.returns),
    }));
  const byDay = await readDays(current);
  const previousDays = await readDays(previous);

  const weekdays = new Map<number, { weekday: number; sales: number; tickets: number | null }>();
  for (let w = 1; w <= 7; w++) weekdays.set(w, { weekday: w, sales: 0, tickets: byProduct ? null : 0 });
  for (const d of byDay) {
    const into = weekdays.get(isoWeekday(d.date))!;
    into.sales += d.sales;
    if (into.tickets !== null) into.tickets += d.tickets ?? 0;
  }

  type StoreRow = { store_id: string; sales: string; returns: string };
  const storeSql = byProduct ? STORES_FROM_PRODUCTS : STORES_FROM_HOURS;
  const storeNow = await q.query<StoreRow>(storeSql, byProduct ? withMonths(current) : current);
  const storeBefore = await q.query<StoreRow>(storeSql, byProduct ? withMonths(previous) : previous);
  const byStore = stores
    .map((s) => {
      const now = storeNow.find((r) => r.store_id === s.id);
      const before = storeBefore.find((r) => r.store_id === s.id);
      return {
        storeId: s.id,
        name: s.name,
        sales: n(now?.sales),
        returns: n(now?.returns),
        previousSales: n(before?.sales),
      };
    })
    .sort((a, b) => b.sales - a.sales || a.name.localeCompare(b.name));

  const productRows = await q.query<ProductRow>(PRODUCTS, withMonths(current));
  const previousRows = await q.query<{ product_id: string; unit: string; sales: string }>(
    PREVIOUS_PRODUCTS,
    withMonths(previous),
  );
  const previousSales = new Map(previousRows.map((r) => [`${r.product_id}\u0000${r.unit}`, n(r.sales)]));
  const products: AnalyticsProduct[] = productRows.map((r) => {
    const quantity = n(r.quantity);
    const returnedQuantity = n(r.returned_quantity);
    const netQuantity = quantity - returnedQuantity;
    const onHand = r.on_hand === null ? null : n(r.on_hand);
    const cost = r.cost === null ? null : n(r.cost);
    return {
      productId: r.product_id,
      name: r.name,
      unit: r.unit,
      categoryId: r.category_id,
      quantity,
      returnedQuantity,
      sales: n(r.sales),
      returns: n(r.returns),
      previousSales: previousSales.get(`${r.product_id}\u0000${r.unit}`) ?? 0,
      cost,
      margin: cost === null ? null : n(r.net_with_cost) - cost,
      onHand,
      daysOfCover: onHand !== null && netQuantity > 0 ? round1((onHand * period.days) / netQuantity) : null,
      rotation: onHand !== null && onHand > 0 ? round1(netQuantity / onHand) : null,
    };
  });
  products.sort((a, b) => b.sales - a.sales || a.name.localeCompare(b.name));

  const margin = { salesWithCost: 0, cost: 0, margin: 0, salesWithoutCost: 0 };
  for (const r of productRows) {
    const net = n(r.sales) - n(r.returns);
    const withCost = r.cost === null ? 0 : n(r.net_with_cost);
    margin.salesWithCost += withCost;
    margin.cost += n(r.cost);
    margin.salesWithoutCost += net - withCost;
  }
  margin.margin = margin.salesWithCost - margin.cost;

  const byCategory = await categoriesOf(q, products, previousRows);
  const names = await namesOf(q, filter, products);

  return {
    from: period.from,
    to: period.to,
    previousFrom: period.previousFrom,
    previousTo: period.previousTo,
    storeId,
    categoryId: filter.categoryId,
    productId: filter.productId,
    ...names,
    totals: totalsOf(byDay, !byProduct),
    previous: totalsOf(previousDays, !byProduct),
    margin,
    byDay,
    byHour: byProduct
      ? null
      : await (async () => {
          const rows = await q.query<{ hour: number; sales: string; tickets: string }>(HOURS, current);
          return Array.from({ length: 24 }, (_, hour) => {
            const r = rows.find((x) => Number(x.hour) === hour);
            return { hour, sales: n(r?.sales), tickets: n(r?.tickets) };
          });
        })(),
    byWeekday: [...weekdays.values()],
    byStore,
    byPaymentMethod: byProduct
      ? null
      : (
          await q.query<{ method: string; sales: string; payments: string; refunds: string }>(
            PAYMENTS,
            current,
          )
        ).map((r) => ({
          method: r.method,
          sales: n(r.sales),
          payments: n(r.payments),
          refunds: n(r.refunds),
        })),
    byStaff: byProduct
      ? null
      : (
          await q.query<{ staff_id: string; name: string; sales: string; tickets: string; returns: string }>(
            STAFF,
            current,
          )
        ).map((r) => ({
          staffId: r.staff_id,
          name: r.name,
          sales: n(r.sales),
          tickets: n(r.tickets),
          returns: n(r.returns),
        })),
    byCategory,
    products: products.slice(0, TOP_PRODUCTS),
  };
}

/** The whole calendar months inside [from, to]: [first month's first day, the day after the last); equal when none. */
export function wholeMonths(from: string, to: string): [string, string] {
  const first = from.endsWith("-01") ? from : nextMonth(from);
  const after = addDays(to, 1);
  const end = after.endsWith("-01") ? after : `${to.slice(0, 7)}-01`;
  return first < end ? [first, end] : [from, from];
}

function nextMonth(day: string): string {
  const [y, m] = day.split("-").map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** Categories from the products' rows (a product's category today), with their names. */
async function categoriesOf(
  q: Queryable,
  products: AnalyticsProduct[],
  previousRows: { product_id: string; sales: string }[],
): Promise<AnalyticsCategory[]> {
  const byId = new Map<string | null, AnalyticsCategory>();
  const categoryOfProduct = new Map(products.map((p) => [p.productId, p.categoryId]));
  const into = (categoryId: string | null) => {
    let c = byId.get(categoryId);
    if (!c) {
      c = { categoryId, name: null, sales: 0, returns: 0, previousSales: 0, cost: null, margin: null };
      byId.set(categoryId, c);
    }
    return c;
  };
  for (const p of products) {
    const c = into(p.categoryId);
    c.sales += p.sales;
    c.returns += p.returns;
    if (p.cost !== null) {
      c.cost = (c.cost ?? 0) + p.cost;
      c.margin = (c.margin ?? 0) + (p.margin ?? 0);
    }
  }
  // A product sold only in the previous period: its category today, from the catalog.
  const missing = [
    ...new Set(previousRows.map((r) => r.product_id).filter((id) => !categoryOfProduct.has(id))),
  ];
  if (missing.length > 0)
    for (const r of await q.query<{ id: string; category_id: string | null }>(
      "SELECT id::text AS id, category_id FROM products WHERE id::text = ANY($1::text[])",
      [missing],
    ))
      categoryOfProduct.set(r.id, r.category_id);
  for (const r of previousRows) into(categoryOfProduct.get(r.product_id) ?? null).previousSales += n(r.sales);
  const ids = [...byId.keys()].filter((id): id is string => id !== null);
  if (ids.length > 0)
    for (const r of await q.query<{ id: string; name: string }>(
      "SELECT id, name FROM categories WHERE id = ANY($1::text[])",
      [ids],
    ))
      byId.get(r.id)!.name = r.name;
  return [...byId.values()].sort((a, b) => b.sales - a.sales || (a.name ?? "").localeCompare(b.name ?? ""));
}

/** The names a drill-down's breadcrumb shows. */
async function namesOf(q: Queryable, filter: AnalyticsFilter, products: AnalyticsProduct[]) {
  let categoryName: string | null = null;
  if (filter.categoryId && filter.categoryId !== "none") {
    const [row] = await q.query<{ name: string }>("SELECT name FROM categories WHERE id = $1", [
      filter.categoryId,
    ]);
    categoryName = row?.name ?? null;
  }
  let productName: string | null = null;
  if (filter.productId) {
    productName = products.find((p) => p.productId === filter.productId)?.name ?? null;
    if (!productName) {
      const [row] = await q.query<{ name: string }>("SELECT name FROM products WHERE id::text = $1", [
        filter.productId,
      ]);
      productName = row?.name ?? null;
    }
  }
  return { categoryName, productName };
}
