import type { CardFigures, CardReportAnswer } from "@mostrador/contracts/http/cloud-cards";
import { dayKeyIn, dayStartUtc, nextDayKey } from "@mostrador/contracts/zoned-day";
import { CloudError } from "../core/errors.js";
import { DEFAULT_TIME_ZONE } from "../dashboard/periods.js";
import type { ScopedStore } from "../dashboard/store-scope.js";
import type { Queryable } from "../db/sql.js";

type Liability = CardFigures["liabilityNow"];
type MethodTotal = CardFigures["topUps"][number];

/** Longest period the report reads at once: a year and a day (a whole season of events). */
export const MAX_REPORT_DAYS = 366;

export interface ReportAsk {
  from?: string | undefined;
  to?: string | undefined;
  at?: string | undefined;
}

/**
 * The period's days and the moment the liability is read at. Absent days are today in the first store's
 * zone (every store then reads the same calendar days in its own zone); a reversed or too long period
 * is refused, and so is a moment that is not one.
 */
export function resolvePeriod(ask: ReportAsk, stores: readonly ScopedStore[], now: Date) {
  const zone = stores[0]?.timeZone ?? DEFAULT_TIME_ZONE;
  const toDay = ask.to ?? ask.from ?? dayKeyIn(now, zone);
  const fromDay = ask.from ?? toDay;
  if (fromDay > toDay)
    throw new CloudError("invalid", "card_period_reversed", "El período empieza después de terminar");
  const days = (Date.parse(toDay) - Date.parse(fromDay)) / 86_400_000 + 1;
  if (days > MAX_REPORT_DAYS)
    throw new CloudError(
      "invalid",
      "card_period_too_long",
      `El período puede tener hasta ${MAX_REPORT_DAYS} días: elegí uno más corto`,
    );
  const at = ask.at === undefined ? now : new Date(ask.at);
  if (!Number.isFinite(at.getTime()))
    throw new CloudError(
      "invalid",
      "card_moment_invalid",
      "El momento elegido no es una fecha y hora válida",
    );
  return { fromDay, toDay, at };
}

/** What each store's cards did from `fromDay` to `toDay` (its own zone), and the liability now and at `at`. */
export async function cardReport(
  q: Queryable,
  stores: readonly ScopedStore[],
  period: { fromDay: string; toDay: string; at: Date },
): Promise<CardReportAnswer> {
  const reports = [];
  for (const store of stores) {
    const from = dayStartUtc(period.fromDay, store.timeZone);
    const to = dayStartUtc(nextDayKey(period.toDay), store.timeZone);
    reports.push({
      storeId: store.id,
      storeName: store.name,
      timeZone: store.timeZone,
      from,
      to,
      figures: await storeFigures(q, store.id, from, to, period.at),
    });
  }
  return {
    fromDay: period.fromDay,
    toDay: period.toDay,
    at: period.at.toISOString(),
    stores: reports,
    total: addUp(reports.map((r) => r.figures)),
  };
}

async function storeFigures(q: Queryable, storeId: string, from: string, to: string, at: Date) {
  const rows = await q.query<{ kind: string; method: string | null; total: string; n: number }>(
    `SELECT kind, method, SUM(amount) AS total, count(*)::int AS n FROM card_entries
      WHERE store_id = $1 AND created_at >= $2 AND created_at < $3
      GROUP BY kind, method ORDER BY kind, method`,
    [storeId, from, to],
  );
  // Amounts are signed on the card; the report reads them as money moved (positive).
  const sum = (kind: string) => ({
    total: Math.abs(rows.filter((r) => r.kind === kind).reduce((s, r) => s + Number(r.total), 0)),
    count: rows.filter((r) => r.kind === kind).reduce((s, r) => s + r.n, 0),
  });
  const byMethod = (kind: string): MethodTotal[] =>
    rows
      .filter((r) => r.kind === kind)
      .map((r) => ({ method: r.method ?? "", total: Math.abs(Number(r.total)), count: r.n }));
  const [issued] = await q.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM cards WHERE store_id = $1 AND issued_at >= $2 AND issued_at < $3",
    [storeId, from, to],
  );
  return {
    topUps: byMethod("topup"),
    voidedTopUps: sum("void_topup"),
    charges: sum("charge"),
    refunds: sum("refund"),
    cashOuts: byMethod("cashout"),
    expiries: sum("expire"),
    transfers: sum("transfer_in"),
    cardsIssued: issued?.n ?? 0,
    liabilityNow: await liability(q, storeId, null),
    liabilityAt: await liability(q, storeId, at),
  };
}

