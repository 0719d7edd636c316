import { query } from "@mostrador/contracts/http-client";
import { get } from "../api/client.js";
import { useLoad } from "../api/use-load.js";
import { BarChart } from "../charts/BarChart.js";
import { LineChart } from "../charts/LineChart.js";
import { useFormat } from "../format/use-format.js";
import { type MessageKey, useT } from "../i18n/i18n.js";
import { useNav } from "../nav/nav-store.js";
import { Status } from "../nav/Status.js";
import { StorePicker } from "../stores/StorePicker.js";
import { PERIODS } from "@mostrador/contracts/http/dashboard";
import type { SalesSummary } from "@mostrador/contracts/http/dashboard";
import { VariantNote } from "../catalog/VariantNote.js";
import "./sales.css";

// "exchange" is the credit an exchange's return applied to its new sale (no money): labelled as such.
const KNOWN_METHODS = ["cash", "debit", "credit", "transfer", "exchange"];

/** Today / 7 / 30 days, one store or all: totals, by hour, by day, by payment method, top products. */
export function SalesScreen() {
  const t = useT();
  const f = useFormat();
  const { storeId, period, setPeriod } = useNav();
  const { data, error, loading, reload } = useLoad<SalesSummary>(
    get,
    `/v1/dashboard/sales${query({ period, storeId })}`,
  );
  const methodLabel = (m: string) => (KNOWN_METHODS.includes(m) ? t(`method.${m}` as MessageKey) : m);
  return (
    <section>
      <div className="toolbar">
        <div className="segmented" role="group">
          {PERIODS.map((p) => (
            <button
              key={p}
              data-testid={`period-${p}`}
              className={p === period ? "selected" : ""}
              aria-pressed={p === period}
              onClick={() => setPeriod(p)}
            >
              {t(`period.${p}` as MessageKey)}
            </button>
          ))}
        </div>
        <StorePicker />
        <button onClick={reload} data-testid="sales-refresh">
          ↻
        </button>
      </div>
      <Status loading={loading && !data} error={error} reload={reload} />
      {data ? (
        <>
          <div className="kpis">
            <div className="card kpi">
              <span className="muted">{t("sales.total")}</span>
              <strong data-testid="sales-total">{f.money(data.totals.total)}</strong>
            </div>
            <div className="card kpi">
              <span className="muted">{t("sales.tickets")}</span>
              <strong data-testid="sales-tickets">{data.totals.tickets}</strong>
            </div>
            <div className="card kpi">
              <span className="muted">{t("sales.average")}</span>
              <strong data-testid="sales-average">{f.money(data.totals.averageTicket)}</strong>
            </div>
            <div className="card kpi">
              <span className="muted">{t("sales.returns")}</span>
              <strong data-testid="sales-returns">{f.money(data.returns.total)}</strong>
              <span className="muted small">{t("sales.returnCount", { n: data.returns.count })}</span>
            </div>
          </div>
          <p className="muted small">{t("sales.timeZoneNote", { zone: data.timeZone })}</p>
          <div className="card">
            <h2>{t("sales.byHour")}</h2>
            <BarChart
              testId="chart-by-hour"
              title={t("sales.byHour")}
              values={data.byHour.map((h) => h.total)}
              labels={data.byHour.map((h) => (h.hour % 3 === 0 ? `${h.hour}h` : ""))}
              formatValue={f.pesosShort}
              describe={(i) =>
                `${i}h: ${f.money(data.byHour[i]?.total ?? 0)} (${data.byHour[i]?.tickets ?? 0})`
              }
            />
          </div>
          {data.byDay.length > 1 ? (
            <div className="card">
              <h2>{t("sales.byDay")}</h2>
              <LineChart
                testId="chart-by-day"
                title={t("sales.byDay")}
                values={data.byDay.map((d) => d.total)}
                labels={data.byDay.map((d) => f.day(d.date))}
                formatValue={f.pesosShort}
              />
            </div>
          ) : null}
          <div className="columns">
            <div className="card">
              <h2>{t("sales.byMethod")}</h2>
              {data.byPaymentMethod.length ? (
                <BarChart
                  testId="chart-by-method"
                  width={400}
                  title={t("sales.byMethod")}
                  values={data.byPaymentMethod.map((m) => m.total)}
                  labels={data.byPaymentMethod.map((m) => methodLabel(m.method))}
                  formatValue={f.pesosShort}
                />
              ) : (
                <p className="muted">{t("common.none")}</p>
              )}
            </div>
            <div className="card">
              <h2>{t("sales.topProducts")}</h2>
              <table data-testid="top-products">
                <thead>
                  <tr>
                    <th>{t("sales.product")}</th>
                    <th className="num">{t("sales.quantity")}</th>
                    <th className="num">{t("sales.amount")}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.topProducts.map((p) => (
                    <tr key={`${p.productId}-${p.unit}`}>
                      <td>
                        {p.name}
                        <VariantNote variant={p.variant} />
                      </td>
                      <td className="num">{f.quantity(p.quantity, p.unit)}</td>
                      <td className="num">{f.money(p.total)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {data.topProducts.length === 0 ? <p className="muted">{t("common.none")}</p> : null}
            </div>
          </div>
        </>
      ) : null}
    </section>
  );
}
