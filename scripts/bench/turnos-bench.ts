import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nextDayKey } from "@mostrador/contracts/zoned-day";
import { openApplianceCore } from "@mostrador/desktop/appliance/open-appliance-core";
import { freeSlots, UNIT_MS, unitsOf } from "@mostrador/desktop/turnos/availability";
import { createProfessional, createService, getService } from "@mostrador/desktop/turnos/setup";
import { newId } from "@mostrador/kernel/db/ids";
import { measureInterleaved } from "./measure.js";
import type { LatencySummary } from "./stats.js";

export interface TurnosResults {
  professionals: number;
  days: number;
  bookings: number;
  freeSlots: number;
  bareRead: LatencySummary;
  availability: LatencySummary;
}

const NOW = "2026-11-23T11:00:00.000Z"; // a Monday, 08:00 in Buenos Aires
const HOURS = [1, 2, 3, 4, 5].flatMap((weekday) => [
  { weekday, kind: "work" as const, startMinute: 540, endMinute: 1080 },
  { weekday, kind: "break" as const, startMinute: 780, endMinute: 840 },
]);

/**
 * A medical centre: `professionals` working weekdays 9–18 with a break, a 30-minute consulta (+10 after),
 * a consulta every other hour booked (bookings and their keyed slots written with bare SQL in the columns
 * the write path fills), then ANALYZE. Measured, interleaved: the free slots of the consulta for
 * "cualquiera" over `days` days (freeSlots: hours, breaks, exceptions, keys, notice, horizon) against the
 * same-run baseline, a bare SELECT of every booking row of those days.
 */
export function benchTurnosAvailability(professionals: number, days: number): TurnosResults {
  const dataDir = mkdtempSync(join(tmpdir(), "mostrador-bench-turnos-"));
  const ctx = openApplianceCore(dataDir, { now: () => new Date(NOW) });
  try {
    const service = createService(ctx, {
      name: "Consulta",
      durationMinutes: 30,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 10,
      price: 2_000_000,
      deposit: 0,
    });
    const proIds = Array.from(
      { length: professionals },
      (_, i) =>
        createProfessional(ctx, { name: `Profesional ${i}`, serviceIds: [service.id], hours: HOURS }).id,
    );
    ctx.db.exec("UPDATE turnos_settings SET horizon_days = 90");
    const consulta = getService(ctx.db, service.id);
    const insertBooking = ctx.db.prepare(
      `INSERT INTO turno_bookings (id, service_id, professional_id, start_at, end_at, state, origin, price, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 'booked', 'desk', 2000000, ?, ?)`,
    );
    const insertKey = ctx.db.prepare("INSERT INTO turno_slots (owner_id, unit, booking_id) VALUES (?, ?, ?)");
    let bookings = 0;
    const firstDay = "2026-11-23";
    let lastDay = firstDay;
    for (let i = 1; i < days; i++) lastDay = nextDayKey(lastDay);
    ctx.db.transaction(() => {
      for (const [p, proId] of proIds.entries()) {
        for (let day = firstDay; day <= lastDay; day = nextDayKey(day)) {
          const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
          if (weekday === 0 || weekday === 6) continue;
          // Every other hour from 09:00 (local, UTC−3), shifted per professional: a consulta every other hour.
          for (let h = 9 + (p % 2); h < 18; h += 2) {
            if (h === 13) continue;
            const start = Date.parse(`${day}T${String(h + 3).padStart(2, "0")}:00:00.000Z`);
            const id = newId();
            insertBooking.run(
              id,
              service.id,
              proId,
              new Date(start).toISOString(),
              new Date(start + 1_800_000).toISOString(),
              NOW,
              NOW,
            );
            for (const u of unitsOf(consulta, start)) insertKey.run(proId, u, id);
            bookings++;
          }
        }
      }
    })();
    ctx.db.exec("ANALYZE");
    if (Date.parse(NOW) % UNIT_MS !== 0) throw new Error("the bench's clock must sit on a unit");

    const bare = ctx.db.prepare("SELECT * FROM turno_bookings WHERE start_at >= ? AND start_at < ?");
    const from = "2026-11-23T03:00:00.000Z";
    const to = new Date(Date.parse(`${nextDayKey(lastDay)}T03:00:00.000Z`)).toISOString();
    let free = 0;
    const { bareRead, availability } = measureInterleaved(
      {
        bareRead: () => bare.all(from, to),
        availability: () => {
          free = freeSlots(ctx, {
            service: consulta,
            professionalIds: proIds,
            fromDay: firstDay,
            toDay: lastDay,
          }).length;
        },
      },
      { warmup: 3, iterations: 40, block: 5 },
    );
    return { professionals, days, bookings, freeSlots: free, bareRead, availability };
  } finally {
    ctx.db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const ms = (x: number) => x.toFixed(2);

/** The section of docs/benchmarks.md. */
export function renderTurnosReport(r: TurnosResults): string {
  const ratio = r.availability.p50 / r.bareRead.p50;
  return `## Turnos availability (${r.professionals} professionals × ${r.days} days)

${r.professionals} professionals working weekdays 9–18 with a break, ${r.bookings.toLocaleString("en-US")} bookings
(a consulta every other hour) with their keyed slots. Availability is freeSlots for a 30-minute consulta (+10 after)
for "cualquiera" over ${r.days} days (${r.freeSlots.toLocaleString("en-US")} free starts); the baseline a bare
\`SELECT * FROM turno_bookings\` of the same days, interleaved in blocks of 5.

| | iterations | p50 ms | p95 ms | p99 ms |
| --- | ---: | ---: | ---: | ---: |
| baseline: bare read of the bookings | ${r.bareRead.iterations} | ${ms(r.bareRead.p50)} | ${ms(r.bareRead.p95)} | ${ms(r.bareRead.p99)} |
| availability (freeSlots) | ${r.availability.iterations} | ${ms(r.availability.p50)} | ${ms(r.availability.p95)} | ${ms(r.availability.p99)} |

Availability costs ${ratio.toFixed(1)}× the bare read (p50).
`;
}
