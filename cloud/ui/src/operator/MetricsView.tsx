import type { MetricsAnswer } from "@mostrador/contracts/http/cloud-operator";
import { type FormEvent, useState } from "react";
import { useLoad } from "../api/use-load.js";
import { BarChart } from "../charts/BarChart.js";
import { LineChart } from "../charts/LineChart.js";
import { useLocale } from "../i18n/i18n.js";
import { downloadCsv, opGet } from "./api.js";
import { formatBasis, formatMinor } from "./format.js";
import { opErrorText, useOpT } from "./i18n.js";

/** MRR and its movements by month, per currency (never added together), trial conversion, CSV. */
export function MetricsView() {
  const t = useOpT();
  const locale = useLocale((s) => s.locale);
  const [range, setRange] = useState({ from: "", to: "" });
  const [draft, setDraft] = useState(range);
  const search = new URLSearchParams(Object.entries(range).filter(([, v]) => v)).toString();
  const { data, error } = useLoad(opGet<MetricsAnswer>, `/v1/operator/metrics${search ? `?${search}` : ""}`);
  const [currency, setCurrency] = useState<string | null>(null);
  const [csvError, setCsvError] = useState<string | null>(null);

  function show(event: FormEvent) {
    event.preventDefault();
    setRange(draft);
  }

  const series = data?.currencies.find((c) => c.currency === currency) ?? data?.currencies[0] ?? null;
  const money = (value: number | null) =>
    value === null || !series ? "—" : formatMinor(value, series.currency, locale);
  return (
    <section>
      <form className="toolbar" onSubmit={show}>
        <label>
          {t("op.metrics.from")}
          <input
            type="month"
            data-testid="op-metrics-from"
            value={draft.from}
            onChange={(e) => setDraft({ ...draft, from: e.target.value })}
          />
        </label>
        <label>
          {t("op.metrics.to")}
          <input
            type="month"
            data-testid="op-metrics-to"
            value={draft.to}
            onChange={(e) => setDraft({ ...draft, to: e.target.value })}
          />
        </label>
        <button type="submit" data-testid="op-metrics-show">
          {t("op.metrics.show")}
        </button>
        {data && data.currencies.length > 1 ? (
          <label>
            {t("op.metrics.currency")}
            <select
              data-testid="op-metrics-currency"
              value={series?.currency ?? ""}
              onChange={(e) => setCurrency(e.target.value)}
            >
              {data.currencies.map((c) => (
                <option key={c.currency}>{c.currency}</option>
              ))}
            </select>
          </label>
        ) : null}
        <span className="grow" />
        <button
          type="button"
          data-testid="op-metrics-csv"
          disabled={!data}
          onClick={() =>
            data &&
            downloadCsv(
              `/v1/operator/metrics.csv?from=${data.from}&to=${data.to}`,
              `metricas-${data.from}-${data.to}.csv`,
            ).catch((e: unknown) => setCsvError(opErrorText(locale, e)))
          }
        >
          {t("op.csv")}
        </button>
      </form>
      {error ? (
        <p className="error" role="alert">
          {opErrorText(locale, error)}
        </p>
      ) : null}
      {csvError ? <p className="error">{csvError}</p> : null}
      <p className="muted small">{t("op.metrics.note")}</p>
      {!data ? (
        <p className="muted">{t("op.loading")}</p>
      ) : !series ? (
        <p className="muted" data-testid="op-metrics-none">
          {t("op.metrics.none")}
        </p>
      ) : (
        <>
          <div className="op-charts">
            <div className="card">
              <LineChart
                testId="op-mrr-chart"
                title={t("op.metrics.mrrChart", { currency: series.currency })}
                values={series.months.map((m) => m.mrr)}
                labels={series.months.map((m) => m.month)}
                formatValue={(v) => money(v)}
              />
              <p className="small muted">{t("op.metrics.mrrChart", { currency: series.currency })}</p>
            </div>
            <div className="card">
              <BarChart
                testId="op-movement-chart"
                title={t("op.metrics.movementChart", { currency: series.currency })}
                values={series.months.map((m) => m.newMrr + m.expansionMrr)}
                labels={series.months.map((m) => m.month)}
                formatValue={(v) => money(v)}
              />
              <p className="small muted">{t("op.metrics.movementChart", { currency: series.currency })}</p>
            </div>
            <div className="card">
              <BarChart
                testId="op-lost-chart"
                title={t("op.metrics.lostChart", { currency: series.currency })}
                values={series.months.map((m) => m.contractionMrr + m.churnedMrr)}
                labels={series.months.map((m) => m.month)}
                formatValue={(v) => money(v)}
              />
              <p className="small muted">{t("op.metrics.lostChart", { currency: series.currency })}</p>
            </div>
          </div>
          <table data-testid="op-metrics-table">
            <thead>
              <tr>
                <th>{t("op.metrics.month")}</th>
                <th className="num">{t("op.metrics.mrr")}</th>
                <th className="num">{t("op.metrics.new")}</th>
                <th className="num">{t("op.metrics.expansion")}</th>
                <th className="num">{t("op.metrics.contraction")}</th>
                <th className="num">{t("op.metrics.churned")}</th>
                <th className="num">{t("op.metrics.customers")}</th>
                <th className="num">{t("op.metrics.logoChurn")}</th>
                <th className="num">{t("op.metrics.revenueChurn")}</th>
                <th className="num">{t("op.metrics.arpa")}</th>
                <th className="num">{t("op.metrics.ltv")}</th>
              </tr>
            </thead>
            <tbody>
              {series.months.map((m) => (
                <tr key={m.month} data-testid={`op-month-${m.month}`}>
                  <td>{m.month}</td>
                  <td className="num">{money(m.mrr)}</td>
                  <td className="num">{money(m.newMrr)}</td>
                  <td className="num">{money(m.expansionMrr)}</td>
                  <td className="num">{money(m.contractionMrr)}</td>
                  <td className="num">{money(m.churnedMrr)}</td>
                  <td className="num">{m.customers}</td>
                  <td className="num">{formatBasis(m.logoChurn, locale)}</td>
                  <td className="num">{formatBasis(m.revenueChurn, locale)}</td>
                  <td className="num">{money(m.arpa)}</td>
                  <td className="num">{money(m.ltv)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {data ? (
        <>
          <h2>{t("op.metrics.trials")}</h2>
          <table data-testid="op-trials-table">
            <thead>
              <tr>
                <th>{t("op.metrics.month")}</th>
                <th className="num">{t("op.metrics.trialsStarted")}</th>
                <th className="num">{t("op.metrics.trialsConverted")}</th>
                <th className="num">{t("op.metrics.conversion")}</th>
              </tr>
            </thead>
            <tbody>
              {data.trials.map((m) => (
                <tr key={m.month}>
                  <td>{m.month}</td>
                  <td className="num">{m.started}</td>
                  <td className="num">{m.converted}</td>
                  <td className="num">{formatBasis(m.conversion, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
