import type { Customer } from "@mostrador/contracts/http/customers";
import type { TurnosSetup } from "@mostrador/contracts/http/turnos";
import type { WaitlistEntry, WaitlistOfferInput } from "@mostrador/contracts/http/turnos-waitlist";
import { dayKeyIn } from "@mostrador/contracts/zoned-day";
import { useCallback, useEffect, useState } from "react";
import { CustomerDialog } from "../customers/CustomerDialog.js";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { ErrorText } from "../shared/ErrorText.js";
import { hhmm, instantAt, minuteOf } from "./calendar-logic.js";
import { FreedSlotOffer } from "./FreedSlotOffer.js";
import { addToWaitlist, listWaitlist, removeFromWaitlist } from "./turnos-api.js";
import { useTurnosFeed } from "./turnos-feed-store.js";

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 0];

/**
 * "Lista de espera": add a patient (the customers search, then the service, the professional or
 * "cualquiera", optional weekdays, hours and days), the open list in order of arrival with each one's
 * state, and a freed slot offered to those who fit it (FreedSlotOffer).
 */
export function WaitlistView({ setup }: { setup: TurnosSetup }) {
  const t = useT();
  const format = useFormat();
  const version = useTurnosFeed((s) => s.version);
  const today = dayKeyIn(new Date(), setup.timeZone);
  const [entries, setEntries] = useState<WaitlistEntry[]>([]);
  const [patient, setPatient] = useState<Customer | null>(null);
  const [picking, setPicking] = useState(false);
  const [serviceId, setServiceId] = useState("");
  const [proId, setProId] = useState("");
  const [weekdays, setWeekdays] = useState<number[]>([]);
  const [fromTime, setFromTime] = useState("");
  const [toTime, setToTime] = useState("");
  const [fromDay, setFromDay] = useState("");
  const [toDay, setToDay] = useState("");
  const [error, setError] = useState<string | null>(null);
  // A freed slot to offer: professional, service, day and time.
  const [freed, setFreed] = useState({ professionalId: "", serviceId: "", day: today, time: "" });
  const [slot, setSlot] = useState<WaitlistOfferInput | null>(null);

  const load = useCallback(() => {
    listWaitlist()
      .then((r) => setEntries(r.entries))
      .catch((e: unknown) => setError(format.error(e)));
  }, [format]);
  useEffect(load, [load, version]);

  const pro = setup.professionals.find((p) => p.id === proId);
  const services = setup.services.filter((s) => s.active && (!pro || pro.serviceIds.includes(s.id)));
  const fail = (e: unknown) => setError(format.error(e));

  const add = () => {
    if (!patient) return setError(t("turnos.waitlist.pickPatient"));
    const from = fromTime ? minuteOf(fromTime) : null;
    const to = toTime ? minuteOf(toTime) : null;
    if ((fromTime && from === null) || (toTime && to === null)) return setError(t("turnos.badTime"));
    void addToWaitlist({
      customerId: patient.id,
      serviceId: serviceId || null,
      professionalId: proId || null,
      weekdays,
      fromMinute: from,
      toMinute: to,
      ...(fromDay ? { fromDay } : {}),
      ...(toDay ? { toDay } : {}),
    }).then(() => {
      setPatient(null);
      setWeekdays([]);
      setError(null);
      load();
    }, fail);
  };

  const offer = () => {
    const m = minuteOf(freed.time);
    if (m === null || !freed.professionalId || !freed.serviceId)
      return setError(t("turnos.waitlist.freedIncomplete"));
    setError(null);
    setSlot({
      professionalId: freed.professionalId,
      serviceId: freed.serviceId,
      start: instantAt(freed.day, m, setup.timeZone),
    });
  };

  const what = (e: WaitlistEntry) =>
    `${e.serviceName ?? t("turnos.waitlist.anyService")} · ${e.professionalName ?? t("turnos.anyone")}`;
  const when = (e: WaitlistEntry) =>
    [
      e.weekdays.length > 0
        ? e.weekdays.map((d) => t(`turnos.weekday.${d}` as "turnos.weekday.0")).join(", ")
        : "",
      e.fromMinute !== null && e.toMinute !== null ? `${hhmm(e.fromMinute)}–${hhmm(e.toMinute)}` : "",
      `${e.fromDay} → ${e.toDay}`,
    ]
      .filter(Boolean)
      .join(" · ");

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
    <div data-testid="waitlist">
      <form
        className="turnos-form"
        onSubmit={(e) => {
          e.preventDefault();
          add();
        }}
      >
        <fieldset>
          <legend>{t("turnos.waitlist.add")}</legend>
          <label>
            {t("turnos.patient")}
            <button type="button" data-testid="waitlist-patient" onClick={() => setPicking(true)}>
              {patient ? patient.name : t("turnos.pickPatient")}
            </button>
          </label>
          <label>
            {t("turnos.service")}
            <select
              data-testid="waitlist-service"
              value={serviceId}
              onChange={(e) => setServiceId(e.target.value)}
            >
              <option value="">{t("turnos.waitlist.anyService")}</option>
              {services.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("turnos.professional")}
            <select
              data-testid="waitlist-professional"
              value={proId}
              onChange={(e) => setProId(e.target.value)}
            >
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
          <span className="waitlist-weekdays">
            {WEEKDAYS.map((d) => (
              <label key={d}>
                <input
                  type="checkbox"
                  checked={weekdays.includes(d)}
                  onChange={(e) =>
                    setWeekdays(e.target.checked ? [...weekdays, d] : weekdays.filter((w) => w !== d))
                  }
                />
                {t(`turnos.weekday.${d}` as "turnos.weekday.0")}
              </label>
            ))}
          </span>
          <label>
            {t("turnos.waitlist.fromTime")}
            <input
              data-testid="waitlist-from-time"
              value={fromTime}
              placeholder="09:00"
              onChange={(e) => setFromTime(e.target.value)}
            />
          </label>
          <label>
            {t("turnos.waitlist.toTime")}
            <input
              data-testid="waitlist-to-time"
              value={toTime}
              placeholder="12:00"
              onChange={(e) => setToTime(e.target.value)}
            />
          </label>
          <label>
            {t("turnos.from")}
            <input type="date" value={fromDay} min={today} onChange={(e) => setFromDay(e.target.value)} />
          </label>
          <label>
            {t("turnos.to")}
            <input type="date" value={toDay} min={today} onChange={(e) => setToDay(e.target.value)} />
          </label>
          <button type="submit" className="primary" data-testid="waitlist-add">
            {t("turnos.waitlist.addButton")}
          </button>
        </fieldset>
      </form>
      <ErrorText text={error} />
      {entries.length === 0 ? (
        <p data-testid="waitlist-empty">{t("turnos.waitlist.empty")}</p>
      ) : (
        <table className="list">
          <thead>
            <tr>
              <th>#</th>
              <th>{t("turnos.patient")}</th>
              <th>{t("turnos.waitlist.what")}</th>
              <th>{t("turnos.waitlist.when")}</th>
              <th>{t("turnos.waitlist.since")}</th>
              <th>{t("turnos.waitlist.state")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {entries.map((e, i) => (
              <tr key={e.id} data-testid={`waitlist-${e.id}`}>
                <td>{i + 1}</td>
                <td>
                  {e.customerName}
                  {e.customerPhone ? ` · ${e.customerPhone}` : ""}
                </td>
                <td>{what(e)}</td>
                <td>{when(e)}</td>
                <td>{format.dateTime(e.createdAt)}</td>
                <td data-testid={`waitlist-state-${e.id}`}>{t(`turnos.waitlist.state.${e.state}`)}</td>
                <td>
                  <button
                    type="button"
                    data-testid={`waitlist-remove-${e.id}`}
                    onClick={() => void removeFromWaitlist(e.id).then(load, fail)}
                  >
                    {t("turnos.waitlist.remove")}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <fieldset className="turnos-form">
        <legend>{t("turnos.waitlist.freedTitle")}</legend>
        <select
          data-testid="freed-professional"
          value={freed.professionalId}
          onChange={(e) => setFreed({ ...freed, professionalId: e.target.value })}
        >
          <option value="">{t("turnos.professional")}</option>
          {setup.professionals
            .filter((p) => p.active)
            .map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
        </select>
        <select
          data-testid="freed-service"
          value={freed.serviceId}
          onChange={(e) => setFreed({ ...freed, serviceId: e.target.value })}
        >
          <option value="">{t("turnos.service")}</option>
          {setup.services
            .filter((s) => s.active)
            .map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
        </select>
        <input
          type="date"
          data-testid="freed-day"
          value={freed.day}
          onChange={(e) => setFreed({ ...freed, day: e.target.value })}
        />
        <input
          data-testid="freed-time"
          value={freed.time}
          placeholder="10:00"
          onChange={(e) => setFreed({ ...freed, time: e.target.value })}
        />
        <button type="button" data-testid="freed-find" onClick={offer}>
          {t("turnos.waitlist.findWaiting")}
        </button>
      </fieldset>
      {slot && (
        <FreedSlotOffer
          key={`${slot.professionalId}-${slot.serviceId}-${slot.start}`}
          slot={slot}
          onDone={() => {
            setSlot(null);
            load();
          }}
        />
      )}
    </div>
  );
}
