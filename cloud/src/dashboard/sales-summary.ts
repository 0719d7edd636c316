import { isUuid, type Queryable } from "../db/sql.js";
import { divide } from "@mostrador/contracts/money";
import type { Period } from "@mostrador/contracts/http/dashboard";
import { bucketByLocalTime, periodRange } from "./periods.js";
import type { ScopedStore } from "./store-scope.js";
import type { MoneyBucket, SalesSummary, VariantOfItem } from "@mostrador/contracts/http/dashboard";

/** 15 minutes: every real zone offset (−03:00, +05:30, +05:45) is a multiple, so slots never straddle a local hour. */
const SLOT_SECONDS = 900;

const TOP_PRODUCTS = 10;

// Completed sales only: a voided sale is flagged 'voided' by the ingest projection and counts for nothing.
const SLOTS = `
  SELECT to_timestamp(floor(extract(epoch FROM created_at) / ${SLOT_SECONDS}) * ${SLOT_SECONDS}) AS slot_start,
         sum(total)::bigint AS total, count(*)::int AS tickets
  FROM sales
  WHERE store_id = $1 AND status = 'completed' AND created_at >= $2 AND created_at < $3
  GROUP BY 1`;

const PAYMENTS = `
  SELECT p.method, sum(p.amount)::bigint AS total, count(*)::int AS count
  FROM sale_payments p JOIN sales s ON s.tenant_id = p.tenant_id AND s.id = p.sale_id
  WHERE s.store_id = $1 AND s.status = 'completed' AND s.created_at >= $2 AND s.created_at < $3
  GROUP BY p.method`;

// The name shown is the latest one the till printed for that product in the period.
const PRODUCTS = `
  SELECT l.product_id, l.unit, sum(l.quantity)::bigint AS quantity, sum(l.total)::bigint AS total,
         (array_agg(l.description ORDER BY s.created_at DESC))[1] AS name
  FROM sale_lines l JOIN sales s ON s.tenant_id = l.tenant_id AND s.id = l.sale_id
  WHERE s.store_id = $1 AND s.status = 'completed' AND s.created_at >= $2 AND s.created_at < $3
  GROUP BY l.product_id, l.unit`;

const RETURNS = `
  SELECT COALESCE(sum(total), 0)::bigint AS total, count(*)::int AS count
  FROM returns
  WHERE store_id = $1 AND created_at >= $2 AND created_at < $3`;

interface Accum {
  byHour: MoneyBucket[];
  byDay: Map<string, MoneyBucket & { date: string }>;
  payments: Map<string, { method: string; total: number; count: number }>;
  products: Map<string, { productId: string; name: string; quantity: number; unit: string; total: number }>;
}

/**
 * Sales of the period for the given stores, each read in its own time zone (its "today" starts at its
 * own midnight), then added up: totals, ticket count, average ticket, returns, by hour of day, by
 * calendar day, by payment method and the top products by amount.
 */
export async function salesSummary(
  q: Queryable,
  stores: readonly ScopedStore[],
  period: Period,
  now: Date,
  storeId: string | null,
): Promise<SalesSummary> {
  const acc: Accum = {
    byHour: Array.from({ length: 24 }, () => ({ total: 0, tickets: 0 })),
    byDay: new Map(),
    payments: new Map(),
    products: new Map(),
  };
  const returns = { total: 0, count: 0 };
  let earliest = now;
  let latest = now;
  for (const store of stores) {
    const range = periodRange(period, now, store.timeZone);
    if (range.from < earliest) earliest = range.from;
    if (range.to > latest) latest = range.to;
    const params = [store.id, range.from, range.to];
    const slots = await q.query<{ slot_start: Date; total: number; tickets: number }>(SLOTS, params);
    const buckets = bucketByLocalTime(
      slots.map((s) => ({ slotStart: s.slot_start, total: Number(s.total), tickets: s.tickets })),
      range.days,
      store.timeZone,
    );
    buckets.byHour.forEach((b, hour) => add(acc.byHour[hour], b));
    for (const day of buckets.byDay) {
      const into = acc.byDay.get(day.date) ?? { date: day.date, total: 0, tickets: 0 };
      add(into, day);
      acc.byDay.set(day.date, into);
    }
    for (const p of await q.query<{ method: string; total: number; count: number }>(PAYMENTS, params)) {
      const into = acc.payments.get(p.method) ?? { method: p.method, total: 0, count: 0 };
      into.total += Number(p.total);
      into.count += p.count;
      acc.payments.set(p.method, into);
    }
    for (const r of await q.query<{ total: number; count: number }>(RETURNS, params)) {
      returns.total += Number(r.total);
      returns.count += r.count;
    }
    const products = await q.query<{
      product_id: string;
      unit: string;
      quantity: number;
      total: number;
      name: string;
    }>(PRODUCTS, params);
    for (const p of products) {
      const key = `${p.product_id}\u0000${p.unit}`;
      const into = acc.products.get(key) ?? {
        productId: p.product_id,
        name: p.name,
        quantity: 0,
        unit: p.unit,
        total: 0,
      };
      into.quantity += Number(p.quantity);
      into.total += Number(p.total);
      acc.products.set(key, into);
    }
  }
  const total = acc.byHour.reduce((s, b) => s + b.total, 0);
  const tickets = acc.byHour.reduce((s, b) => s + b.tickets, 0);
  return {
    period,
    storeId,
    timeZone: stores[0]?.timeZone ?? "America/Argentina/Buenos_Aires",
    from: earliest.toISOString(),
    to: latest.toISOString(),
    // Average ticket rounded half away from zero to the centavo, in integers (no float division of money).
    totals: { total, tickets, averageTicket: tickets ? divide(total, tickets) : 0 },
    returns,
    byHour: acc.byHour.map((b, hour) => ({ hour, ...b })),
    byDay: [...acc.byDay.values()].sort((a, b) => a.date.localeCompare(b.date)),
    byPaymentMethod: [...acc.payments.values()].sort((a, b) => b.total - a.total),
    topProducts: await withVariants(
      q,
      [...acc.products.values()]
        .sort((a, b) => b.total - a.total || a.name.localeCompare(b.name))
        .slice(0, TOP_PRODUCTS),
    ),
  };
}

/** Each top product that is a variant gets its model and values (sales are per variant already). */
async function withVariants<T extends { productId: string }>(
  q: Queryable,
  items: T[],
): Promise<(T & { variant: VariantOfItem })[]> {
  const ids = items.map((i) => i.productId).filter(isUuid);
  const rows =
    ids.length === 0
      ? []
      : await q.query<{ id: string; model_id: string; model_name: string; variant_values: string[] | null }>(
          `SELECT p.id::text AS id, m.id::text AS model_id, m.name AS model_name, p.variant_values
             FROM products p JOIN products m ON m.tenant_id = p.tenant_id AND m.id = p.variant_of
            WHERE p.id = ANY($1::uuid[])`,
          [ids],
        );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return items.map((i) => {
    const r = byId.get(i.productId);
    return {
      ...i,
      variant: r ? { modelId: r.model_id, modelName: r.model_name, values: r.variant_values ?? [] } : null,
    };
  });
}

function add(into: MoneyBucket | undefined, b: MoneyBucket): void {
  if (!into) return;
  into.total += b.total;
  into.tickets += b.tickets;
}
