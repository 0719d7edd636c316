import type { NoticeBucket, TurnosReport } from "@mostrador/contracts/http/turnos";
import { checkReportRange } from "@mostrador/contracts/turnos/report-range";
import { dayStartUtc, nextDayKey } from "@mostrador/contracts/zoned-day";
import type { ScopedStore } from "../dashboard/store-scope.js";
import type { Queryable } from "../db/sql.js";
import { type ProfessionalRow, plannersOf } from "./online.js";

/**
 * The desk's turnos figures (desktop/src/turnos/reports.ts says how each is counted) from the cloud's
 * projection of one store, computed in PostgreSQL. Every booking the cloud has was booked: a hold never
 * leaves the desk until it is confirmed, so "ever booked" is every row here — except the cloud's own online
 * holds waiting for their seña, and those that expired unpaid (docs/turnos.md, "Señas"), left out: the desk
 * never had them.
 * - a cancellation's time is the desk's `cancelledAt`, or, for an online booking the patient cancelled by
 *   their link (the cloud's cancellation is final, the desk's later version never lands), when it did;
 * - revenue is the line of the service's product (turno_services.product_id) on each completed sale that
 *   names the booking (sales.booking_id), less the returns of that product on that sale;
 * - open minutes come from the shared day planner (contracts/src/turnos/availability.ts) over the
 *   projected hours and exceptions: the same arithmetic as the desk's, breaks, leave and DST included.
 */

const MINUTE = 60_000;

/** The store's zone for its days: its turnos rules', else the store's own. */
async function zoneOf(q: Queryable, store: ScopedStore): Promise<string> {
  const [rules] = await q.query<{ tz: string }>(
    "SELECT time_zone AS tz FROM turno_rules WHERE store_id = $1",
    [store.id],
  );
  return rules?.tz ?? store.timeZone;
}

function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = from; d <= to; d = nextDayKey(d)) days.push(d);
  return days;
}

interface Figures {
  past: number;
  noShows: number;
  under2h: number;
  from2to24h: number;
  over24h: number;
  newPatients: number;
  returning: number;
}

interface RevenueRow {
  kind: "service" | "professional";
  id: string;
  name: string;
  count: number;
  total: number;
}

const byTotalThenName = (a: { total: number; name: string }, b: { total: number; name: string }) =>
  b.total - a.total || a.name.localeCompare(b.name);

