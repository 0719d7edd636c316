import type {
  AnalyticsTurnos,
  AnalyticsTurnosDay,
  AnalyticsTurnosFigures,
} from "@mostrador/contracts/http/cloud-analytics";
import type { ScopedStore } from "../dashboard/store-scope.js";
import type { Queryable } from "../db/sql.js";
import { addDays } from "../dashboard/periods.js";
import { wallTimeMs, weekdayOf } from "@mostrador/contracts/zoned-day";
import { type ProfessionalRow, plannersOf } from "../turnos/online.js";
import type { AnalyticsPeriod } from "./period.js";

/*
 * Turnos figures read straight from turno_bookings (indexed by (tenant, store, start_at)): a busy
 * medical centre books about 60 a day, 22 000 a year, far below what a pre-aggregated table would pay
 * for (scripts/bench/analytics-modules-bench.ts). Open minutes come from the same day planner the
 * turnos report uses (hours, breaks, exceptions, DST), so occupancy here equals the turnos screen's.
 */

const MINUTE = 60_000;

/** $1 stores, $2 first day, $3 last day, in each store's turnos zone (its rules', else the store's). */
const FIGURES = `
  WITH s AS (
    SELECT st.id, COALESCE(r.time_zone, st.time_zone) AS tz FROM stores st
      LEFT JOIN turno_rules r ON r.tenant_id = st.tenant_id AND r.store_id = st.id
     WHERE st.id = ANY($1::uuid[])),
  b AS (
    SELECT b.professional_id, b.state, b.start_at, b.end_at, b.deposit_paid,
           to_char(b.start_at AT TIME ZONE s.tz, 'YYYY-MM-DD') AS day
      FROM s JOIN turno_bookings b ON b.store_id = s.id
       AND b.start_at >= ($2::date::timestamp AT TIME ZONE s.tz)
       AND b.start_at < (($3::date + 1)::timestamp AT TIME ZONE s.tz)
     -- What the desk had: an online hold waiting for its seña, or one that expired unpaid, never was booked.
     WHERE b.state <> 'held' AND b.deposit_status <> 'expired')
  SELECT day, professional_id,
         count(*)::int AS booked,
         count(*) FILTER (WHERE state IN ('arrived', 'done'))::int AS attended,
         count(*) FILTER (WHERE state = 'no_show')::int AS no_shows,
         count(*) FILTER (WHERE state = 'cancelled')::int AS cancelled,
         COALESCE(sum(extract(epoch FROM end_at - start_at)) FILTER (WHERE state <> 'cancelled') / 60, 0)::int AS booked_minutes,
         COALESCE(sum(deposit_paid), 0)::bigint AS deposits
    FROM b GROUP BY GROUPING SETS ((day), (professional_id), ())`;

interface Row {
  day: string | null;
  professional_id: string | null;
  booked: number;
  attended: number;
  no_shows: number;
  cancelled: number;
  booked_minutes: number;
  deposits: string;
}

const ratio = (part: number, whole: number) => (whole === 0 ? null : Math.round((part * 10_000) / whole));

function figuresOf(r: Row | undefined, openMinutes: number): AnalyticsTurnosFigures {
  const booked = r?.booked ?? 0;
  const attended = r?.attended ?? 0;
  const noShows = r?.no_shows ?? 0;
  const bookedMinutes = r?.booked_minutes ?? 0;
  return {
    booked,
    attended,
    noShows,
    noShowRateBp: ratio(noShows, attended + noShows),
    cancelled: r?.cancelled ?? 0,
    bookedMinutes,
    openMinutes,
    occupancyBp: ratio(bookedMinutes, openMinutes),
    deposits: Number(r?.deposits ?? 0),
  };
}

/**
 * Each professional's open minutes per day of [from, to] ("proId day" → minutes), and their names. The
 * day planner converts every span to UTC (DST-exact), which is the dearest part of a year's figures; a
 * day without exceptions and without an offset change has the open minutes of its weekday, so the
 * planner runs once per professional and weekday, and on exception or DST-change days only.
 */
