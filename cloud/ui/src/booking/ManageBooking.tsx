import type { OnlineBooking } from "@mostrador/contracts/http/cloud-turnos";
import type { FreeSlot } from "@mostrador/contracts/http/turnos";
import { useEffect, useState } from "react";
import { useFormat } from "../format/use-format.js";
import { useT } from "../i18n/i18n.js";
import { type BookingApi, nextFreeOf } from "./booking-api.js";
import { BookingDetails } from "./BookingDetails.js";
import { NextFreeSlots } from "./NextFreeSlots.js";
import { SlotPicker } from "./SlotPicker.js";
import { useSetup } from "./use-setup.js";

const CHANGEABLE = ["booked", "confirmed"];

/** The patient's link: their booking, and (while it is pending and ahead) cancel it or move it. */
export function ManageBooking({
  api,
  bookingId,
  token,
}: {
  api: BookingApi;
  bookingId: string;
  token: string;
}) {
  const t = useT();
  const f = useFormat();
  const { setup, error: setupError } = useSetup(api);
  const [booking, setBooking] = useState<OnlineBooking | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<"booking.cancelled" | "booking.moved" | null>(null);
  const [mode, setMode] = useState<"view" | "cancel" | "move">("view");
  const [nextFree, setNextFree] = useState<FreeSlot[] | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let current = true;
    api
      .view(bookingId, token)
      .then((b) => current && setBooking(b))
      .catch((err: unknown) => current && setError(err));
    return () => {
      current = false;
    };
  }, [api, bookingId, token]);

  // Back from Mercado Pago, the payment's webhook may not have arrived yet: read again while it waits.
  const waiting = booking?.deposit.status === "pending";
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => {
      api.view(bookingId, token).then(setBooking, () => undefined);
    }, 3000);
    return () => clearInterval(timer);
  }, [api, bookingId, token, waiting]);

  async function act(action: () => Promise<OnlineBooking>, done: "booking.cancelled" | "booking.moved") {
    setBusy(true);
    setError(null);
    setNextFree(null);
    try {
      setBooking(await action());
      setNotice(done);
      setMode("view");
    } catch (err) {
      const free = nextFreeOf(err);
      if (free) setNextFree(free);
      else setError(err);
    } finally {
      setBusy(false);
    }
  }
  const moveTo = (slot: FreeSlot) => void act(() => api.move(bookingId, token, slot.start), "booking.moved");

  const failure = setupError ?? (booking ? null : error);
  if (failure)
    return (
      <p className="error" role="alert" data-testid="booking-error">
        {f.error(failure)}
      </p>
    );
  if (!setup || !booking) return <p className="muted">{t("booking.loading")}</p>;
  const ahead = Date.parse(booking.start) > Date.now();
  const changeable = CHANGEABLE.includes(booking.state) && ahead;
  // A hold waiting for its seña may be let go (cancelled), not moved.
  const cancellable = changeable || (booking.state === "held" && ahead);

  return (
    <section data-testid="booking-manage">
      <h1 data-testid="booking-store">{setup.storeName}</h1>
      <h2>{t("booking.yourBooking")}</h2>
      <BookingDetails booking={booking} timeZone={setup.timeZone} />
      {notice ? (
        <p className="notice" role="status" data-testid="booking-notice">
          {t(notice)}
        </p>
      ) : null}
      {error ? (
        <p className="error" role="alert" data-testid="booking-error">
          {f.error(error)}
        </p>
      ) : null}
      {nextFree ? <NextFreeSlots slots={nextFree} timeZone={setup.timeZone} onPick={moveTo} /> : null}
      {cancellable && mode === "view" ? (
        <div className="booking-actions">
          {changeable ? (
            <button type="button" data-testid="booking-move" onClick={() => setMode("move")}>
              {t("booking.move")}
            </button>
          ) : null}
          <button
            type="button"
            className="danger"
            data-testid="booking-cancel"
            onClick={() => setMode("cancel")}
          >
            {t("booking.cancel")}
          </button>
        </div>
      ) : null}
      {cancellable && mode === "cancel" ? (
        <div className="booking-actions">
          <p>{t("booking.cancelConfirm")}</p>
          <button
            type="button"
            className="danger"
            data-testid="booking-cancel-confirm"
            disabled={busy}
            onClick={() => void act(() => api.cancel(bookingId, token), "booking.cancelled")}
          >
            {t("booking.cancelYes")}
          </button>
          <button type="button" className="link" onClick={() => setMode("view")}>
            {t("booking.back")}
          </button>
        </div>
      ) : null}
      {changeable && mode === "move" ? (
        <>
          <button type="button" className="link" onClick={() => setMode("view")}>
            ← {t("booking.back")}
          </button>
          <SlotPicker
            api={api}
            timeZone={setup.timeZone}
            serviceId={booking.serviceId}
            professionalId={booking.professionalId}
            onPick={moveTo}
          />
        </>
      ) : null}
    </section>
  );
}
