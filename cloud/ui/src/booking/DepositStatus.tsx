import type { OnlineBooking } from "@mostrador/contracts/http/cloud-turnos";
import { useFormat } from "../format/use-format.js";
import { useT } from "../i18n/i18n.js";

/**
 * The booking's online seña as the patient reads it: "Esperando el pago" (with the Mercado Pago link and
 * until when the slot waits), "Seña pagada", "Venció", "Seña a devolver". Nothing when none was asked online.
 */
export function DepositStatus({ booking, timeZone }: { booking: OnlineBooking; timeZone: string }) {
  const t = useT();
  const f = useFormat();
  const d = booking.deposit;
  const amount = f.money(d.amount);
  if (d.status === "none") return null;
  return (
    <div
      className={`booking-deposit-status ${d.status}`}
      data-testid="booking-deposit-status"
      data-status={d.status}
    >
      {d.status === "pending" ? (
        <>
          <p>{t("booking.depositPending", { amount })}</p>
          {d.holdExpiresAt ? (
            <p className="muted">
              {t("booking.depositPendingUntil", { time: f.time(d.holdExpiresAt, timeZone) })}
            </p>
          ) : null}
          {d.paymentUrl ? (
            // The whole page goes to Mercado Pago (inside the widget too: MP's checkout is not framed).
            <a className="button" href={d.paymentUrl} target="_top" data-testid="booking-deposit-pay">
              {t("booking.depositPay")}
            </a>
          ) : null}
        </>
      ) : (
        <p>
          {d.status === "paid"
            ? t("booking.depositPaid", { amount })
            : d.status === "expired"
              ? t("booking.depositExpired")
              : t("booking.depositRefundOwed", { amount })}
        </p>
      )}
    </div>
  );
}
