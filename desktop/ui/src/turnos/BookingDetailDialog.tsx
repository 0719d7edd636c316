import type {
  Booking,
  BookingCharge,
  BookingState,
  Coverage,
  TurnosSetup,
} from "@mostrador/contracts/http/turnos";
import { dayKeyIn } from "@mostrador/contracts/zoned-day";
import { useEffect, useState } from "react";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { PatientAnswer } from "./PatientAnswer.js";
import { Dialog } from "../shared/Dialog.js";
import { ErrorText } from "../shared/ErrorText.js";
import { hhmm, instantAt, localMinuteOf, minuteOf } from "./calendar-logic.js";
import { chargeAtTill } from "./charge-at-till.js";
import { FreedSlotOffer } from "./FreedSlotOffer.js";
import { NextFree, nextFreeOf } from "./NextFree.js";
import {
  type BookingAction,
  bookingAction,
  bookingCharge,
  getCoverage,
  moveBooking,
  addToWaitlist,
  saveCoverage,
} from "./turnos-api.js";
import type { FreeSlot } from "@mostrador/contracts/http/turnos";

/** What may be done from each state (the server checks the same transitions). */
const ACTIONS: Record<BookingState, BookingAction[]> = {
  held: ["cancel"],
  booked: ["confirm", "arrive", "no-show", "cancel"],
  confirmed: ["arrive", "no-show", "cancel"],
  arrived: ["done"],
  done: [],
  no_show: [],
  cancelled: [],
};

