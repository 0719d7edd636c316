import type { AnalyticsAnswer, AnalyticsProduct } from "@mostrador/contracts/http/cloud-analytics";
import { query } from "@mostrador/contracts/http-client";
import type { StoresAnswer } from "@mostrador/contracts/http/dashboard";
import { useEffect, useState } from "react";
import { get } from "../api/client.js";
import { useLoad } from "../api/use-load.js";
import { BarChart } from "../charts/BarChart.js";
import { LineChart } from "../charts/LineChart.js";
import { useFormat } from "../format/use-format.js";
import { type MessageKey, useLocale, useT } from "../i18n/i18n.js";
import { Status } from "../nav/Status.js";
import { useSession } from "../session/session-store.js";
import { type AnalyticsFilters, readFilters, writeFilters } from "./analytics-url.js";
import { change, Delta, Kpi } from "./Kpi.js";
import { CardsSection, TurnosSection } from "./ModuleFigures.js";
import "../sales/sales.css";
import "./analytics.css";

const KNOWN_METHODS = ["cash", "debit", "credit", "transfer", "exchange"];

/** Today in this browser, "YYYY-MM-DD" (sv-SE writes dates that way). */
const today = () => new Date().toLocaleDateString("sv-SE");

/** The month before this one, "YYYY-MM": the monthly summary's default (the last one mailed). */
function lastMonth(): string {
  const d = new Date();
  d.setDate(1);
  d.setMonth(d.getMonth() - 1);
  return d.toLocaleDateString("sv-SE").slice(0, 7);
}

