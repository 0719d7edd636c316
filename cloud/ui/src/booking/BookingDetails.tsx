import type { OnlineBooking } from "@mostrador/contracts/http/cloud-turnos";
import { dayKeyIn } from "@mostrador/contracts/zoned-day";
import { useFormat } from "../format/use-format.js";
import { type MessageKey, useT } from "../i18n/i18n.js";
import { DepositStatus } from "./DepositStatus.js";

const STATE_WORDS: Partial<Record<string, MessageKey>> = {
  booked: "booking.stateBooked",
  confirmed: "booking.stateConfirmed",
  cancelled: "booking.stateCancelled",
  held: "booking.stateHeld",
};

/** One booking as the patient reads it: what, with whom, when (the shop's day and time), its state. */
export function BookingDetails({ booking, timeZone }: { booking: OnlineBooking; timeZone: string }) {
  const t = useT();
  const f = useFormat();
  const words = STATE_WORDS[booking.state];
  return (
    <dl className="booking-details" data-testid="booking-details" data-state={booking.state}>
      <dt>{booking.serviceName}</dt>
      <dd data-testid="booking-details-professional">{booking.professionalName}</dd>
      <dd data-testid="booking-details-when">
        {t("booking.when", {
          day: f.day(dayKeyIn(booking.start, timeZone)),
          time: f.time(booking.start, timeZone),
        })}
      </dd>
      <dd data-testid="booking-details-patient">{booking.patientName}</dd>
      <dd data-testid="booking-details-state">
        {t("booking.state", {
          state: words ? t(words) : t("booking.stateOther", { state: booking.state }),
        })}
      </dd>
      <dd>
        <DepositStatus booking={booking} timeZone={timeZone} />
      </dd>
    </dl>
  );
}
