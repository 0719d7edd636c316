import type {
  AnalyticsCardDay,
  AnalyticsCards,
  AnalyticsCardTotals,
} from "@mostrador/contracts/http/cloud-analytics";
import type { ScopedStore } from "../dashboard/store-scope.js";
import type { Queryable } from "../db/sql.js";
import { addDays } from "../dashboard/periods.js";
import type { AnalyticsPeriod } from "./period.js";

/*
 * The cards' figures are read straight from the ledger (card_entries), not from a pre-aggregated table:
 * a busy bar writes about 500 entries a night, 180 000 a year, and the ledger is indexed by
 * (tenant, store, created_at) with the columns these figures read (migration 0045: index-only scans), so
 * a year reads one index range per store. scripts/bench/analytics-modules-bench.ts measures it against a
 * bare SUM over the same rows (README, "Cards and turnos").
 */

/** $1 stores, $2 first day, $3 last day (each store's calendar, its own zone). */
const IN_PERIOD = `e.created_at >= ($2::date::timestamp AT TIME ZONE s.time_zone)
         AND e.created_at < (($3::date + 1)::timestamp AT TIME ZONE s.time_zone)`;

const FIGURES = `
  WITH s AS (SELECT id, time_zone FROM stores WHERE id = ANY($1::uuid[])),
  e AS (
    SELECT e.store_id, e.card_id, e.kind, e.amount,
           to_char(e.created_at AT TIME ZONE s.time_zone, 'YYYY-MM-DD') AS day
      FROM s JOIN card_entries e ON e.store_id = s.id AND ${IN_PERIOD})
  SELECT day, store_id::text AS store_id,
         COALESCE(sum(amount) FILTER (WHERE kind = 'topup'), 0)::bigint AS top_ups,
         count(*) FILTER (WHERE kind = 'topup')::int AS top_up_count,
         (-COALESCE(sum(amount) FILTER (WHERE kind = 'charge'), 0))::bigint AS charges,
         count(*) FILTER (WHERE kind = 'charge')::int AS charge_count,
         COALESCE(sum(amount) FILTER (WHERE kind = 'refund'), 0)::bigint AS refunds,
         (-COALESCE(sum(amount) FILTER (WHERE kind = 'cashout'), 0))::bigint AS cash_outs,
         count(DISTINCT card_id) FILTER (WHERE kind IN ('topup', 'charge'))::int AS active_cards,
         count(DISTINCT card_id) FILTER (WHERE kind = 'charge')::int AS charged_cards,
         COALESCE(sum(amount), 0)::bigint AS net
    FROM e GROUP BY GROUPING SETS ((day), (store_id), ())`;

/** What each store's cards held at the end of the period's last day: every entry made by then, summed. */
const OUTSTANDING = `
  SELECT s.id::text AS store_id,
         COALESCE((SELECT sum(e.amount) FROM card_entries e
                    WHERE e.store_id = s.id
                      AND e.created_at < (($2::date + 1)::timestamp AT TIME ZONE s.time_zone)), 0)::bigint AS outstanding
    FROM stores s WHERE s.id = ANY($1::uuid[])`;

interface FigureRow {
  day: string | null;
  store_id: string | null;
  top_ups: string;
  top_up_count: number;
  charges: string;
  charge_count: number;
  refunds: string;
  cash_outs: string;
  active_cards: number;
  charged_cards: number;
  /** Every entry's signed amount summed: what the balances moved by in the period. */
  net: string;
}

const EMPTY: FigureRow = {
  day: null,
  store_id: null,
  top_ups: "0",
  top_up_count: 0,
  charges: "0",
  charge_count: 0,
  refunds: "0",
  cash_outs: "0",
  active_cards: 0,
  charged_cards: 0,
  net: "0",
};

/** The period's figures; `outstanding`: each store's float at the period's end. */
function figuresOf(rows: FigureRow[], outstanding: Map<string, number>) {
  const all = rows.find((r) => r.day === null && r.store_id === null) ?? EMPTY;
  const totals: AnalyticsCardTotals = {
    topUps: Number(all.top_ups),
    topUpCount: all.top_up_count,
    charges: Number(all.charges),
    chargeCount: all.charge_count,
    refunds: Number(all.refunds),
    cashOuts: Number(all.cash_outs),
    activeCards: all.active_cards,
    averageSpend: all.charged_cards === 0 ? null : Math.round(Number(all.charges) / all.charged_cards),
    outstanding: [...outstanding.values()].reduce((a, b) => a + b, 0),
  };
  return { rows, totals, outstanding };
}

/** The period's card figures, with the previous period's totals and each store's previous charges. */
export async function cardFigures(
  q: Queryable,
  stores: readonly ScopedStore[],
  period: AnalyticsPeriod,
): Promise<AnalyticsCards> {
  const ids = stores.map((s) => s.id);
  const rows = await q.query<FigureRow>(FIGURES, [ids, period.from, period.to]);
  const previousRows = await q.query<FigureRow>(FIGURES, [ids, period.previousFrom, period.previousTo]);
  // The ledger is read whole once, for the float at the period's end; the float at the previous period's
  // end (the day before this one starts) is that less what this period moved.
  const owed = await q.query<{ store_id: string; outstanding: string }>(OUTSTANDING, [ids, period.to]);
  const outstanding = new Map(owed.map((r) => [r.store_id, Number(r.outstanding)]));
  const movedNow = new Map(rows.filter((r) => r.store_id !== null).map((r) => [r.store_id!, Number(r.net)]));
  const outstandingBefore = new Map(
    [...outstanding].map(([id, total]) => [id, total - (movedNow.get(id) ?? 0)]),
  );
  const now = figuresOf(rows, outstanding);
  const before = figuresOf(previousRows, outstandingBefore);
  const perDay = new Map(now.rows.filter((r) => r.day !== null).map((r) => [r.day!, r]));
  const byDay: AnalyticsCardDay[] = [];
  for (let day = period.from; day <= period.to; day = addDays(day, 1)) {
    const r = perDay.get(day) ?? EMPTY;
    byDay.push({
      date: day,
      topUps: Number(r.top_ups),
      topUpCount: r.top_up_count,
      charges: Number(r.charges),
      refunds: Number(r.refunds),
      cashOuts: Number(r.cash_outs),
      activeCards: r.active_cards,
    });
  }
  const ofStore = (rows: FigureRow[], id: string) =>
    rows.find((r) => r.store_id === id && r.day === null) ?? EMPTY;
  return {
    totals: now.totals,
    previous: before.totals,
    byDay,
    byStore: stores
      .map((s) => ({
        storeId: s.id,
        name: s.name,
        topUps: Number(ofStore(now.rows, s.id).top_ups),
        charges: Number(ofStore(now.rows, s.id).charges),
        previousCharges: Number(ofStore(before.rows, s.id).charges),
        outstanding: now.outstanding.get(s.id) ?? 0,
      }))
      .sort((a, b) => b.charges - a.charges || a.name.localeCompare(b.name)),
  };
}
