import type { OnlineBooked, OnlineSetup } from "@mostrador/contracts/http/cloud-turnos";
import { useEffect } from "react";
import { useFormat } from "../format/use-format.js";
import { useT } from "../i18n/i18n.js";
import { manageLink } from "./booking-path.js";
import { BookingDetails } from "./BookingDetails.js";

/** The booking made: its details in the shop's time zone and the patient's link (shown this once). */
export function Confirmation({
  setup,
  storeId,
  booked,
  onAnother,
}: {
  setup: OnlineSetup;
  storeId: string;
  booked: OnlineBooked;
  onAnother(): void;
}) {
  const t = useT();
  const f = useFormat();
  const link = manageLink(location.origin, storeId, booked.booking.id, booked.manageToken);
  const deposit = setup.services.find((s) => s.id === booked.booking.serviceId)?.deposit ?? 0;
  const held = booked.booking.state === "held";
  const payUrl = booked.booking.deposit.paymentUrl;
  // Held for its seña: straight on to Mercado Pago (outside a frame; in the widget the button does it).
  useEffect(() => {
    if (held && payUrl && window.top === window) location.assign(payUrl);
  }, [held, payUrl]);
  return (
    <section className="booking-confirmed" data-testid="booking-confirmed">
      <h2>{held ? t("booking.heldTitle") : t("booking.confirmed")}</h2>
      <BookingDetails booking={booked.booking} timeZone={setup.timeZone} />
      {deposit > 0 && booked.booking.deposit.status === "none" ? (
        <p className="muted" data-testid="booking-deposit">
          {t("booking.deposit", { amount: f.money(deposit) })}
        </p>
      ) : null}
      <p>{t("booking.linkHint")}</p>
      <p className="booking-link">
        {/* A new tab: inside the widget the link is the patient's, not the shop site's frame. */}
        <a href={link} target="_blank" rel="noopener" data-testid="booking-manage-link">
          {t("booking.openLink")}
        </a>
      </p>
      <input className="booking-link-text" readOnly value={link} aria-label={t("booking.openLink")} />
      <button type="button" className="link" data-testid="booking-another" onClick={onAnother}>
        {t("booking.another")}
      </button>
    </section>
  );
}
