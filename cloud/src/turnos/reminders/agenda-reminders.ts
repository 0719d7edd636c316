import type { AgendaBooking, AgendaReminder, ReminderState } from "@mostrador/contracts/http/cloud-turnos";
import type { MessageStatus } from "@mostrador/contracts/http/messaging";
import type { Queryable } from "../../db/sql.js";

/** messaging's status as the owner reads a reminder's; a cancelled one says whether consent stopped it. */
export function reminderStateOf(status: MessageStatus, refused: boolean): ReminderState {
  switch (status) {
    case "queued":
    case "sending":
      return "scheduled";
    case "accepted":
    case "sent":
      return "sent";
    case "delivered":
    case "read":
      return status;
    case "failed":
    case "bounced":
      return "failed";
    case "cancelled":
      return refused ? "no_consent" : "cancelled";
  }
}

type Extras = Pick<AgendaBooking, "reminders" | "answer">;

/**
 * The reminders of a page of the agenda's bookings, in one read: each reminder of the booking's CURRENT
 * start (a moved booking's old ones were cancelled and say nothing about the new time) and the patient's
 * latest answer to one of them. A reminder messaging itself cancelled at send time is one its consent
 * rule refused (its `cancelled` event carries the reason; a cancel by turnos carries none).
 */
export async function agendaReminders(
  q: Queryable,
  bookings: readonly { id: string; start: Date }[],
): Promise<Map<string, Extras>> {
  const out = new Map<string, Extras>(bookings.map((b) => [b.id, { reminders: [], answer: null }]));
  if (bookings.length === 0) return out;
  const startOf = new Map(bookings.map((b) => [b.id, b.start.toISOString()]));
  const messages = await q.query<{
    source: string;
    channel: AgendaReminder["channel"];
    status: MessageStatus;
    dedupe_key: string;
    not_before: Date;
    updated_at: Date;
    last_error: string | null;
    refused: boolean;
  }>(
    `SELECT m.source, m.channel, m.status, m.dedupe_key, m.not_before, m.updated_at, m.last_error,
            EXISTS (SELECT 1 FROM message_events e
                     WHERE e.tenant_id = m.tenant_id AND e.message_id = m.id AND e.type = 'cancelled'
                       AND e.detail ? 'error') AS refused
       FROM messages m
      WHERE m.source = ANY($1::text[])
      ORDER BY m.not_before, m.channel`,
    [bookings.map((b) => `turno:${b.id}`)],
  );
  for (const m of messages) {
    // turno:<id>:<24h|1h>:<start ISO> — the ISO instant has colons of its own.
    const [, id = "", kind, ...startParts] = m.dedupe_key.split(":");
    if (startParts.join(":") !== startOf.get(id) || (kind !== "24h" && kind !== "1h")) continue;
    const state = reminderStateOf(m.status, m.refused);
    out.get(id)?.reminders.push({
      reminder: kind,
      channel: m.channel,
      state,
      notBefore: m.not_before.toISOString(),
      updatedAt: m.updated_at.toISOString(),
      why: state === "failed" || state === "no_consent" ? m.last_error : null,
    });
  }
  const answers = await q.query<{
    booking_id: string;
    answer: "confirm" | "cancel";
    channel: AgendaReminder["channel"];
    booking_start: Date;
    received_at: Date;
  }>(
    `SELECT booking_id, answer, channel, booking_start, received_at FROM turno_answers
      WHERE booking_id = ANY($1::text[]) ORDER BY received_at, id`,
    [bookings.map((b) => b.id)],
  );
  for (const a of answers) {
    const extras = out.get(a.booking_id);
    if (!extras || a.booking_start.toISOString() !== startOf.get(a.booking_id)) continue;
    extras.answer = { answer: a.answer, channel: a.channel, receivedAt: a.received_at.toISOString() };
  }
  return out;
}
