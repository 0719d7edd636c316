import type { TurnosReport, TurnosSetup } from "@mostrador/contracts/http/turnos";
import { dayKeyIn } from "@mostrador/contracts/zoned-day";
import { useState } from "react";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { ErrorText } from "../shared/ErrorText.js";
import { addDays, weekOf } from "./calendar-logic.js";
import { turnosReport } from "./turnos-api.js";

/** Occupancy as a share of the open minutes, in basis points (0 when the professional was not open). */
const shareBp = (part: number, whole: number) => (whole > 0 ? Math.round((part * 10_000) / whole) : 0);

/**
 * Turnos reports (managers): for a range of the shop's days, occupancy per professional and day, no-show
 * rate, cancellations by notice, revenue per service and professional, new vs returning patients.
 */
export function ReportsView({ setup }: { setup: TurnosSetup }) {
  const t = useT();
  const format = useFormat();
  const thisWeek = weekOf(dayKeyIn(new Date(), setup.timeZone));
  const [from, setFrom] = useState(thisWeek[0] ?? "");
  const [to, setTo] = useState(thisWeek[6] ?? "");
  const [report, setReport] = useState<TurnosReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const show = () => {
    setBusy(true);
    turnosReport(from, to)
      .then((r) => {
        setReport(r);
        setError(null);
      })
      .catch((e: unknown) => {
        setReport(null);
        setError(format.error(e));
      })
      .finally(() => setBusy(false));
  };

  return (
    <section className="turnos-reports" data-testid="turnos-reports">
      <form
        className="turnos-form inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          show();
        }}
      >
        <label>
          {t("turnos.from")}
          <input
            type="date"
            data-testid="report-from"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
          />
        </label>
        <label>
          {t("turnos.to")}
          <input type="date" data-testid="report-to" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <button type="button" onClick={() => setFrom(addDays(to, -29))}>
          {t("turnos.report.last30")}
        </button>
        <button type="submit" className="primary" data-testid="report-show" disabled={busy}>
          {t("turnos.report.show")}
        </button>
      </form>
      <ErrorText text={error} testId="report-error" />
      {report && (
        <>
          <dl className="turnos-report-figures">
            <dt>{t("turnos.report.noShows")}</dt>
            <dd data-testid="report-no-shows">
              {format.percent(report.noShows.rateBp)} ({report.noShows.noShows} / {report.noShows.past})
            </dd>
            <dt>{t("turnos.report.cancellations")}</dt>
            <dd data-testid="report-cancellations">
              {report.cancellations.total}:{" "}
              {report.cancellations.byNotice
                .map((c) => `${t(`turnos.report.notice.${c.notice}`)} ${c.count}`)
                .join(" · ")}
            </dd>
            <dt>{t("turnos.report.patients")}</dt>
            <dd data-testid="report-patients">
              {t("turnos.report.newReturning", {
                new: report.patients.new,
                returning: report.patients.returning,
              })}
            </dd>
            <dt>{t("turnos.report.revenue")}</dt>
            <dd data-testid="report-revenue">{format.money(report.revenue.total)}</dd>
          </dl>
          <h3>{t("turnos.report.byService")}</h3>
          <table className="list" data-testid="report-by-service">
            <tbody>
              {report.revenue.byService.map((r) => (
                <tr key={r.id}>
                  <td>{r.name}</td>
                  <td className="num">{r.count}</td>
                  <td className="num">{format.money(r.total)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>{t("turnos.report.byProfessional")}</h3>
          <table className="list" data-testid="report-by-professional">
            <tbody>
              {report.revenue.byProfessional.map((r) => (
                <tr key={r.id}>
                  <td>{r.name}</td>
                  <td className="num">{r.count}</td>
                  <td className="num">{format.money(r.total)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>{t("turnos.report.occupancy")}</h3>
          <table className="list" data-testid="report-occupancy">
            <thead>
              <tr>
                <th>{t("turnos.professional")}</th>
                <th>{t("turnos.date")}</th>
                <th className="num">{t("turnos.report.booked")}</th>
                <th className="num">{t("turnos.report.open")}</th>
                <th className="num">%</th>
              </tr>
            </thead>
            <tbody>
              {report.occupancy.map((o) => (
                <tr key={`${o.professionalId}-${o.day}`}>
                  <td>{o.professionalName}</td>
                  <td>{o.day}</td>
                  <td className="num">{o.bookedMinutes}</td>
                  <td className="num">{o.openMinutes}</td>
                  <td className="num">{format.percent(shareBp(o.bookedMinutes, o.openMinutes))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
