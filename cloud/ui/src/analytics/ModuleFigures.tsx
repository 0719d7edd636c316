import type { AnalyticsCards, AnalyticsTurnos } from "@mostrador/contracts/http/cloud-analytics";
import { formatPercentBp } from "@mostrador/contracts/format";
import { BarChart } from "../charts/BarChart.js";
import { LineChart } from "../charts/LineChart.js";
import { useFormat } from "../format/use-format.js";
import { useLocale, useT } from "../i18n/i18n.js";
import { change, Delta, Kpi } from "./Kpi.js";

/** Basis points as "12,5 %", or "—" when there is nothing to divide by. */
function usePercent() {
  const locale = useLocale((s) => s.locale);
  return (bp: number | null) => (bp === null ? "—" : formatPercentBp(bp, locale));
}

/**
 * Prepaid cards in Análisis (only where the plan has the module): top-ups, consumption, money given back,
 * the float the shop owes at the period's end, active cards and the average spend, by day and store.
 */
export function CardsSection({ cards }: { cards: AnalyticsCards }) {
  const t = useT();
  const f = useFormat();
  const { totals: c, previous: p } = cards;
  return (
    <div className="module-figures" data-testid="analytics-cards">
      <h2>{t("analytics.cards.title")}</h2>
      <div className="kpis">
        <Kpi
          label={t("analytics.cards.topUps", { n: c.topUpCount })}
          value={f.money(c.topUps)}
          delta={change(c.topUps, p.topUps)}
          testId="analytics-cards-topups"
        />
        <Kpi
          label={t("analytics.cards.charges")}
          value={f.money(c.charges)}
          delta={change(c.charges, p.charges)}
          testId="analytics-cards-charges"
        />
        <Kpi
          label={t("analytics.cards.givenBack")}
          value={f.money(c.refunds + c.cashOuts)}
          note={t("analytics.cards.givenBackNote", {
            refunds: f.money(c.refunds),
            cashOuts: f.money(c.cashOuts),
          })}
          testId="analytics-cards-given-back"
        />
        <Kpi
          label={t("analytics.cards.outstanding")}
          value={f.money(c.outstanding)}
          testId="analytics-cards-outstanding"
        />
        <Kpi
          label={t("analytics.cards.active")}
          value={String(c.activeCards)}
          delta={change(c.activeCards, p.activeCards)}
          note={
            c.averageSpend === null
              ? undefined
              : t("analytics.cards.average", { amount: f.money(c.averageSpend) })
          }
          testId="analytics-cards-active"
        />
      </div>
      {/* Stacked, not in columns: a day chart needs the full width for its labels, and the tables' money
          columns would push a half-width card past a 1024 px screen. */}
      <div>
        <div className="card">
          <h3>{t("analytics.cards.chargesByDay")}</h3>
          <LineChart
            testId="analytics-cards-by-day"
            title={t("analytics.cards.chargesByDay")}
            values={cards.byDay.map((d) => d.charges)}
            labels={cards.byDay.map((d) => f.day(d.date))}
            formatValue={f.pesosShort}
          />
        </div>
        <div className="card">
          <h3>{t("analytics.byStore")}</h3>
          <table data-testid="analytics-cards-stores">
            <thead>
              <tr>
                <th>{t("common.store")}</th>
                <th className="num">{t("analytics.cards.topUpsShort")}</th>
                <th className="num">{t("analytics.cards.charges")}</th>
                <th className="num">{t("analytics.vsPrevious")}</th>
                <th className="num">{t("analytics.cards.outstanding")}</th>
              </tr>
            </thead>
            <tbody>
              {cards.byStore.map((s) => (
                <tr key={s.storeId}>
                  <td>{s.name}</td>
                  <td className="num">{f.money(s.topUps)}</td>
                  <td className="num">{f.money(s.charges)}</td>
                  <td className="num">
                    <Delta value={change(s.charges, s.previousCharges)} />
                  </td>
                  <td className="num">{f.money(s.outstanding)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </div>
  );
}

/**
 * Turnos in Análisis (only where the plan has the module): booked, attended, no-shows and their rate,
 * cancellations, occupancy of the professionals' open hours and señas, by professional and by day.
 */
export function TurnosSection({ turnos }: { turnos: AnalyticsTurnos }) {
  const t = useT();
  const f = useFormat();
  const percent = usePercent();
  const { totals: x, previous: p } = turnos;
  return (
    <div className="module-figures" data-testid="analytics-turnos">
      <h2>{t("analytics.turnos.title")}</h2>
      <div className="kpis">
        <Kpi
          label={t("analytics.turnos.booked")}
          value={String(x.booked)}
          delta={change(x.booked, p.booked)}
          testId="analytics-turnos-booked"
        />
        <Kpi
          label={t("analytics.turnos.attended")}
          value={String(x.attended)}
          delta={change(x.attended, p.attended)}
          testId="analytics-turnos-attended"
        />
        <Kpi
          label={t("analytics.turnos.noShows")}
          value={String(x.noShows)}
          note={t("analytics.turnos.rate", { rate: percent(x.noShowRateBp) })}
          testId="analytics-turnos-no-shows"
        />
        <Kpi
          label={t("analytics.turnos.cancelled")}
          value={String(x.cancelled)}
          testId="analytics-turnos-cancelled"
        />
        <Kpi
          label={t("analytics.turnos.occupancy")}
          value={percent(x.occupancyBp)}
          testId="analytics-turnos-occupancy"
        />
        <Kpi
          label={t("analytics.turnos.deposits")}
          value={f.money(x.deposits)}
          delta={change(x.deposits, p.deposits)}
          testId="analytics-turnos-deposits"
        />
      </div>
      <div>
        <div className="card">
          <h3>{t("analytics.turnos.byDay")}</h3>
          <BarChart
            testId="analytics-turnos-by-day"
            title={t("analytics.turnos.byDay")}
            values={turnos.byDay.map((d) => d.booked)}
            labels={turnos.byDay.map((d, i) =>
              i % labelEvery(turnos.byDay.length) === 0 ? f.day(d.date) : "",
            )}
            formatValue={(n) => String(n)}
          />
        </div>
        <div className="card">
          <h3>{t("analytics.turnos.byProfessional")}</h3>
          <table data-testid="analytics-turnos-professionals">
            <thead>
              <tr>
                <th>{t("analytics.turnos.professional")}</th>
                <th className="num">{t("analytics.turnos.booked")}</th>
                <th className="num">{t("analytics.turnos.attended")}</th>
                <th className="num">{t("analytics.turnos.noShows")}</th>
                <th className="num">{t("analytics.turnos.cancelled")}</th>
                <th className="num">{t("analytics.turnos.occupancy")}</th>
                <th className="num">{t("analytics.turnos.deposits")}</th>
              </tr>
            </thead>
            <tbody>
              {turnos.byProfessional.map((r) => (
                <tr key={r.professionalId}>
                  <td>{r.name}</td>
                  <td className="num">{r.booked}</td>
                  <td className="num">{r.attended}</td>
                  <td className="num">
                    {r.noShows} ({percent(r.noShowRateBp)})
                  </td>
                  <td className="num">{r.cancelled}</td>
                  <td className="num">{percent(r.occupancyBp)}</td>
                  <td className="num">{f.money(r.deposits)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {turnos.byProfessional.length === 0 ? <p className="muted">{t("common.none")}</p> : null}
        </div>
      </div>
    </div>
  );
}

/** Label one bar in so many that at most about eight day labels share the full-width chart. */
function labelEvery(days: number): number {
  return Math.max(1, Math.ceil(days / 8));
}
