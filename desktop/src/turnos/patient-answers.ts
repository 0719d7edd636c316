import type { Ctx } from "@mostrador/kernel/core/context";
import { isoNow } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { stmt } from "@mostrador/kernel/db/statements";
import { changeState, getBooking } from "./bookings.js";

interface PendingAnswer {
  id: string;
  bookingId: string;
  answer: "confirm" | "cancel";
  channel: string;
  bookingStart: string;
}

const CHANNEL_NAMES: Record<string, string> = { whatsapp: "WhatsApp", email: "correo", telegram: "Telegram" };

/** "confirmó por WhatsApp" / "canceló por correo": what the agenda says of a patient's answer. */
export function answerText(answer: string, channel: string): string {
  return `${answer === "confirm" ? "confirmó" : "canceló"} por ${CHANNEL_NAMES[channel] ?? channel}`;
}

/** Why an answer does not apply to the booking as it is now, or null when it does. */
function whyNot(ctx: Ctx, a: PendingAnswer): string | null {
  const row = stmt(ctx.db, "SELECT state, start_at AS start FROM turno_bookings WHERE id = ?").get(
    a.bookingId,
  ) as { state: string; start: string } | undefined;
  if (!row) return "El turno no existe en esta caja";
  if (row.start !== a.bookingStart) return "El turno se movió: la respuesta era para el horario anterior";
  if (row.state === "cancelled") return "El turno ya estaba cancelado";
  if (row.state !== "booked" && row.state !== "confirmed") return "El turno ya pasó por recepción";
  if (a.answer === "confirm" && row.state === "confirmed") return "El turno ya estaba confirmado";
  return null;
}

/**
 * Applies the patients' answers waiting in `turno_patient_answers` (the cloud sent them down; migration
 * 0039), oldest first, each in ONE IMMEDIATE transaction with the booking's change: "confirmar" moves a
 * booked turno to confirmed, "cancelar" cancels it (its keys freed) — through changeState, so the rules,
 * the history and the outbox op are the desk's own. An answer for a booking that moved, was cancelled or
 * already came in is kept as ignored, with why. Returns how many were applied.
 */
export function applyPatientAnswers(ctx: Ctx): number {
  const pending = stmt(
    ctx.db,
    `SELECT id, booking_id AS bookingId, answer, channel, booking_start AS bookingStart
       FROM turno_patient_answers WHERE applied_at IS NULL ORDER BY received_at, id`,
  ).all() as PendingAnswer[];
  let applied = 0;
  for (const a of pending) {
    ctx.db
      .transaction(() => {
        // Read again inside the transaction: another pass may have taken it.
        const still = stmt(
          ctx.db,
          "SELECT 1 FROM turno_patient_answers WHERE id = ? AND applied_at IS NULL",
        ).get(a.id);
        if (!still) return;
        let note = whyNot(ctx, a);
        if (!note)
          try {
            changeState(ctx, null, a.bookingId, a.answer === "confirm" ? "confirmed" : "cancelled", {});
          } catch (err) {
            if (!(err instanceof DomainError)) throw err;
            note = err.message;
          }
        stmt(
          ctx.db,
          "UPDATE turno_patient_answers SET applied_at = ?, outcome = ?, note = ? WHERE id = ?",
        ).run(isoNow(ctx), note ? "ignored" : "applied", note, a.id);
        if (!note) applied++;
      })
      .immediate();
  }
  return applied;
}

/** The latest answer a patient gave for a booking that the desk applied ("confirmó por WhatsApp"). */
export function patientAnswerOf(ctx: Ctx, bookingId: string): string | null {
  getBooking(ctx.db, bookingId);
  const row = stmt(
    ctx.db,
    `SELECT answer, channel FROM turno_patient_answers WHERE booking_id = ? AND outcome = 'applied'
      ORDER BY received_at DESC, id DESC LIMIT 1`,
  ).get(bookingId) as { answer: string; channel: string } | undefined;
  return row ? answerText(row.answer, row.channel) : null;
}
