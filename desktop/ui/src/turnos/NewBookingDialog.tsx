import type { Customer } from "@mostrador/contracts/http/customers";
import type { Booking, FreeSlot, TurnosSetup } from "@mostrador/contracts/http/turnos";
import { dayKeyIn } from "@mostrador/contracts/zoned-day";
import { useEffect, useState } from "react";
import { CustomerDialog } from "../customers/CustomerDialog.js";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useNotices } from "../notices/notice-store.js";
import { Dialog } from "../shared/Dialog.js";
import { ErrorText } from "../shared/ErrorText.js";
import {
  addDays,
  countdown,
  hhmm,
  holdSecondsLeft,
  instantAt,
  localMinuteOf,
  minuteOf,
} from "./calendar-logic.js";
import { NextFree, nextFreeOf } from "./NextFree.js";
import { bookingAction, confirmHold, createBooking, createSeries, freeSlots } from "./turnos-api.js";

interface Props {
  setup: TurnosSetup;
  professionalId: string;
  day: string;
  minute: number;
  onClose: () => void;
  onBooked: () => void;
}

/** Quick booking: the patient from the customers search (or created there), the service, the time; weekly × N. */
export function NewBookingDialog({
  setup,
  professionalId,
  day: initialDay,
  minute,
  onClose,
  onBooked,
}: Props) {
  const t = useT();
  const format = useFormat();
  const notify = useNotices((s) => s.show);
  // "" is "cualquiera": the server books the first professional free who gives the service.
  const [proId, setProId] = useState(professionalId);
  const pro = setup.professionals.find((p) => p.id === proId);
  const services = setup.services.filter((s) => s.active && (!pro || pro.serviceIds.includes(s.id)));
  const [patient, setPatient] = useState<Customer | null>(null);
  const [picking, setPicking] = useState(false);
  const [serviceId, setServiceId] = useState(services[0]?.id ?? "");
  const [day, setDay] = useState(initialDay);
  const [time, setTime] = useState(hhmm(minute));
  const [weeks, setWeeks] = useState("1");
  const [notes, setNotes] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [nextFree, setNextFree] = useState<FreeSlot[]>([]);
  const [busy, setBusy] = useState(false);
  // "Reservar unos minutos": the slot held while the receptionist confirms on the phone; the countdown ticks
  // every second (display only: the server frees an expired hold on its own).
  const [hold, setHold] = useState<Booking | null>(null);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!hold) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [hold]);
  const secondsLeft = hold ? holdSecondsLeft(hold.holdExpiresAt, now) : 0;

  const placeHold = async () => {
    const m = minuteOf(time);
    if (m === null) return setError(t("turnos.badTime"));
    setBusy(true);
    try {
      const held = await createBooking({
        serviceId,
        start: instantAt(day, m, setup.timeZone),
        customerId: patient?.id ?? null,
        notes,
        hold: true,
        ...(proId ? { professionalId: proId } : {}),
      });
      setHold(held);
      setNow(Date.now());
      setError(null);
      setNextFree([]);
    } catch (e) {
      setError(format.error(e));
      setNextFree(nextFreeOf(e));
    } finally {
      setBusy(false);
    }
  };
  const confirmHeld = async () => {
    if (!hold) return;
    setBusy(true);
    try {
      await confirmHold(hold.id, { customerId: patient?.id ?? null, notes });
      notify("info", t("turnos.booked"));
      onBooked();
    } catch (e) {
      setError(format.error(e));
    } finally {
      setBusy(false);
    }
  };
  const releaseHold = () => {
    if (hold && secondsLeft > 0) void bookingAction(hold.id, "cancel").catch(() => {});
    setHold(null);
  };

  const submit = async (start?: string) => {
    const m = minuteOf(time);
    const count = Number(weeks);
    if (m === null) return setError(t("turnos.badTime"));
    if (!Number.isInteger(count) || count < 1 || count > 52) return setError(t("turnos.badWeeks"));
    setBusy(true);
    try {
      const at = start ?? instantAt(day, m, setup.timeZone);
      const base = { serviceId, start: at, customerId: patient?.id ?? null, notes };
      if (count === 1) {
        await createBooking({ ...base, ...(proId ? { professionalId: proId } : {}) });
        notify("info", t("turnos.booked"));
      } else {
        if (!proId) return setError(t("turnos.seriesNeedsProfessional"));
        const r = await createSeries({ ...base, professionalId: proId, count });
        notify(
          r.failed.length ? "error" : "info",
          t("turnos.seriesResult", { booked: r.booked.length, failed: r.failed.length }),
        );
      }
      onBooked();
    } catch (e) {
      setError(format.error(e));
      setNextFree(nextFreeOf(e));
    } finally {
      setBusy(false);
    }
  };
  const findFree = () => {
    freeSlots(serviceId, day, addDays(day, 13), proId || undefined)
      .then((r) => {
        setNextFree(r.slots.slice(0, 8));
        setError(r.slots.length ? null : t("turnos.noneFree"));
      })
      .catch((e: unknown) => setError(format.error(e)));
  };
  const pickFree = (s: FreeSlot) => {
    setProId(s.professionalId);
    setDay(dayKeyIn(s.start, setup.timeZone));
    setTime(hhmm(localMinuteOf(s.start, setup.timeZone)));
    setNextFree([]);
    setError(null);
  };

  if (picking)
    return (
      <CustomerDialog
        onPick={(c) => {
          setPatient(c);
          setPicking(false);
        }}
        onClose={() => setPicking(false)}
      />
    );
  return (
    <Dialog
      title={t("turnos.newBooking")}
      testId="new-booking"
      onClose={() => {
        releaseHold();
        onClose();
      }}
    >
      <form
        className="turnos-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label>
          {t("turnos.patient")}
          <button type="button" data-testid="booking-patient" onClick={() => setPicking(true)}>
            {patient ? patient.name : t("turnos.pickPatient")}
          </button>
        </label>
        <label>
          {t("turnos.professional")}
          <select data-testid="booking-professional" value={proId} onChange={(e) => setProId(e.target.value)}>
            <option value="">{t("turnos.anyone")}</option>
            {setup.professionals
              .filter((p) => p.active)
              .map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
          </select>
        </label>
        <label>
          {t("turnos.service")}
          <select
            data-testid="booking-service"
            value={serviceId}
            onChange={(e) => setServiceId(e.target.value)}
          >
            {services.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.durationMinutes} min · {format.money(s.price)})
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("turnos.date")}
          <input type="date" value={day} onChange={(e) => setDay(e.target.value)} />
        </label>
        <label>
          {t("turnos.time")}
          <input data-testid="booking-time" value={time} onChange={(e) => setTime(e.target.value)} />
        </label>
        <label>
          {t("turnos.weeks")}
          <input type="number" min={1} max={52} value={weeks} onChange={(e) => setWeeks(e.target.value)} />
        </label>
        <label>
          {t("turnos.notes")}
          <input value={notes} maxLength={500} onChange={(e) => setNotes(e.target.value)} />
        </label>
        <button type="button" data-testid="booking-find-free" disabled={!serviceId} onClick={findFree}>
          {t("turnos.findFree")}
        </button>
        {hold && (
          <p
            className={secondsLeft > 0 ? "turnos-hold" : "turnos-hold expired"}
            data-testid="booking-hold-countdown"
          >
            {secondsLeft > 0
              ? t("turnos.holdLeft", { time: countdown(secondsLeft) })
              : t("turnos.holdExpired")}
          </p>
        )}
        <ErrorText text={error} />
        <NextFree
          slots={nextFree}
          onPick={pickFree}
          names={Object.fromEntries(setup.professionals.map((p) => [p.id, p.name]))}
        />
        <div className="actions">
          <button
            type="button"
            onClick={() => {
              releaseHold();
              onClose();
            }}
          >
            {t("common.cancel")}
          </button>
          {hold ? (
            <>
              <button type="button" data-testid="booking-hold-release" disabled={busy} onClick={releaseHold}>
                {t("turnos.holdRelease")}
              </button>
              <button
                type="button"
                className="primary"
                data-testid="booking-hold-confirm"
                disabled={busy || secondsLeft === 0}
                onClick={() => void confirmHeld()}
              >
                {t("turnos.holdConfirm")}
              </button>
            </>
          ) : (
            <>
              <button
                type="button"
                data-testid="booking-hold"
                disabled={busy || !serviceId || weeks !== "1"}
                onClick={() => void placeHold()}
              >
                {t("turnos.hold")}
              </button>
              <button
                type="submit"
                className="primary"
                data-testid="booking-submit"
                disabled={busy || !serviceId}
              >
                {t("turnos.book")}
              </button>
            </>
          )}
        </div>
      </form>
    </Dialog>
  );
}
