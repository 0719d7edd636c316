import { query } from "@mostrador/contracts/http-client";
import type { AgendaBooking, DashboardAgenda } from "@mostrador/contracts/http/cloud-turnos";
import { dayKeyIn } from "@mostrador/contracts/zoned-day";
import { useState } from "react";
import { get } from "../api/client.js";
import { useLoad } from "../api/use-load.js";
import { useFormat } from "../format/use-format.js";
import { useT } from "../i18n/i18n.js";
import { Status } from "../nav/Status.js";
import { BookingReminders } from "./BookingReminders.js";
import { STATE_LABEL } from "./labels.js";
import { reminderSummary } from "./reminder-summary.js";
import { addDays, daysOf, todayIn, weekOf } from "./week.js";

type View = "day" | "week";

/** Who is booked when: a day or a Monday–Sunday week of the store, each day its bookings by start. */
export function AgendaView({ storeId, timeZone }: { storeId: string; timeZone: string }) {
  const t = useT();
  const f = useFormat();
  const [view, setView] = useState<View>("day");
  const [day, setDay] = useState(() => todayIn(timeZone));
  const range = view === "day" ? { from: day, to: day } : weekOf(day);
  const agenda = useLoad<DashboardAgenda>(get, `/v1/turnos/agenda${query({ storeId, ...range })}`);
  const step = (n: number) => setDay((d) => addDays(d, view === "day" ? n : 7 * n));
  const byDay = new Map<string, AgendaBooking[]>();
  for (const b of agenda.data?.bookings ?? []) {
    const key = dayKeyIn(b.start, agenda.data?.timeZone ?? timeZone);
    byDay.set(key, [...(byDay.get(key) ?? []), b]);
  }
  const zone = agenda.data?.timeZone ?? timeZone;
  return (
    <div className="card turnos-agenda" data-testid="turnos-agenda">
      <h2>{t("turnos.agenda")}</h2>
      <div className="toolbar">
        <button
          data-testid="turnos-view-day"
          className={view === "day" ? "selected" : ""}
          aria-pressed={view === "day"}
          onClick={() => setView("day")}
        >
          {t("turnos.day")}
        </button>
        <button
          data-testid="turnos-view-week"
          className={view === "week" ? "selected" : ""}
          aria-pressed={view === "week"}
          onClick={() => setView("week")}
        >
          {t("turnos.week")}
        </button>
        <button data-testid="turnos-prev" aria-label={t("turnos.previous")} onClick={() => step(-1)}>
          ‹
        </button>
        <input
          type="date"
          data-testid="turnos-day"
          aria-label={t("turnos.day")}
          value={day}
          onChange={(e) => e.target.value && setDay(e.target.value)}
        />
        <button data-testid="turnos-next" aria-label={t("turnos.next")} onClick={() => step(1)}>
          ›
        </button>
        <button data-testid="turnos-today" onClick={() => setDay(todayIn(timeZone))}>
          {t("turnos.today")}
        </button>
      </div>
      <Status loading={agenda.loading && !agenda.data} error={agenda.error} reload={agenda.reload} />
      {agenda.data && !agenda.error
        ? daysOf(range.from, range.to).map((d) => {
            const bookings = byDay.get(d) ?? [];
            if (view === "week" && bookings.length === 0) return null;
            return (
              <div key={d} className="turnos-day" data-testid={`turnos-day-${d}`}>
                <h3>{f.day(d)}</h3>
                {bookings.length > 0 ? (
                  <p className="muted" data-testid="turnos-reminder-summary">
                    {t("turnos.rem.summary", { ...reminderSummary(bookings) })}
                  </p>
                ) : null}
                {bookings.length === 0 ? (
                  <p className="muted" data-testid="turnos-empty">
                    {t("turnos.none")}
                  </p>
                ) : (
                  <table className="table">
                    <thead>
                      <tr>
                        <th>{t("turnos.time")}</th>
                        <th>{t("turnos.professional")}</th>
                        <th>{t("turnos.service")}</th>
                        <th>{t("turnos.patient")}</th>
                        <th>{t("turnos.origin")}</th>
                        <th>{t("turnos.stateLabel")}</th>
                        <th>{t("turnos.rem.column")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {bookings.map((b) => (
                        <tr
                          key={b.id}
                          data-testid="turnos-booking"
                          data-state={b.state}
                          data-origin={b.origin}
                          className={b.state === "cancelled" ? "turnos-cancelled" : ""}
                        >
                          <td className="num">
                            {f.time(b.start, zone)}–{f.time(b.end, zone)}
                          </td>
                          <td>{b.professionalName}</td>
                          <td>{b.serviceName}</td>
                          <td>{b.patientName ?? "—"}</td>
                          <td>
                            <span className={b.origin === "online" ? "badge online" : "badge"}>
                              {t(b.origin === "online" ? "turnos.online" : "turnos.desk")}
                            </span>
                          </td>
                          <td>
                            {t(STATE_LABEL[b.state])}
                            {/* A seña paid online; once cancelled, the owner owes it back. */}
                            {b.depositStatus === "paid" || b.depositStatus === "refund_owed" ? (
                              <span
                                className={b.depositStatus === "refund_owed" ? "badge offline" : "badge"}
                                data-testid="turnos-deposit"
                              >
                                {t(
                                  b.depositStatus === "paid"
                                    ? "turnos.depositPaid"
                                    : "turnos.depositRefundOwed",
                                  { amount: f.money(b.depositPaid ?? 0) },
                                )}
                              </span>
                            ) : null}
                          </td>
                          <td>
                            <BookingReminders booking={b} timeZone={zone} />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </div>
            );
          })
        : null}
      {agenda.data && view === "week" && agenda.data.bookings.length === 0 ? (
        <p className="muted" data-testid="turnos-empty">
          {t("turnos.none")}
        </p>
      ) : null}
    </div>
  );
}
