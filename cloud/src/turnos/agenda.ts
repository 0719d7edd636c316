import type { DashboardAgenda } from "@mostrador/contracts/http/cloud-turnos";
import { checkDayRange } from "@mostrador/contracts/turnos/availability";
import { dayStartUtc, nextDayKey } from "@mostrador/contracts/zoned-day";
import type { ScopedStore } from "../dashboard/store-scope.js";
import type { Queryable } from "../db/sql.js";
import { agendaReminders } from "./reminders/agenda-reminders.js";

/**
 * A store's agenda for the owner (read-only): every booking that starts in the range of the store's days,
 * from the desk or online, cancelled ones included (the state says so), with who is expected: the
 * customer's name (through a merge, to the survivor) or the name given online, and what became of each
 * booking's reminders and the patient's answer.
 */
export async function turnosAgenda(
  q: Queryable,
  store: ScopedStore,
  range: { from: string; to: string },
): Promise<DashboardAgenda> {
  const { from, to } = range;
  checkDayRange(from, to);
  const [rules] = await q.query<{ tz: string }>(
    "SELECT time_zone AS tz FROM turno_rules WHERE store_id = $1",
    [store.id],
  );
  const timeZone = rules?.tz ?? store.timeZone;
  const professionals = await q.query<{ id: string; name: string; active: boolean }>(
    `SELECT id, name, active FROM turno_professionals WHERE store_id = $1 ORDER BY name COLLATE "C", id`,
    [store.id],
  );
  const rows = await q.query<
    Omit<DashboardAgenda["bookings"][number], "start" | "end" | "depositPaid" | "reminders" | "answer"> & {
      start: Date;
      end: Date;
      depositPaid: string | number;
    }
  >(
    `SELECT b.id, b.professional_id AS "professionalId", COALESCE(p.name, '') AS "professionalName",
            COALESCE(s.name, '') AS "serviceName", b.start_at AS start, b.end_at AS end, b.state, b.origin,
            COALESCE(NULLIF(m.name, ''), NULLIF(c.name, ''), b.patient_name) AS "patientName",
            b.deposit_paid AS "depositPaid", b.deposit_status AS "depositStatus"
       FROM turno_bookings b
       LEFT JOIN turno_professionals p ON p.id = b.professional_id
       LEFT JOIN turno_services s ON s.id = b.service_id
       LEFT JOIN customers c ON c.id = b.customer_id
       LEFT JOIN customers m ON m.id = c.merged_into
      WHERE b.store_id = $1 AND b.start_at >= $2 AND b.start_at < $3
      ORDER BY b.start_at, "professionalName", b.id`,
    [store.id, dayStartUtc(from, timeZone), dayStartUtc(nextDayKey(to), timeZone)],
  );
  const reminders = await agendaReminders(q, rows);
  return {
    storeId: store.id,
    from,
    to,
    timeZone,
    professionals,
    bookings: rows.map((r) => ({
      ...r,
      depositPaid: Number(r.depositPaid),
      start: r.start.toISOString(),
      end: r.end.toISOString(),
      ...(reminders.get(r.id) ?? { reminders: [], answer: null }),
    })),
  };
}
