import type { AgendaBooking, ReminderState } from "@mostrador/contracts/http/cloud-turnos";
import { useFormat } from "../format/use-format.js";
import { type MessageKey, useT } from "../i18n/i18n.js";

const STATE_CLASS: Record<ReminderState, string> = {
  scheduled: "badge",
  sent: "badge",
  delivered: "badge online",
  read: "badge online",
  failed: "badge danger",
  no_consent: "badge danger",
  cancelled: "badge",
};

/**
 * One booking's reminders in the agenda: "24 h WhatsApp: entregado 3/3 10:02" per reminder (when it goes,
 * while scheduled; when its state last changed, after), why one failed or was not sent, and what the
 * patient answered. Times in the store's zone.
 */
export function BookingReminders({ booking, timeZone }: { booking: AgendaBooking; timeZone: string }) {
  const t = useT();
  const f = useFormat();
  if (booking.reminders.length === 0 && !booking.answer) return <>{t("turnos.rem.none")}</>;
  return (
    <ul className="turnos-reminder-list">
      {booking.reminders.map((r) => (
        <li
          key={`${r.reminder}-${r.channel}`}
          data-testid="turnos-reminder"
          data-state={r.state}
          title={r.why ?? undefined}
        >
          <span className={STATE_CLASS[r.state]}>
            {t("turnos.rem.line", {
              kind: t(`turnos.rem.kind.${r.reminder}` as MessageKey),
              channel: t(`messaging.channel.${r.channel}` as MessageKey),
              state: t(`turnos.rem.state.${r.state}` as MessageKey),
              when: f.dateTime(r.state === "scheduled" ? r.notBefore : r.updatedAt, timeZone),
            })}
          </span>
          {r.why ? <span className="muted turnos-reminder-why"> ({r.why})</span> : null}
        </li>
      ))}
      {booking.answer ? (
        <li data-testid="turnos-answer" data-answer={booking.answer.answer}>
          <strong>{t(`turnos.rem.answer.${booking.answer.answer}` as MessageKey)}</strong>{" "}
          {f.dateTime(booking.answer.receivedAt, timeZone)}
        </li>
      ) : null}
    </ul>
  );
}