/**
 * The balances a store's cards held: now (every entry the cloud has, each card's latest status) or at a
 * moment (the entries made by then, each card's status then from card_states). A card whose own op has
 * not arrived (a placeholder) or had no status yet then counts as active: money the bar owes until it
 * learns otherwise. Counts are of cards holding a balance.
 */
export async function liability(q: Queryable, storeId: string, at: Date | null): Promise<Liability> {
  const [row] = await q.query<{
    active: string;
    active_cards: number;
    blocked: string;
    blocked_cards: number;
  }>(
    `WITH balances AS (
       SELECT e.card_id, SUM(e.amount) AS balance FROM card_entries e
        WHERE e.store_id = $1 AND ($2::timestamptz IS NULL OR e.created_at <= $2)
        GROUP BY e.card_id),
     statused AS (
       SELECT b.balance, COALESCE(
                CASE WHEN $2::timestamptz IS NULL THEN c.status
                     ELSE (SELECT s.status FROM card_states s
                            WHERE s.tenant_id = c.tenant_id AND s.card_id = c.id AND s.updated_at <= $2
                            ORDER BY s.updated_at DESC LIMIT 1) END,
                'active') AS status
         FROM balances b JOIN cards c ON c.id = b.card_id AND c.store_id = $1)
     SELECT COALESCE(SUM(balance) FILTER (WHERE status = 'active'), 0) AS active,
            count(*) FILTER (WHERE status = 'active' AND balance <> 0)::int AS active_cards,
            COALESCE(SUM(balance) FILTER (WHERE status = 'blocked'), 0) AS blocked,
            count(*) FILTER (WHERE status = 'blocked' AND balance <> 0)::int AS blocked_cards
       FROM statused`,
    [storeId, at],
  );
  return {
    active: Number(row?.active ?? 0),
    activeCards: row?.active_cards ?? 0,
    blocked: Number(row?.blocked ?? 0),
    blockedCards: row?.blocked_cards ?? 0,
  };
}

/** Every store's figures added up, methods merged by name. */
function addUp(all: readonly CardFigures[]): CardFigures {
  const money = (pick: (f: CardFigures) => { total: number; count: number }) => ({
    total: all.reduce((s, f) => s + pick(f).total, 0),
    count: all.reduce((s, f) => s + pick(f).count, 0),
  });
  const methods = (pick: (f: CardFigures) => MethodTotal[]) => {
    const merged = new Map<string, MethodTotal>();
    for (const m of all.flatMap(pick)) {
      const seen = merged.get(m.method) ?? { method: m.method, total: 0, count: 0 };
      merged.set(m.method, { method: m.method, total: seen.total + m.total, count: seen.count + m.count });
    }
    return [...merged.values()].sort((a, b) => a.method.localeCompare(b.method));
  };
  const owed = (pick: (f: CardFigures) => Liability): Liability => ({
    active: all.reduce((s, f) => s + pick(f).active, 0),
    activeCards: all.reduce((s, f) => s + pick(f).activeCards, 0),
    blocked: all.reduce((s, f) => s + pick(f).blocked, 0),
    blockedCards: all.reduce((s, f) => s + pick(f).blockedCards, 0),
  });
  return {
    topUps: methods((f) => f.topUps),
    voidedTopUps: money((f) => f.voidedTopUps),
    charges: money((f) => f.charges),
    refunds: money((f) => f.refunds),
    cashOuts: methods((f) => f.cashOuts),
    expiries: money((f) => f.expiries),
    transfers: money((f) => f.transfers),
    cardsIssued: all.reduce((s, f) => s + f.cardsIssued, 0),
    liabilityNow: owed((f) => f.liabilityNow),
    liabilityAt: owed((f) => f.liabilityAt),
  };
}
