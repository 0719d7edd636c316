import type { ChangeMessage, Row } from "@electric-sql/client";
import type { Ctx } from "@mostrador/kernel/core/context";
import { stmt } from "@mostrador/kernel/db/statements";

/** A Postgres text timestamp ("2026-11-24 13:00:00+00") as ISO-8601 UTC, or "" if unreadable. */
const isoOf = (v: unknown): string => {
  const ms = Date.parse(
    String(v)
      .replace(" ", "T")
      .replace(/([+-]\d\d)$/, "$1:00"),
  );
  return Number.isFinite(ms) ? new Date(ms).toISOString() : "";
};

/**
 * The `turno_answers` shape (cloud/src/turnos/reminders/): patients' "confirmar" / "cancelar" for this
 * store's desk bookings. Stored pending in `turno_patient_answers` (the turnos module's inbox, appliance
 * migration 0039) in the batch's transaction; the turnos module applies them through its own booking
 * functions when `turnos.changed` arrives (desktop/src/turnos/patient-answers.ts), so the desk's rules and
 * outbox stay the module's. The same answer delivered twice is stored once. Returns the booking ids.
 */
export function applyTurnoAnswerMessages(ctx: Ctx, messages: ChangeMessage<Row>[]): string[] {
  const bookingIds: string[] = [];
  const insert = stmt(
    ctx.db,
    `INSERT INTO turno_patient_answers (id, booking_id, answer, channel, booking_start, received_at)
     VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
  );
  for (const m of messages) {
    if (m.headers.operation === "delete") continue;
    const v = m.value;
    const answer = String(v.answer);
    const start = isoOf(v.booking_start);
    const at = isoOf(v.received_at);
    // A row this version cannot read is skipped rather than jamming the shape (the cloud wrote it).
    if ((answer !== "confirm" && answer !== "cancel") || !start || !at || !v.id || !v.booking_id) continue;
    const inserted = insert.run(String(v.id), String(v.booking_id), answer, String(v.channel), start, at);
    if (inserted.changes === 1) bookingIds.push(String(v.booking_id));
  }
  return bookingIds;
}