/** The filters in the URL, and a setter that writes them back (push: a drill-down, so Back climbs out). */
function useUrlFilters(): [AnalyticsFilters, (next: AnalyticsFilters, push: boolean) => void] {
  const [filters, setFilters] = useState(() => readFilters(location.hash, today()));
  useEffect(() => {
    history.replaceState(history.state, "", writeFilters(filters));
    const reread = () => setFilters(readFilters(location.hash, today()));
    addEventListener("popstate", reread);
    return () => {
      removeEventListener("popstate", reread);
      // Another screen has no use for these filters in its URL.
      history.replaceState(history.state, "", location.pathname + location.search);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once: the URL follows `set` below
  }, []);
  const set = (next: AnalyticsFilters, push: boolean) => {
    if (push) history.pushState(null, "", writeFilters(next));
    else history.replaceState(history.state, "", writeFilters(next));
    setFilters(next);
  };
  return [filters, set];
}

/**
 * Análisis: sales of a period by day, hour, weekday, store, payment method, staff, category and product,
 * against the period before; margins at today's costs; stock cover and rotation. Category → its products
 * → a product's days, each a step in the URL. CSV and XLSX of what is on screen. Cards and turnos figures
 * where the plan has those modules on; any past month's summary PDF (the one mailed on the 1st).
 */
export function AnalyticsScreen() {
  const t = useT();
  const f = useFormat();
  const locale = useLocale((s) => s.locale);
  const token = useSession((s) => s.session?.token);
  const [filters, setFilters] = useUrlFilters();
  const params = {
    from: filters.from,
    to: filters.to,
    storeId: filters.storeId,
    categoryId: filters.categoryId,
    productId: filters.productId,
  };
  const { data, error, loading, reload } = useLoad<AnalyticsAnswer>(
    get,
    `/v1/analytics/sales${query(params)}`,
  );
  const stores = useLoad<StoresAnswer>(get, "/v1/dashboard/stores");
  const [exportError, setExportError] = useState<unknown>(null);
  const methodLabel = (m: string) => (KNOWN_METHODS.includes(m) ? t(`method.${m}` as MessageKey) : m);
  const categoryLabel = (id: string | null, name: string | null) =>
    name ?? (id ? id : t("analytics.noCategory"));

  const [summaryMonth, setSummaryMonth] = useState(lastMonth);

  const download = (format: "csv" | "xlsx") =>
    fetchFile(
      `/v1/analytics/export${query({ ...params, format, lang: locale.startsWith("en") ? "en" : "es" })}`,
      `analisis.${format}`,
    );

  async function fetchFile(path: string, fallbackName: string) {
    setExportError(null);
    try {
      // A bearer token, not a cookie: fetched here and handed to the browser as a file.
      const res = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
      if (!res.ok) throw ((await res.json()) as { error: unknown }).error;
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement("a");
      a.href = url;
      a.download =
        /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? fallbackName;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (err) {
      setExportError(err);
    }
  }

  const drill = (next: Partial<AnalyticsFilters>) => setFilters({ ...filters, ...next }, true);
  const product = (p: AnalyticsProduct) => drill({ productId: p.productId, categoryId: filters.categoryId });

  return (
    <section className="analytics">
      <div className="toolbar">
        <label>
          {t("analytics.from")}{" "}
          <input
            type="date"
            data-testid="analytics-from"
            value={filters.from}
            max={filters.to}
            onChange={(e) => e.target.value && setFilters({ ...filters, from: e.target.value }, false)}
          />
        </label>
        <label>
          {t("analytics.to")}{" "}
          <input
            type="date"
            data-testid="analytics-to"
            value={filters.to}
            min={filters.from}
            onChange={(e) => e.target.value && setFilters({ ...filters, to: e.target.value }, false)}
          />
        </label>
        <select
          data-testid="analytics-store"
          aria-label={t("common.store")}
          value={filters.storeId ?? ""}
          onChange={(e) => setFilters({ ...filters, storeId: e.target.value || null }, false)}
        >
          <option value="">{t("common.allStores")}</option>
          {stores.data?.stores.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
        <span className="spacer" />
        <button data-testid="analytics-csv" onClick={() => void download("csv")}>
          {t("analytics.csv")}
        </button>
        <button data-testid="analytics-xlsx" onClick={() => void download("xlsx")}>
          {t("analytics.xlsx")}
        </button>
        <label>
          {t("analytics.summaryMonth")}{" "}
          <input
            type="month"
            data-testid="analytics-summary-month"
            value={summaryMonth}
            max={today().slice(0, 7)}
            onChange={(e) => e.target.value && setSummaryMonth(e.target.value)}
          />
        </label>
        <button
          data-testid="analytics-summary-pdf"
          onClick={() =>
            void fetchFile(
              `/v1/analytics/summary.pdf${query({ month: summaryMonth })}`,
              `resumen-${summaryMonth}.pdf`,
            )
          }
        >
          {t("analytics.summaryPdf")}
        </button>
      </div>
      {exportError ? (
        <p className="error" role="alert" data-testid="analytics-export-error">
          {f.error(exportError)}
        </p>
      ) : null}
      <nav className="crumbs" aria-label={t("analytics.drillDown")} data-testid="analytics-crumbs">
        <button onClick={() => drill({ categoryId: null, productId: null })}>
          {t("analytics.allProducts")}
        </button>
        {filters.categoryId ? (
          <>
            {" › "}
            <button onClick={() => drill({ productId: null })} data-testid="crumb-category">
              {filters.categoryId === "none"
                ? t("analytics.noCategory")
                : (data?.categoryName ?? filters.categoryId)}
            </button>
          </>
        ) : null}
        {filters.productId ? (
          <>
            {" › "}
            <strong data-testid="crumb-product">{data?.productName ?? filters.productId}</strong>
          </>
        ) : null}
      </nav>
      <Status loading={loading && !data} error={error} reload={reload} />
      {data ? (
        <>
          <div className="kpis">
            <Kpi
              label={t("analytics.sales")}
              value={f.money(data.totals.sales)}
              delta={change(data.totals.sales, data.previous.sales)}
              testId="analytics-sales"
            />
            {data.totals.tickets !== null ? (
              <Kpi
                label={t("analytics.tickets")}
                value={String(data.totals.tickets)}
                delta={change(data.totals.tickets, data.previous.tickets ?? 0)}
                testId="analytics-tickets"
              />
            ) : null}
            {data.totals.averageTicket !== null ? (
              <Kpi
                label={t("analytics.average")}
                value={f.money(data.totals.averageTicket)}
                delta={change(data.totals.averageTicket, data.previous.averageTicket ?? 0)}
                testId="analytics-average"
              />
            ) : null}
            <Kpi
              label={t("analytics.returns")}
              value={f.money(data.totals.returns)}
              testId="analytics-returns"
            />
            <Kpi
              label={t("analytics.margin")}
              value={f.money(data.margin.margin)}
              note={
                data.margin.salesWithoutCost > 0
                  ? t("analytics.withoutCost", { amount: f.money(data.margin.salesWithoutCost) })
                  : undefined
              }
              testId="analytics-margin"
            />
          </div>
          <p className="muted small" data-testid="analytics-previous">
            {t("analytics.previousNote", { from: f.day(data.previousFrom), to: f.day(data.previousTo) })}
          </p>
          {data.byDay.length > 0 ? (
            <div className="card">
              <h2>{t("analytics.byDay")}</h2>
              <LineChart
                testId="analytics-by-day"
                title={t("analytics.byDay")}
                values={data.byDay.map((d) => d.sales)}
                labels={data.byDay.map((d) => f.day(d.date))}
                formatValue={f.pesosShort}
              />
            </div>
          ) : (
            <p className="muted" data-testid="analytics-empty">
              {t("analytics.empty")}
            </p>
          )}
          <div className="columns">
            {data.byHour ? (
              <div className="card">
                <h2>{t("analytics.byHour")}</h2>
                <BarChart
                  testId="analytics-by-hour"
                  width={400}
                  title={t("analytics.byHour")}
                  values={data.byHour.map((h) => h.sales)}
                  labels={data.byHour.map((h) => (h.hour % 4 === 0 ? `${h.hour}h` : ""))}
                  formatValue={f.pesosShort}
                />
              </div>
            ) : null}
            <div className="card">
              <h2>{t("analytics.byWeekday")}</h2>
              <BarChart
                testId="analytics-by-weekday"
                width={400}
                title={t("analytics.byWeekday")}
                values={data.byWeekday.map((w) => w.sales)}
                labels={data.byWeekday.map((w) => t(`analytics.weekday.${w.weekday}` as MessageKey))}
                formatValue={f.pesosShort}
              />
            </div>
          </div>
          <div className="columns">
            <div className="card">
              <h2>{t("analytics.byStore")}</h2>
              <table data-testid="analytics-stores">
                <thead>
                  <tr>
                    <th>{t("common.store")}</th>
                    <th className="num">{t("analytics.sales")}</th>
                    <th className="num">{t("analytics.vsPrevious")}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.byStore.map((s) => (
                    <tr key={s.storeId}>
                      <td>
                        <button
                          className="link"
                          onClick={() => setFilters({ ...filters, storeId: s.storeId }, true)}
                        >
                          {s.name}
                        </button>
                      </td>
                      <td className="num">{f.money(s.sales)}</td>
                      <td className="num">
                        <Delta value={change(s.sales, s.previousSales)} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {data.byPaymentMethod ? (
              <div className="card">
                <h2>{t("analytics.byMethod")}</h2>
                <table data-testid="analytics-methods">
                  <thead>
                    <tr>
                      <th>{t("analytics.method")}</th>
                      <th className="num">{t("analytics.sales")}</th>
                      <th className="num">{t("analytics.refunds")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.byPaymentMethod.map((m) => (
                      <tr key={m.method}>
                        <td>{methodLabel(m.method)}</td>
                        <td className="num">{f.money(m.sales)}</td>
                        <td className="num">{f.money(m.refunds)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
            {data.byStaff ? (
              <div className="card">
                <h2>{t("analytics.byStaff")}</h2>
                <table data-testid="analytics-staff">
                  <thead>
                    <tr>
                      <th>{t("analytics.person")}</th>
                      <th className="num">{t("analytics.sales")}</th>
                      <th className="num">{t("analytics.tickets")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.byStaff.map((s) => (
                      <tr key={s.staffId}>
                        <td>{s.name}</td>
                        <td className="num">{f.money(s.sales)}</td>
                        <td className="num">{s.tickets}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
          </div>
          {!filters.productId ? (
            <>
              {!filters.categoryId ? (
                <div className="card">
                  <h2>{t("analytics.byCategory")}</h2>
                  <table data-testid="analytics-categories">
                    <thead>
                      <tr>
                        <th>{t("analytics.category")}</th>
                        <th className="num">{t("analytics.sales")}</th>
                        <th className="num">{t("analytics.vsPrevious")}</th>
                        <th className="num">{t("analytics.margin")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.byCategory.map((c) => (
                        <tr key={c.categoryId ?? "none"}>
                          <td>
                            <button
                              className="link"
                              data-testid={`category-${c.categoryId ?? "none"}`}
                              onClick={() => drill({ categoryId: c.categoryId ?? "none", productId: null })}
                            >
                              {categoryLabel(c.categoryId, c.name)}
                            </button>
                          </td>
                          <td className="num">{f.money(c.sales)}</td>
                          <td className="num">
                            <Delta value={change(c.sales, c.previousSales)} />
                          </td>
                          <td className="num">{c.margin === null ? "—" : f.money(c.margin)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              ) : null}
              <div className="card">
                <h2>{t("analytics.products")}</h2>
                <table data-testid="analytics-products">
                  <thead>
                    <tr>
                      <th>{t("analytics.product")}</th>
                      <th className="num">{t("analytics.quantity")}</th>
                      <th className="num">{t("analytics.sales")}</th>
                      <th className="num">{t("analytics.vsPrevious")}</th>
                      <th className="num">{t("analytics.margin")}</th>
                      <th className="num">{t("analytics.onHand")}</th>
                      <th className="num">{t("analytics.cover")}</th>
                      <th className="num">{t("analytics.rotation")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.products.map((p) => (
                      <tr key={`${p.productId}-${p.unit}`}>
                        <td>
                          <button
                            className="link"
                            data-testid={`product-${p.productId}`}
                            onClick={() => product(p)}
                          >
                            {p.name}
                          </button>
                        </td>
                        <td className="num">{f.quantity(p.quantity - p.returnedQuantity, p.unit)}</td>
                        <td className="num">{f.money(p.sales)}</td>
                        <td className="num">
                          <Delta value={change(p.sales, p.previousSales)} />
                        </td>
                        <td className="num">{p.margin === null ? "—" : f.money(p.margin)}</td>
                        <td className="num">{p.onHand === null ? "—" : f.quantity(p.onHand, p.unit)}</td>
                        <td className="num">
                          {p.daysOfCover === null ? "—" : t("analytics.days", { n: p.daysOfCover })}
                        </td>
                        <td className="num">
                          {p.rotation === null ? "—" : p.rotation.toLocaleString(locale)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {data.products.length === 0 ? <p className="muted">{t("common.none")}</p> : null}
              </div>
            </>
          ) : null}
          {data.cards ? <CardsSection cards={data.cards} /> : null}
          {data.turnos ? <TurnosSection turnos={data.turnos} /> : null}
        </>
      ) : null}
    </section>
  );
}