async function openMinutes(q: Queryable, stores: readonly ScopedStore[], from: string, to: string) {
  const open = new Map<string, number>();
  const names = new Map<string, string>();
  for (const store of stores) {
    const [rules] = await q.query<{ tz: string }>(
      "SELECT time_zone AS tz FROM turno_rules WHERE store_id = $1",
      [store.id],
    );
    const tz = rules?.tz ?? store.timeZone;
    const pros = await q.query<ProfessionalRow>(
      `SELECT id, name, service_ids AS "serviceIds", hours FROM turno_professionals WHERE store_id = $1`,
      [store.id],
    );
    if (pros.length === 0) continue;
    const exceptionDays = new Set(
      (
        await q.query<{ day: string }>(
          "SELECT DISTINCT day FROM turno_exceptions WHERE store_id = $1 AND NOT deleted AND day BETWEEN $2 AND $3",
          [store.id, from, to],
        )
      ).map((r) => r.day),
    );
    const offset = (day: string) => wallTimeMs(day, 0, tz) - Date.parse(`${day}T00:00:00Z`);
    const planners = await plannersOf(q, store.id, pros, from, to, tz);
    const days: { day: string; plain: boolean }[] = [];
    let before = offset(from);
    for (let day = from; day <= to; day = addDays(day, 1)) {
      const after = offset(addDays(day, 1));
      days.push({ day, plain: before === after && !exceptionDays.has(day) });
      before = after;
    }
    for (const p of pros) {
      names.set(p.id, p.name);
      const plan = planners.get(p.id)!;
      const minutesOf = (day: string) => plan(day).open.reduce((s, w) => s + (w.end - w.start) / MINUTE, 0);
      const byWeekday = new Map<number, number>();
      for (const { day, plain } of days) {
        let minutes: number;
        if (plain) {
          const weekday = weekdayOf(day);
          minutes = byWeekday.get(weekday) ?? minutesOf(day);
          byWeekday.set(weekday, minutes);
        } else minutes = minutesOf(day);
        if (minutes > 0) open.set(`${p.id} ${day}`, minutes);
      }
    }
  }
  return { open, names };
}

async function read(q: Queryable, stores: readonly ScopedStore[], from: string, to: string) {
  const rows = await q.query<Row>(FIGURES, [stores.map((s) => s.id), from, to]);
  const { open, names } = await openMinutes(q, stores, from, to);
  // Open minutes summed per day, per professional and in all, in one pass.
  const openByDay = new Map<string, number>();
  const openByPro = new Map<string, number>();
  let openTotal = 0;
  for (const [key, minutes] of open) {
    const [pro, day] = key.split(" ") as [string, string];
    openByDay.set(day, (openByDay.get(day) ?? 0) + minutes);
    openByPro.set(pro, (openByPro.get(pro) ?? 0) + minutes);
    openTotal += minutes;
  }
  const byDay = new Map(rows.filter((r) => r.day !== null).map((r) => [r.day!, r]));
  const byPro = new Map(rows.filter((r) => r.professional_id !== null).map((r) => [r.professional_id!, r]));
  const totals = figuresOf(
    rows.find((r) => r.day === null && r.professional_id === null),
    openTotal,
  );
  return { byDay, byPro, openByDay, openByPro, names, totals };
}

/** The period's turnos figures, by day and by professional, with the previous period's totals. */
export async function turnoFigures(
  q: Queryable,
  stores: readonly ScopedStore[],
  period: AnalyticsPeriod,
): Promise<AnalyticsTurnos> {
  const now = await read(q, stores, period.from, period.to);
  const before = await read(q, stores, period.previousFrom, period.previousTo);
  const byDay: AnalyticsTurnosDay[] = [];
  for (let day = period.from; day <= period.to; day = addDays(day, 1))
    byDay.push({ date: day, ...figuresOf(now.byDay.get(day), now.openByDay.get(day) ?? 0) });
  const proIds = new Set([...now.byPro.keys(), ...now.openByPro.keys()]);
  const byProfessional = [...proIds]
    .map((id) => ({
      professionalId: id,
      name: now.names.get(id) ?? id,
      ...figuresOf(now.byPro.get(id), now.openByPro.get(id) ?? 0),
    }))
    .sort((a, b) => b.booked - a.booked || a.name.localeCompare(b.name));
  return { totals: now.totals, previous: before.totals, byDay, byProfessional };
}
