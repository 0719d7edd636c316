import type { Booking } from "@mostrador/contracts/http/turnos";
import { useFormat, useT } from "../i18n/use-i18n.js";

/**
 * "Seña pagada $ 5.000" for a booking whose seña the patient paid online by Mercado Pago (the till deducts
 * it), or "Seña a devolver $ 5.000" once such a booking was cancelled: the shop owes it back.
 */
export function OnlineDeposit({ booking }: { booking: Booking }) {
  const t = useT();
  const format = useFormat();
  const deposit = booking.onlineDeposit;
  if (!deposit) return null;
  const key = deposit.status === "paid" ? "turnos.onlineDeposit.paid" : "turnos.onlineDeposit.refundOwed";
  return (
    <span className={`online-deposit ${deposit.status}`} data-testid={`online-deposit-${booking.id}`}>
      {t(key, { amount: format.money(booking.depositPaid) })}
    </span>
  );
}
