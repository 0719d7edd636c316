import type { OnlineBooked, OnlineSetup } from "@mostrador/contracts/http/cloud-turnos";
import type { FreeSlot } from "@mostrador/contracts/http/turnos";
import { dayKeyIn } from "@mostrador/contracts/zoned-day";
import { type FormEvent, useState } from "react";
import { useFormat } from "../format/use-format.js";
import { useT } from "../i18n/i18n.js";
import { type BookingApi, nextFreeOf } from "./booking-api.js";
import { NextFreeSlots } from "./NextFreeSlots.js";
import { patientProblems, type PatientFields } from "./patient-check.js";

/**
 * The patient's details for the chosen slot, then the booking. Each field the API would refuse is named
 * before sending; a slot taken meanwhile (409) offers the next free ones. The marketing opt-in starts
 * unticked: booking is consent to be reminded of this booking only (docs/turnos.md).
 */
export function PatientForm({
  api,
  setup,
  service,
  professionalId,
  slot,
  onSlot,
  onBooked,
}: {
  api: BookingApi;
  setup: OnlineSetup;
  service: OnlineSetup["services"][number];
  professionalId: string | null;
  slot: FreeSlot;
  onSlot(slot: FreeSlot): void;
  onBooked(booked: OnlineBooked): void;
}) {
  const t = useT();
  const f = useFormat();
  const [fields, setFields] = useState<PatientFields>({ name: "", phone: "", email: "" });
  const [optIn, setOptIn] = useState(false);
  const [shown, setShown] = useState<ReturnType<typeof patientProblems>>({});
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [nextFree, setNextFree] = useState<FreeSlot[] | null>(null);
  const tz = setup.timeZone;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problems = patientProblems(fields);
    setShown(problems);
    setError(null);
    if (Object.keys(problems).length) return;
    setSending(true);
    try {
      const email = fields.email.trim();
      onBooked(
        await api.book({
          serviceId: service.id,
          ...(professionalId ? { professionalId } : {}),
          start: slot.start,
          name: fields.name.trim(),
          phone: fields.phone.trim(),
          email: email || null,
          optIn,
        }),
      );
    } catch (err) {
      const free = nextFreeOf(err);
      if (free) setNextFree(free);
      else setError(err);
    } finally {
      setSending(false);
    }
  }

  const field = (key: keyof PatientFields, type: string, autoComplete: string) => (
    <label className="booking-field">
      {t(`booking.${key}`)}
      <input
        type={type}
        data-testid={`booking-${key}`}
        autoComplete={autoComplete}
        value={fields[key]}
        aria-invalid={!!shown[key]}
        onChange={(e) => setFields({ ...fields, [key]: e.target.value })}
      />
      {shown[key] ? (
        <span className="error" data-testid={`booking-${key}-error`}>
          {t(shown[key])}
        </span>
      ) : null}
    </label>
  );

  return (
    <form className="booking-form" onSubmit={(e) => void submit(e)} noValidate>
      <p className="booking-when" data-testid="booking-chosen">
        {t("booking.when", { day: f.day(dayKeyIn(slot.start, tz)), time: f.time(slot.start, tz) })}
      </p>
      {nextFree ? (
        <NextFreeSlots
          slots={nextFree}
          timeZone={tz}
          onPick={(s) => {
            setNextFree(null);
            onSlot(s);
          }}
        />
      ) : null}
      {service.deposit > 0 ? (
        <p className="muted" data-testid="booking-deposit">
          {t(setup.depositsOnline ? "booking.depositOnline" : "booking.deposit", {
            amount: f.money(service.deposit),
          })}
        </p>
      ) : null}
      <h2>{t("booking.yourData")}</h2>
      {field("name", "text", "name")}
      {field("phone", "tel", "tel")}
      {field("email", "email", "email")}
      <label className="booking-check">
        <input
          type="checkbox"
          data-testid="booking-optin"
          checked={optIn}
          onChange={(e) => setOptIn(e.target.checked)}
        />
        {t("booking.optIn")}
      </label>
      <p className="muted">{t("booking.remindersNote")}</p>
      {error ? (
        <p className="error" role="alert" data-testid="booking-error">
          {f.error(error)}
        </p>
      ) : null}
      <button type="submit" className="primary wide" data-testid="booking-submit" disabled={sending}>
        {sending ? t("booking.sending") : t("booking.submit")}
      </button>
    </form>
  );
}
