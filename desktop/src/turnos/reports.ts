import {
  type NoticeBucket,
  type TurnosReport,
  type TurnosReportQuery,
} from "@mostrador/contracts/http/turnos";
// The range rules are shared with the cloud dashboard's report.
import { checkReportRange } from "@mostrador/contracts/turnos/report-range";
import { dayKeyIn, dayStartUtc, nextDayKey } from "@mostrador/contracts/zoned-day";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { stmt } from "@mostrador/kernel/db/statements";
import { getSettings } from "@mostrador/kernel/shop/settings";
import { dayPlanner } from "./availability.js";

/**
 * The desk's turnos figures for a range of the shop's days (issue 17 "Reports"). Counted over the bookings
 * that START in the range and were ever booked: a hold that expired or was let go never was (its history
 * has no "booked" row), so it is in no figure.
 * - occupancy: per professional and day, minutes open (work − breaks − leave + extra) and minutes booked
 *   (service time of bookings not cancelled, no-shows included: the slot was taken).
 * - no-shows: of the bookings whose start has passed and that were not cancelled, those marked absent.
 * - cancellations by notice: start − cancellation time, < 2 h, 2–24 h, > 24 h.
 * - revenue: the sale line of each booking charged at the till (turno_booking_charges), less what returns
 *   took off that line; voided sales are left out (a void un-charges the booking anyway).
 * - patients: those with a booking in the range whose first booking ever is in it (new) or before (returning).
 */

const HOUR = 3_600_000;
const MINUTE = 60_000;

const WAS_BOOKED = `EXISTS (SELECT 1 FROM turno_booking_history h WHERE h.booking_id = b.id AND h.action = 'booked')`;

interface BookingRow {
  id: string;
  professionalId: string;
  customerId: string | null;
  start: string;
  end: string;
  state: string;
  cancelledAt: string | null;
}

function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = from; d <= to; d = nextDayKey(d)) days.push(d);
  return days;
}

function noticeOf(start: string, cancelledAt: string): NoticeBucket {
  const ms = Date.parse(start) - Date.parse(cancelledAt);
  if (ms < 2 * HOUR) return "under2h";
  if (ms <= 24 * HOUR) return "from2to24h";
  return "over24h";
}

export function turnosReport(ctx: Ctx, query: TurnosReportQuery): TurnosReport {
  const { from, to } = query;
  checkReportRange(from, to);
  const tz = getSettings(ctx.db).timeZone;
  const fromUtc = dayStartUtc(from, tz);
  const toUtc = dayStartUtc(nextDayKey(to), tz);
  const now = isoNow(ctx);
  const bookings = stmt(
    ctx.db,
    `SELECT b.id, b.professional_id AS professionalId, b.customer_id AS customerId, b.start_at AS start,
            b.end_at AS end, b.state, b.cancelled_at AS cancelledAt
       FROM turno_bookings b WHERE b.start_at >= ? AND b.start_at < ? AND ${WAS_BOOKED}`,
  ).all(fromUtc, toUtc) as BookingRow[];

  const professionals = stmt(
    ctx.db,
    "SELECT id, name, active FROM turno_professionals ORDER BY name, id",
  ).all() as {
    id: string;
    name: string;
    active: number;
  }[];
  const days = daysOf(from, to);
  const occupancy: TurnosReport["occupancy"] = [];
  for (const p of professionals) {
    const plan = dayPlanner(ctx.db, p.id, from, to, tz);
    const booked = new Map<string, number>();
    for (const b of bookings)
      if (b.professionalId === p.id && b.state !== "cancelled") {
        const day = dayKeyIn(b.start, tz);
        booked.set(day, (booked.get(day) ?? 0) + (Date.parse(b.end) - Date.parse(b.start)) / MINUTE);
      }
    for (const day of days) {
      const openMinutes = plan(day).open.reduce((s, w) => s + (w.end - w.start) / MINUTE, 0);
      const bookedMinutes = booked.get(day) ?? 0;
      if (openMinutes === 0 && bookedMinutes === 0) continue;
      occupancy.push({ professionalId: p.id, professionalName: p.name, day, openMinutes, bookedMinutes });
    }
  }

  const past = bookings.filter((b) => b.state !== "cancelled" && b.start <= now);
  const noShows = past.filter((b) => b.state === "no_show").length;

  const cancelled = bookings.filter((b) => b.state === "cancelled" && b.cancelledAt);
  const byNotice = new Map<NoticeBucket, number>([
    ["under2h", 0],
    ["from2to24h", 0],
    ["over24h", 0],
  ]);
  for (const b of cancelled) {
    const bucket = noticeOf(b.start, b.cancelledAt as string);
    byNotice.set(bucket, (byNotice.get(bucket) ?? 0) + 1);
  }

  // The line of the service's product on the sale that charged it, less the returns of that line.
  const charged = stmt(
    ctx.db,
    `SELECT s.id AS serviceId, s.name AS serviceName, p.id AS professionalId, p.name AS professionalName,
            (SELECT l.total - COALESCE((SELECT SUM(rl.total) FROM return_lines rl WHERE rl.sale_line_id = l.id), 0)
               FROM sale_lines l WHERE l.sale_id = c.sale_id AND l.product_id = s.product_id
              ORDER BY l.line_no LIMIT 1) AS amount
       FROM turno_booking_charges c JOIN turno_bookings b ON b.id = c.booking_id
       JOIN sales sa ON sa.id = c.sale_id AND sa.status = 'completed'
       JOIN turno_services s ON s.id = b.service_id JOIN turno_professionals p ON p.id = b.professional_id
      WHERE b.start_at >= ? AND b.start_at < ?`,
  ).all(fromUtc, toUtc) as {
    serviceId: string;
    serviceName: string;
    professionalId: string;
    professionalName: string;
    amount: number | null;
  }[];
  const group = (key: (r: (typeof charged)[number]) => [string, string]) => {
    const out = new Map<string, { id: string; name: string; count: number; total: number }>();
    for (const r of charged) {
      const [id, name] = key(r);
      const g = out.get(id) ?? { id, name, count: 0, total: 0 };
      g.count += 1;
      g.total += r.amount ?? 0;
      out.set(id, g);
    }
    return [...out.values()].sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
  };

  // First booking ever (ever booked, not cancelled) of each patient seen in the range.
  const patientIds = [...new Set(bookings.filter((b) => b.customerId).map((b) => b.customerId as string))];
  const firstOf = stmt(
    ctx.db,
    `SELECT MIN(b.start_at) AS first FROM turno_bookings b
      WHERE b.customer_id = ? AND b.state <> 'cancelled' AND ${WAS_BOOKED}`,
  );
  let newPatients = 0;
  let returning = 0;
  for (const id of patientIds) {
    const first = (firstOf.get(id) as { first: string | null }).first;
    // A patient whose every booking was cancelled has none to be first: counted new if seen only in range.
    if (first !== null && first < fromUtc) returning += 1;
    else newPatients += 1;
  }

  return {
    from,
    to,
    timeZone: tz,
    occupancy,
    noShows: {
      past: past.length,
      noShows,
      rateBp: past.length === 0 ? 0 : Math.round((noShows * 10_000) / past.length),
    },
    cancellations: {
      total: cancelled.length,
      byNotice: [...byNotice].map(([notice, count]) => ({ notice, count })),
    },
    revenue: {
      total: charged.reduce((s, r) => s + (r.amount ?? 0), 0),
      byService: group((r) => [r.serviceId, r.serviceName]),
      byProfessional: group((r) => [r.professionalId, r.professionalName]),
    },
    patients: { new: newPatients, returning },
  };
}