export async function turnosReport(
  q: Queryable,
  store: ScopedStore,
  range: { from: string; to: string },
  now: Date,
): Promise<TurnosReport> {
  const { from, to } = range;
  checkReportRange(from, to);
  const tz = await zoneOf(q, store);
  const fromUtc = dayStartUtc(from, tz);
  const toUtc = dayStartUtc(nextDayKey(to), tz);
  const inRange = [store.id, fromUtc, toUtc];

  const booked = await q.query<{ professionalId: string; day: string; minutes: number }>(
    `SELECT professional_id AS "professionalId", to_char(start_at AT TIME ZONE $4, 'YYYY-MM-DD') AS day,
            (sum(extract(epoch FROM end_at - start_at)) / 60)::int AS minutes
       FROM turno_bookings
      WHERE store_id = $1 AND start_at >= $2 AND start_at < $3 AND state NOT IN ('cancelled', 'held')
      GROUP BY 1, 2`,
    [...inRange, tz],
  );

  const [figures] = await q.query<Figures>(
    `WITH b AS (
       SELECT customer_id, start_at, state,
              CASE WHEN state = 'cancelled'
                   THEN COALESCE((payload ->> 'cancelledAt')::timestamptz,
                                 CASE WHEN origin = 'online' THEN updated_at END) END AS cancelled_at
         -- The desk's figures: a booking still held for its seña, or one that expired unpaid, never reached it.
         FROM turno_bookings WHERE store_id = $1 AND start_at >= $2 AND start_at < $3
          AND state <> 'held' AND deposit_status <> 'expired'
     ),
     patients AS (
       SELECT (SELECT min(f.start_at) FROM turno_bookings f
                WHERE f.store_id = $1 AND f.customer_id = s.customer_id AND f.state <> 'cancelled') AS first
         FROM (SELECT DISTINCT customer_id FROM b WHERE customer_id IS NOT NULL) s
     )
     SELECT count(*) FILTER (WHERE state <> 'cancelled' AND start_at <= $4)::int AS past,
            count(*) FILTER (WHERE state = 'no_show' AND start_at <= $4)::int AS "noShows",
            count(*) FILTER (WHERE start_at - cancelled_at < interval '2 hours')::int AS under2h,
            count(*) FILTER (WHERE start_at - cancelled_at >= interval '2 hours'
                               AND start_at - cancelled_at <= interval '24 hours')::int AS "from2to24h",
            count(*) FILTER (WHERE start_at - cancelled_at > interval '24 hours')::int AS "over24h",
            (SELECT count(*) FILTER (WHERE first IS NULL OR first >= $2)::int FROM patients) AS "newPatients",
            (SELECT count(*) FILTER (WHERE first < $2)::int FROM patients) AS returning
       FROM b`,
    [...inRange, now.toISOString()],
  );
  const f = figures!;

  // One row per charged booking (its service's line less that product's returns on the sale), summed
  // per service and per professional in one pass.
  const revenue = await q.query<RevenueRow>(
    `WITH charged AS (
       SELECT s.id AS service_id, s.name AS service_name, p.id AS professional_id, p.name AS professional_name,
              COALESCE((SELECT l.total - COALESCE((SELECT sum(rl.total) FROM returns r
                                                     JOIN return_lines rl ON rl.return_id = r.id
                                                    WHERE r.sale_id = sa.id AND rl.product_id = l.product_id), 0)
                          FROM sale_lines l WHERE l.sale_id = sa.id AND l.product_id = s.product_id
                         ORDER BY l.line_no LIMIT 1), 0) AS amount
         FROM sales sa
         JOIN turno_bookings b ON b.id = sa.booking_id AND b.store_id = sa.store_id
         JOIN turno_services s ON s.id = b.service_id
         JOIN turno_professionals p ON p.id = b.professional_id
        WHERE sa.store_id = $1 AND sa.status = 'completed' AND sa.booking_id IS NOT NULL
          AND b.start_at >= $2 AND b.start_at < $3
     )
     SELECT CASE WHEN GROUPING(service_id) = 0 THEN 'service' ELSE 'professional' END AS kind,
            COALESCE(service_id, professional_id) AS id, COALESCE(service_name, professional_name) AS name,
            count(*)::int AS count, sum(amount)::bigint AS total
       FROM charged
      GROUP BY GROUPING SETS ((service_id, service_name), (professional_id, professional_name))`,
    inRange,
  );
  const strip = ({ kind: _k, ...r }: RevenueRow) => r;
  const byService = revenue
    .filter((r) => r.kind === "service")
    .map(strip)
    .sort(byTotalThenName);
  const byProfessional = revenue
    .filter((r) => r.kind === "professional")
    .map(strip)
    .sort(byTotalThenName);

  // Occupancy: every professional of the store (the desk's order: by name, byte-wise, then id).
  const professionals = await q.query<ProfessionalRow & { active: boolean }>(
    `SELECT id, name, active, service_ids AS "serviceIds", hours FROM turno_professionals
      WHERE store_id = $1 ORDER BY name COLLATE "C", id`,
    [store.id],
  );
  const planners = await plannersOf(q, store.id, professionals, from, to, tz);
  const bookedOf = new Map(booked.map((b) => [`${b.professionalId} ${b.day}`, b.minutes]));
  const days = daysOf(from, to);
  const occupancy: TurnosReport["occupancy"] = [];
  for (const p of professionals) {
    const plan = planners.get(p.id)!;
    for (const day of days) {
      const openMinutes = plan(day).open.reduce((s, w) => s + (w.end - w.start) / MINUTE, 0);
      const bookedMinutes = bookedOf.get(`${p.id} ${day}`) ?? 0;
      if (openMinutes === 0 && bookedMinutes === 0) continue;
      occupancy.push({ professionalId: p.id, professionalName: p.name, day, openMinutes, bookedMinutes });
    }
  }

  const byNotice: [NoticeBucket, number][] = [
    ["under2h", f.under2h],
    ["from2to24h", f.from2to24h],
    ["over24h", f.over24h],
  ];
  const cancelledTotal = f.under2h + f.from2to24h + f.over24h;
  return {
    from,
    to,
    timeZone: tz,
    occupancy,
    noShows: {
      past: f.past,
      noShows: f.noShows,
      rateBp: f.past === 0 ? 0 : Math.round((f.noShows * 10_000) / f.past),
    },
    cancellations: {
      total: cancelledTotal,
      byNotice: byNotice.map(([notice, count]) => ({ notice, count })),
    },
    revenue: {
      total: byService.reduce((s, r) => s + r.total, 0),
      byService,
      byProfessional,
    },
    patients: { new: f.newPatients, returning: f.returning },
  };
}