/** A turno: state actions (check-in, no-show…), move, the patient's coverage, and charging at the till. */
export function BookingDetailDialog({
  setup,
  booking,
  onClose,
  onChanged,
}: {
  setup: TurnosSetup;
  booking: Booking;
  onClose: () => void;
  onChanged: () => void;
}) {
  const t = useT();
  const format = useFormat();
  const tz = setup.timeZone;
  const [error, setError] = useState<string | null>(null);
  const [nextFree, setNextFree] = useState<FreeSlot[]>([]);
  const [day, setDay] = useState(dayKeyIn(booking.start, tz));
  const [time, setTime] = useState(hhmm(localMinuteOf(booking.start, tz)));
  const [proId, setProId] = useState(booking.professionalId);
  const [coverage, setCoverage] = useState<Coverage | null>(null);
  const [charge, setCharge] = useState<BookingCharge | null>(null);
  const [cov, setCov] = useState({ payer: "", plan: "", memberNumber: "" });
  useEffect(() => {
    if (!booking.customerId) return;
    getCoverage(booking.customerId)
      .then((r) => {
        setCoverage(r.coverage);
        if (r.coverage)
          setCov({ payer: r.coverage.payer, plan: r.coverage.plan, memberNumber: r.coverage.memberNumber });
      })
      .catch(() => {});
  }, [booking.customerId]);
  // What the till will charge (the copay for a covered patient, less the deposit paid), shown at check-in.
  useEffect(() => {
    bookingCharge(booking.id)
      .then(setCharge)
      .catch(() => {});
  }, [booking.id, coverage]);

  const run = (p: Promise<unknown>) =>
    p.then(onChanged).catch((e: unknown) => {
      setError(format.error(e));
      setNextFree(nextFreeOf(e));
    });
  const move = () => {
    const m = minuteOf(time);
    if (m === null) return setError(t("turnos.badTime"));
    void run(moveBooking(booking.id, instantAt(day, m, tz), proId));
  };
  // A cancelled turno still ahead is a freed slot: who on the waitlist fits it.
  const [offering, setOffering] = useState(false);
  // Cancelled here, the dialog stays open on the freed slot (the agenda re-reads on its own feed).
  const [cancelledNow, setCancelledNow] = useState(false);
  const state: BookingState = cancelledNow ? "cancelled" : booking.state;
  const canMove = state === "booked" || state === "confirmed" || state === "held";
  const freedAhead = state === "cancelled" && Date.parse(booking.start) > Date.now();
  const [waitlisted, setWaitlisted] = useState(false);
  const pros = setup.professionals.filter((p) => p.active && p.serviceIds.includes(booking.serviceId));

  return (
    <Dialog
      title={`${booking.customerName ?? t("turnos.noPatient")} · ${booking.serviceName}`}
      testId="booking-detail"
      onClose={onClose}
    >
      <p data-testid="booking-summary">
        {format.dateTime(booking.start)} · {booking.professionalName} ·{" "}
        <strong data-testid="booking-state">{t(`turnos.state.${state}`)}</strong>
        {booking.patientAnswer && (
          <span data-testid="booking-patient-answer">
            {" "}
            (<PatientAnswer answer={booking.patientAnswer} />)
          </span>
        )}
      </p>
      {coverage && (
        <p data-testid="booking-coverage">
          {t("turnos.coverage")}: {coverage.payer} {coverage.plan} · {coverage.memberNumber}
        </p>
      )}
      {charge && (
        <p data-testid="booking-amount-due">
          {charge.copay !== null ? `${t("turnos.copay")}: ${format.money(charge.copay)} · ` : ""}
          {charge.depositPaid > 0 ? `${t("turnos.depositPaid")}: ${format.money(charge.depositPaid)} · ` : ""}
          {t("turnos.amountDue")}: {format.money(charge.amountDue)}
        </p>
      )}
      <div className="actions">
        {ACTIONS[state].map((a) => (
          <button
            key={a}
            type="button"
            data-testid={`booking-${a}`}
            onClick={() =>
              a === "cancel" && Date.parse(booking.start) > Date.now()
                ? void bookingAction(booking.id, a).then(
                    () => setCancelledNow(true),
                    (e: unknown) => setError(format.error(e)),
                  )
                : void run(bookingAction(booking.id, a))
            }
          >
            {t(`turnos.action.${a}`)}
          </button>
        ))}
        {/* The charge loads only for a booking not charged yet (the server refuses a second charge). */}
        {charge && (booking.state === "arrived" || booking.state === "done") && (
          <button
            type="button"
            className="primary"
            data-testid="booking-charge"
            onClick={() => void chargeAtTill(booking.id).catch((e: unknown) => setError(format.error(e)))}
          >
            {t("turnos.charge")}
          </button>
        )}
      </div>
      {canMove && (
        <fieldset className="turnos-form">
          <legend>{t("turnos.move")}</legend>
          <select value={proId} onChange={(e) => setProId(e.target.value)}>
            {pros.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
          <input type="date" value={day} onChange={(e) => setDay(e.target.value)} />
          <input data-testid="move-time" value={time} onChange={(e) => setTime(e.target.value)} />
          <button type="button" data-testid="booking-move" onClick={move}>
            {t("turnos.move")}
          </button>
        </fieldset>
      )}
      {booking.customerId && (
        <fieldset className="turnos-form">
          <legend>{t("turnos.coverage")}</legend>
          <input
            placeholder={t("turnos.payer")}
            value={cov.payer}
            maxLength={80}
            onChange={(e) => setCov({ ...cov, payer: e.target.value })}
          />
          <input
            placeholder={t("turnos.plan")}
            value={cov.plan}
            maxLength={80}
            onChange={(e) => setCov({ ...cov, plan: e.target.value })}
          />
          <input
            placeholder={t("turnos.memberNumber")}
            value={cov.memberNumber}
            maxLength={40}
            onChange={(e) => setCov({ ...cov, memberNumber: e.target.value })}
          />
          <button
            type="button"
            onClick={() =>
              void saveCoverage(booking.customerId ?? "", cov)
                .then(setCoverage)
                .catch((e: unknown) => setError(format.error(e)))
            }
          >
            {t("common.save")}
          </button>
        </fieldset>
      )}
      <div className="actions">
        {freedAhead && !offering && (
          <button type="button" data-testid="booking-offer-waitlist" onClick={() => setOffering(true)}>
            {t("turnos.waitlist.offerTitle")}
          </button>
        )}
        {/* The patient wants an earlier turno: on the list for the same service and professional. */}
        {booking.customerId &&
          (booking.state === "booked" || booking.state === "confirmed") &&
          !waitlisted && (
            <button
              type="button"
              data-testid="booking-add-waitlist"
              onClick={() =>
                void addToWaitlist({
                  customerId: booking.customerId ?? "",
                  serviceId: booking.serviceId,
                  professionalId: booking.professionalId,
                }).then(
                  () => setWaitlisted(true),
                  (e: unknown) => setError(format.error(e)),
                )
              }
            >
              {t("turnos.waitlist.addPatient")}
            </button>
          )}
        {waitlisted && <span data-testid="booking-waitlisted">{t("turnos.waitlist.added")}</span>}
      </div>
      {offering && (
        <FreedSlotOffer
          slot={{
            professionalId: booking.professionalId,
            serviceId: booking.serviceId,
            start: booking.start,
          }}
          onDone={onChanged}
        />
      )}
      <ErrorText text={error} />
      <NextFree
        slots={nextFree}
        onPick={(s) => {
          setDay(dayKeyIn(s.start, tz));
          setTime(hhmm(localMinuteOf(s.start, tz)));
          setProId(s.professionalId);
        }}
      />
      <div className="actions">
        <button type="button" onClick={onClose}>
          {t("common.close")}
        </button>
      </div>
    </Dialog>
  );
}
