import type { Channel } from "@mostrador/contracts/http/messaging";
import { newId } from "../../core/ids.js";
import type { Queryable } from "../../db/sql.js";
import type { MessagingConfig } from "../../messaging/config.js";
import type { InboundAnswer, InboundHandler } from "../../messaging/inbound.js";
import { enqueue } from "../../messaging/queue.js";
import { lockTenantShapes, releaseOnlineKeys } from "../allotments.js";
import { cancelQueuedReminders, syncBookingReminders, TURNOS_REPLY_HANDLER } from "./schedule.js";

export type Answer = "confirm" | "cancel";

/**
 * What happened to a patient's answer: applied in the cloud (an online booking, the cloud's own), sent
 * down to the desk (a desk booking: only its appliance changes it), or ignored, with why.
 */
export type AnswerOutcome =
  { outcome: "confirmed" | "cancelled" | "sent_to_desk" } | { outcome: "ignored"; reason: string };

const CONFIRM = new Set([
  "confirmar",
  "confirmo",
  "confirmado",
  "confirma",
  "si",
  "confirm",
  "confirmed",
  "yes",
]);
const CANCEL = new Set(["cancelar", "cancelo", "cancelado", "cancela", "cancel", "cancelled", "canceled"]);

/**
 * "Confirmar" / "cancelar" from a quick-reply button (its payload: `turno:confirm:<id>`) or typed: the
 * first word, case- and accent-insensitive, Spanish or English ("Sí, confirmo" → confirm). Null for
 * anything else (left to the person at the desk).
 */
export function parseAnswer(text: string, payload: string | null): Answer | null {
  const fromPayload = /^turno:(confirm|cancel):/.exec(payload ?? "");
  if (fromPayload) return fromPayload[1] as Answer;
  const words = text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean);
  for (const w of words.slice(0, 2)) {
    if (CONFIRM.has(w)) return "confirm";
    if (CANCEL.has(w)) return "cancel";
  }
  return null;
}

interface BookingRow {
  tenant_id: string;
  store_id: string;
  origin: "desk" | "online";
  state: string;
  start_at: Date;
}

/**
 * A patient's answer to the reminder of `bookingId` at `start`. An online booking is the cloud's: it is
 * confirmed, or cancelled with its keys freed (as the patient's link does). A desk booking is never
 * changed here: the answer is recorded in `turno_answers`, which goes down to the store, and its
 * appliance applies it. Either way, a cancel stops the booking's remaining reminders. Runs in the
 * caller's transaction under the tenant.
 */
export async function applyAnswer(
  q: Queryable,
  config: MessagingConfig,
  input: { bookingId: string; start: string; answer: Answer; channel: Channel; messageId: string | null },
  now: Date,
): Promise<AnswerOutcome> {
  // Before the booking row lock, as every writer of online bookings (allotments.ts).
  await lockTenantShapes(q);
  const [b] = await q.query<BookingRow>(
    `SELECT tenant_id, store_id, origin, state, start_at FROM turno_bookings WHERE id = $1 FOR UPDATE`,
    [input.bookingId],
  );
  if (!b) return { outcome: "ignored", reason: "El turno no existe" };
  if (b.start_at.getTime() !== Date.parse(input.start))
    return { outcome: "ignored", reason: "El turno cambió de horario: la respuesta era para el anterior" };
  if (b.state !== "booked" && b.state !== "confirmed")
    return { outcome: "ignored", reason: "El turno ya no está pendiente" };
  if (b.start_at.getTime() <= now.getTime()) return { outcome: "ignored", reason: "El turno ya pasó" };
  await q.query(
    `INSERT INTO turno_answers (tenant_id, id, store_id, booking_id, answer, channel, booking_start, message_id,
       origin, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      b.tenant_id,
      newId(),
      b.store_id,
      input.bookingId,
      input.answer,
      input.channel,
      b.start_at,
      input.messageId,
      b.origin,
      now,
    ],
  );
  let outcome: AnswerOutcome["outcome"] = "sent_to_desk";
  if (b.origin === "online") {
    if (input.answer === "cancel") {
      await releaseOnlineKeys(q, input.bookingId, now);
      await q.query(
        // A seña paid online is then owed back to the patient (docs/turnos.md, "Señas").
        `UPDATE turno_bookings SET state = 'cancelled', unit_from = NULL, unit_to = NULL, updated_at = $2,
           deposit_status = CASE WHEN deposit_status = 'paid' THEN 'refund_owed' ELSE deposit_status END
          WHERE id = $1`,
        [input.bookingId, now],
      );
      outcome = "cancelled";
    } else {
      await q.query(`UPDATE turno_bookings SET state = 'confirmed', updated_at = $2 WHERE id = $1`, [
        input.bookingId,
        now,
      ]);
      outcome = "confirmed";
    }
    await syncBookingReminders(q, config, input.bookingId, now);
  } else if (input.answer === "cancel")
    // The desk's booking stays as it is until its appliance applies the answer; its reminders stop now.
    await cancelQueuedReminders(q, b.tenant_id, input.bookingId, now);
  return { outcome };
}

/** What the patient is told after answering. */
export function replyText(result: AnswerOutcome): string {
  switch (result.outcome) {
    case "confirmed":
      return "Listo: tu turno quedó confirmado. ¡Te esperamos!";
    case "cancelled":
      return "Listo: tu turno quedó cancelado.";
    case "sent_to_desk":
      return "Gracias, recibimos tu respuesta y ya la tiene el local.";
    case "ignored":
      return `No pudimos tomar tu respuesta: ${result.reason.toLowerCase()}. Comunicate con el local.`;
  }
}

/** The messaging handler of answers to turnos' reminders (WhatsApp buttons and typed words). */
export function turnosAnswerHandler(config: MessagingConfig): InboundHandler {
  return {
    name: TURNOS_REPLY_HANDLER,
    async handle(q: Queryable, answer: InboundAnswer): Promise<void> {
      const parsed = parseAnswer(answer.text, answer.payload);
      const ctx = answer.answered.context as { bookingId?: unknown; start?: unknown } | null;
      // A button carries its booking; a typed word answers the reminder messaging routed it to.
      const fromPayload = /^turno:(?:confirm|cancel):(.+)$/.exec(answer.payload ?? "")?.[1];
      const bookingId = fromPayload ?? (typeof ctx?.bookingId === "string" ? ctx.bookingId : null);
      if (!parsed || !bookingId || typeof ctx?.start !== "string") return;
      if (fromPayload && fromPayload !== ctx.bookingId) return; // a button of another booking's message
      const result = await applyAnswer(
        q,
        config,
        {
          bookingId,
          start: ctx.start,
          answer: parsed,
          channel: answer.channel,
          messageId: answer.answered.messageId,
        },
        answer.at,
      );
      // The patient hears back, in the conversation their answer just opened (WhatsApp's 24 h window); once
      // per reminder and answer, however many times they tap.
      await enqueue(
        q,
        answer.tenantId,
        {
          channel: answer.channel,
          contactId: answer.contactId,
          kind: "transactional",
          reason: "requested",
          body: replyText(result),
          dedupeKey: `turno_answer:${answer.answered.messageId}:${parsed}`,
          source: `turno_answer:${bookingId}`,
        },
        answer.at,
      );
    },
  };
}
