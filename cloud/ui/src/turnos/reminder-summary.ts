import type { AgendaBooking } from "@mostrador/contracts/http/cloud-turnos";

export interface ReminderSummary {
  /** Confirmed (the state says so, or the patient answered "confirmar" and the desk has not applied it yet). */
  confirmed: number;
  /** Booked and not confirmed yet: still waiting for the patient. */
  pending: number;
  /** Bookings with a reminder that failed or that messaging could not send (no consent). */
  failed: number;
}

/**
 * A day's reminder figures for the agenda: of the bookings still expected (booked or confirmed; a
 * cancelled, done or absent one needs no reminder), how many are confirmed, how many still pending, and
 * how many could not be reminded on some channel.
 */
export function reminderSummary(bookings: readonly AgendaBooking[]): ReminderSummary {
  const summary: ReminderSummary = { confirmed: 0, pending: 0, failed: 0 };
  for (const b of bookings) {
    if (b.state !== "booked" && b.state !== "confirmed") continue;
    if (b.state === "confirmed" || b.answer?.answer === "confirm") summary.confirmed++;
    else summary.pending++;
    if (b.reminders.some((r) => r.state === "failed" || r.state === "no_consent")) summary.failed++;
  }
  return summary;
}
