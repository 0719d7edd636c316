import type { FreeSlot } from "@mostrador/contracts/http/turnos";
import { dayKeyIn, nextDayKey } from "@mostrador/contracts/zoned-day";
import { useEffect, useState } from "react";
import { useFormat } from "../format/use-format.js";
import { useT } from "../i18n/i18n.js";
import type { BookingApi } from "./booking-api.js";
import { dayRange, previousPage, slotsByDay, type DaySlots } from "./day-slots.js";

/**
 * Day, then time: the free slots of two weeks of the shop's days (its time zone, whatever the patient's),
 * more weeks on demand. Picks one slot; with "cualquiera" the slot names who is free at that time.
 */
export function SlotPicker({
  api,
  timeZone,
  serviceId,
  professionalId,
  onPick,
}: {
  api: BookingApi;
  timeZone: string;
  serviceId: string;
  professionalId?: string;
  onPick(slot: FreeSlot): void;
}) {
  const t = useT();
  const f = useFormat();
  const [today] = useState(() => dayKeyIn(new Date(), timeZone));
  const [firstDay, setFirstDay] = useState(today);
  const [days, setDays] = useState<DaySlots[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [day, setDay] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    setDays(null);
    setError(null);
    const range = dayRange(firstDay);
    api
      .slots({ serviceId, ...(professionalId ? { professionalId } : {}), ...range })
      .then((slots) => {
        if (!current) return;
        const grouped = slotsByDay(slots, timeZone);
        setDays(grouped);
        setDay(grouped[0]?.day ?? null);
      })
      .catch((err: unknown) => current && setError(err));
    return () => {
      current = false;
    };
  }, [api, timeZone, serviceId, professionalId, firstDay, attempt]);

  if (error)
    return (
      <p className="error" role="alert" data-testid="booking-error">
        {f.error(error)}{" "}
        <button type="button" onClick={() => setAttempt((n) => n + 1)}>
          {t("booking.retry")}
        </button>
      </p>
    );
  if (!days) return <p className="muted">{t("booking.loading")}</p>;
  const chosen = days.find((d) => d.day === day);
  const later = () => setFirstDay(nextDayKey(dayRange(firstDay).to));
  const earlier = () => setFirstDay(previousPage(firstDay, today));
  return (
    <div className="slot-picker">
      <h2>{t("booking.day")}</h2>
      {days.length === 0 ? (
        <p className="muted" data-testid="booking-no-slots">
          {t("booking.noSlots")}
        </p>
      ) : (
        <div className="booking-days" data-testid="booking-days">
          {days.map((d) => (
            <button
              type="button"
              key={d.day}
              data-testid={`booking-day-${d.day}`}
              className={d.day === day ? "choice chosen" : "choice"}
              aria-pressed={d.day === day}
              onClick={() => setDay(d.day)}
            >
              {f.day(d.day)}
            </button>
          ))}
        </div>
      )}
      <div className="booking-pages">
        {firstDay > today ? (
          <button type="button" className="link" data-testid="booking-earlier-days" onClick={earlier}>
            ← {t("booking.earlierDays")}
          </button>
        ) : null}
        <button type="button" className="link" data-testid="booking-more-days" onClick={later}>
          {t("booking.moreDays")} →
        </button>
      </div>
      {chosen ? (
        <>
          <h2>{t("booking.time")}</h2>
          <div className="booking-times" data-testid="booking-times">
            {chosen.slots.map((slot) => (
              <button
                type="button"
                key={slot.start}
                className="choice"
                data-testid="booking-time"
                data-start={slot.start}
                onClick={() => onPick(slot)}
              >
                {f.time(slot.start, timeZone)}
              </button>
            ))}
          </div>
        </>
      ) : null}
    </div>
  );
}
