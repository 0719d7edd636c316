import type { Booking, TurnosSetup } from "@mostrador/contracts/http/turnos";
import { dayKeyIn } from "@mostrador/contracts/zoned-day";
import { useCallback, useEffect, useMemo, useState } from "react";
import { useLocale } from "../i18n/locale-store.js";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { OnlineDeposit } from "./OnlineDeposit.js";
import { PatientAnswer } from "./PatientAnswer.js";
import { useSession } from "../session/session-store.js";
import { useNotices } from "../notices/notice-store.js";
import { ErrorText } from "../shared/ErrorText.js";
import { useTurnosFeed } from "./turnos-feed-store.js";
import { BookingDetailDialog } from "./BookingDetailDialog.js";
import {
  addDays,
  firstAgenda,
  gridRows,
  hhmm,
  instantAt,
  localMinuteOf,
  visible,
  weekOf,
} from "./calendar-logic.js";
import { NewBookingDialog } from "./NewBookingDialog.js";
import { listBookings, moveBooking } from "./turnos-api.js";
import { WalkInDialog } from "./WalkInDialog.js";

/**
 * The agenda of one professional, a day or a week: click an empty slot to book, drag a turno to another
 * cell to move it (or open it and type the new time: keyboard-only).
 */
export function AgendaView({ setup }: { setup: TurnosSetup }) {
  const t = useT();
  const format = useFormat();
  const notify = useNotices((s) => s.show);
  const tz = setup.timeZone;
  const pros = setup.professionals.filter((p) => p.active);
  // A professional who logs in at the till sees their own agenda first (linked in the setup).
  const me = useSession((s) => s.staff?.id ?? null);
  const [proId, setProId] = useState(() => firstAgenda(pros, me)?.id ?? "");
  const [view, setView] = useState<"day" | "week">("day");
  const [day, setDay] = useState(() => dayKeyIn(new Date(), tz));
  const [bookings, setBookings] = useState<Booking[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState<{ day: string; minute: number } | null>(null);
  const [walkIn, setWalkIn] = useState(false);
  const [open, setOpen] = useState<Booking | null>(null);
  // Drag to move: pressed on a turno, released on another cell (mouse or touch-emulated mouse).
  const [dragging, setDragging] = useState<string | null>(null);
  useEffect(() => {
    const cancel = () => setDragging(null);
    window.addEventListener("mouseup", cancel);
    return () => window.removeEventListener("mouseup", cancel);
  }, []);
  const locale = useLocale((s) => s.locale);
  const dayLabel = (d: string) =>
    new Intl.DateTimeFormat(locale, {
      weekday: "short",
      day: "numeric",
      month: "numeric",
      timeZone: "UTC",
    }).format(new Date(`${d}T12:00:00Z`));
  const pro = pros.find((p) => p.id === proId) ?? null;
  const days = useMemo(() => (view === "day" ? [day] : weekOf(day)), [view, day]);
  const step = setup.rules.slotMinutes;
  const rows = useMemo(() => gridRows(pro?.hours ?? [], step), [pro, step]);

  const version = useTurnosFeed((s) => s.version);
  const load = useCallback(() => {
    if (!proId) return;
    listBookings(days[0] ?? day, days.at(-1) ?? day, proId)
      .then((r) => {
        setBookings(visible(r.bookings));
        setError(null);
      })
      .catch((e: unknown) => setError(format.error(e)));
  }, [days, day, proId, format]);
  // Re-read on open, on a change of what is shown, and when any desk changes a booking.
  useEffect(load, [load, version]);

  if (!pro) return <p data-testid="turnos-no-professionals">{t("turnos.noProfessionals")}</p>;

  const at = (d: string, row: number) =>
    bookings.filter((b) => {
      if (dayKeyIn(b.start, tz) !== d) return false;
      const m = localMinuteOf(b.start, tz);
      return m >= row && m < row + step;
    });
  const drop = (bookingId: string, d: string, row: number) => {
    moveBooking(bookingId, instantAt(d, row, tz))
      .then(() => {
        notify("info", t("turnos.moved"));
        load();
      })
      .catch((e: unknown) => setError(format.error(e)));
  };

  return (
    <div className="agenda" data-testid="agenda">
      <div className="agenda-bar">
        <label>
          {t("turnos.professional")}{" "}
          <select data-testid="agenda-professional" value={proId} onChange={(e) => setProId(e.target.value)}>
            {pros.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          onClick={() => setDay(addDays(day, view === "day" ? -1 : -7))}
          aria-label={t("turnos.previous")}
        >
          ←
        </button>
        <input
          type="date"
          data-testid="agenda-day"
          value={day}
          onChange={(e) => e.target.value && setDay(e.target.value)}
        />
        <button
          type="button"
          onClick={() => setDay(addDays(day, view === "day" ? 1 : 7))}
          aria-label={t("turnos.next")}
        >
          →
        </button>
        <button type="button" onClick={() => setDay(dayKeyIn(new Date(), tz))}>
          {t("turnos.today")}
        </button>
        <button
          type="button"
          data-testid="agenda-view"
          onClick={() => setView(view === "day" ? "week" : "day")}
        >
          {view === "day" ? t("turnos.week") : t("turnos.day")}
        </button>
        <button type="button" data-testid="agenda-walk-in" onClick={() => setWalkIn(true)}>
          {t("turnos.walkIn")}
        </button>
      </div>
      <ErrorText text={error} />
      <table className="agenda-grid">
        <thead>
          <tr>
            <th />
            {days.map((d) => (
              <th key={d}>{dayLabel(d)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row}>
              <th scope="row">{hhmm(row)}</th>
              {days.map((d) => {
                const here = at(d, row);
                return (
                  <td
                    key={d}
                    data-testid={`slot-${d}-${hhmm(row)}`}
                    className={dragging ? "drop-target" : ""}
                    onMouseUp={() => {
                      const id = dragging;
                      setDragging(null);
                      // Released where it started: a click (it opens the turno), not a move.
                      if (id && !here.some((b) => b.id === id)) drop(id, d, row);
                    }}
                  >
                    {here.map((b) => (
                      <div
                        key={b.id}
                        role="button"
                        tabIndex={0}
                        className={`booking state-${b.state}${dragging === b.id ? " dragging" : ""}`}
                        data-testid={`booking-${b.id}`}
                        onMouseDown={(e) => {
                          if (e.button === 0) setDragging(b.id);
                        }}
                        onClick={() => setOpen(b)}
                        onKeyDown={(e) => {
                          if (e.key === "Enter" || e.key === " ") {
                            e.preventDefault();
                            setOpen(b);
                          }
                        }}
                      >
                        {format.time(b.start)} {b.customerName ?? t("turnos.noPatient")} · {b.serviceName}
                        {b.patientAnswer && (
                          <span className="patient-answer" data-testid={`booking-answer-${b.id}`}>
                            {" "}
                            · <PatientAnswer answer={b.patientAnswer} />
                          </span>
                        )}
                        {b.onlineDeposit && (
                          <>
                            {" · "}
                            <OnlineDeposit booking={b} />
                          </>
                        )}
                      </div>
                    ))}
                    {here.length === 0 && (
                      <button
                        type="button"
                        className="free"
                        aria-label={`${t("turnos.book")} ${d} ${hhmm(row)}`}
                        onClick={() => setCreating({ day: d, minute: row })}
                      >
                        +
                      </button>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {creating && (
        <NewBookingDialog
          setup={setup}
          professionalId={pro.id}
          day={creating.day}
          minute={creating.minute}
          onClose={() => setCreating(null)}
          onBooked={() => {
            setCreating(null);
            load();
          }}
        />
      )}
      {walkIn && (
        <WalkInDialog
          setup={setup}
          professionalId={pro.id}
          onClose={() => setWalkIn(false)}
          onDone={() => {
            setWalkIn(false);
            load();
          }}
        />
      )}
      {open && (
        <BookingDetailDialog
          setup={setup}
          booking={open}
          onClose={() => setOpen(null)}
          onChanged={() => {
            setOpen(null);
            load();
          }}
        />
      )}
    </div>
  );
}
