import { query } from "@mostrador/contracts/http-client";
import { formatPercentBp } from "@mostrador/contracts/format";
import type { TurnosReport } from "@mostrador/contracts/http/turnos";
import { useState } from "react";
import { get } from "../api/client.js";
import { useLoad } from "../api/use-load.js";
import { useFormat } from "../format/use-format.js";
import { useT } from "../i18n/i18n.js";
import { Status } from "../nav/Status.js";
import { NOTICE_LABEL } from "./labels.js";
import { monthStart, todayIn } from "./week.js";

/** Booked of open, in basis points (0 when nothing was open). */
const shareBp = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part * 10_000) / whole));

/** The store's turnos figures over a range of its days: the desk's report, in the desk's shape. */
export function ReportView({ storeId, timeZone }: { storeId: string; timeZone: string }) {
  const t = useT();
  const f = useFormat();
  const [to, setTo] = useState(() => todayIn(timeZone));
  const [from, setFrom] = useState(() => monthStart(todayIn(timeZone)));
  const report = useLoad<TurnosReport>(get, `/v1/turnos/reports${query({ storeId, from, to })}`);
  const r = report.error ? null : report.data;
  const pct = (bp: number) => formatPercentBp(bp, f.locale);
  return (
    <div className="card turnos-report" data-testid="turnos-report">
      <h2>{t("turnos.report")}</h2>
      <div className="toolbar">
        <label>
          {t("turnos.from")}
          <input
            type="date"
            data-testid="turnos-from"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
          />
        </label>
        <label>
          {t("turnos.to")}
          <input type="date" data-testid="turnos-to" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <button onClick={report.reload} data-testid="turnos-refresh" aria-label={t("turnos.refresh")}>
          ↻
        </button>
      </div>
      <Status loading={report.loading && !report.data} error={report.error} reload={report.reload} />
      {r ? (
        <>
          <div className="turnos-kpis">
            <div className="card turnos-kpi">
              <span className="muted">{t("turnos.revenue")}</span>
              <strong data-testid="turnos-revenue">{f.money(r.revenue.total)}</strong>
            </div>
            <div className="card turnos-kpi">
              <span className="muted">{t("turnos.noShowRate")}</span>
              <strong data-testid="turnos-no-show-rate">{pct(r.noShows.rateBp)}</strong>
              <span className="muted" data-testid="turnos-no-shows">
                {t("turnos.noShowsOf", { n: r.noShows.noShows, past: r.noShows.past })}
              </span>
            </div>
            <div className="card turnos-kpi">
              <span className="muted">{t("turnos.patients")}</span>
              <strong data-testid="turnos-patients">
                {t("turnos.newReturning", { n: r.patients.new, r: r.patients.returning })}
              </strong>
            </div>
            <div className="card turnos-kpi">
              <span className="muted">{t("turnos.cancellations")}</span>
              <strong data-testid="turnos-cancellations">{r.cancellations.total}</strong>
              <span className="muted">
                {r.cancellations.byNotice.map((c) => (
                  <span key={c.notice} data-testid={`turnos-notice-${c.notice}`} className="turnos-notice">
                    {t(NOTICE_LABEL[c.notice])}: {c.count}
                  </span>
                ))}
              </span>
            </div>
          </div>
          <h3>{t("turnos.occupancy")}</h3>
          {r.occupancy.length === 0 ? (
            <p className="muted">{t("turnos.noOccupancy")}</p>
          ) : (
            <table className="table" data-testid="turnos-occupancy">
              <thead>
                <tr>
                  <th>{t("turnos.professional")}</th>
                  <th>{t("turnos.dayLabel")}</th>
                  <th className="num">{t("turnos.bookedHours")}</th>
                  <th className="num">{t("turnos.openHours")}</th>
                  <th className="num">{t("turnos.occupancyShare")}</th>
                </tr>
              </thead>
              <tbody>
                {r.occupancy.map((o) => (
                  <tr key={`${o.professionalId}-${o.day}`} data-testid="turnos-occupancy-row">
                    <td>{o.professionalName}</td>
                    <td>{f.day(o.day)}</td>
                    <td className="num">{t("turnos.minutes", { n: o.bookedMinutes })}</td>
                    <td className="num">{t("turnos.minutes", { n: o.openMinutes })}</td>
                    <td className="num">{pct(shareBp(o.bookedMinutes, o.openMinutes))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <div className="turnos-revenue">
            {(
              [
                ["turnos.byService", r.revenue.byService, "turnos-by-service"],
                ["turnos.byProfessional", r.revenue.byProfessional, "turnos-by-professional"],
              ] as const
            ).map(([title, rows, testid]) => (
              <div key={testid}>
                <h3>{t(title)}</h3>
                <table className="table" data-testid={testid}>
                  <thead>
                    <tr>
                      <th>{t("turnos.name")}</th>
                      <th className="num">{t("turnos.count")}</th>
                      <th className="num">{t("turnos.total")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((row) => (
                      <tr key={row.id}>
                        <td>{row.name}</td>
                        <td className="num">{row.count}</td>
                        <td className="num">{f.money(row.total)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ))}
          </div>
        </>
      ) : null}
    </div>
  );
}
