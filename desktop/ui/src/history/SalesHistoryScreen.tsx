import { query } from "@mostrador/contracts/http-client";
import { type FormEvent, useEffect, useState } from "react";
import { get } from "../api/client.js";
import type { SaleSummary } from "@mostrador/contracts/http/sales";
import type { AuthOptions } from "@mostrador/contracts/http/staff";
import { useLocale } from "../i18n/locale-store.js";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { Pager } from "../shared/Pager.js";
import { useSession } from "../session/session-store.js";
import { DayRangeFields } from "../shared/DayRangeFields.js";
import { ErrorText } from "../shared/ErrorText.js";
import { EMPTY_SEARCH, historyQuery, type HistorySearch } from "./history-search.js";
import { SaleDetail } from "./SaleDetail.js";
import "./history.css";

const PAGE = 50;

/**
 * The sales history: any past sale found by days of the shop's calendar, its number, its total or who sold
 * it, in pages of 50, newest first; a row opens the sale with its ticket, its returns and "Reimprimir".
 * Keyboard: Enter in any field searches; rows are focusable and Enter opens one.
 */
export function SalesHistoryScreen() {
  const t = useT();
  const format = useFormat();
  const locale = useLocale((s) => s.locale);
  const timeZone = useSession((s) => s.settings?.timeZone ?? "America/Argentina/Buenos_Aires");
  const [search, setSearch] = useState<HistorySearch>(EMPTY_SEARCH);
  const [applied, setApplied] = useState<HistorySearch>(EMPTY_SEARCH);
  const [offset, setOffset] = useState(0);
  const [sales, setSales] = useState<SaleSummary[] | null>(null);
  const [staff, setStaff] = useState<AuthOptions["staff"]>([]);
  const [openId, setOpenId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [problem, setProblem] = useState<"number" | "total" | null>(null);

  // runs on mount, not on every render.
  useEffect(() => {
    get<AuthOptions>("/api/auth/options")
      .then((o) => setStaff(o.staff))
      .catch(() => {});
  }, []);

  // runs when the applied search or the page changes, not on every render.
  useEffect(() => {
    const q = historyQuery(applied, timeZone, locale);
    if (!q.ok) return;
    setError(null);
    get<SaleSummary[]>(`/api/sales${query({ ...q.query, limit: PAGE, offset })}`)
      .then(setSales)
      .catch((e) => setError(format.error(e)));
  }, [applied, offset, timeZone]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const q = historyQuery(search, timeZone, locale);
    setProblem(q.ok ? null : q.field);
    if (!q.ok) return;
    setOffset(0);
    setApplied({ ...search });
  };
  const edit = (patch: Partial<HistorySearch>) => setSearch((s) => ({ ...s, ...patch }));

  return (
    <section className="screen history-screen" data-testid="history-screen">
      <h1>{t("history.title")}</h1>
      <form className="card history-filters" onSubmit={submit}>
        <DayRangeFields
          fromDay={search.fromDay}
          toDay={search.toDay}
          testId="history-range"
          onChange={(fromDay, toDay) => edit({ fromDay, toDay })}
        />
        <label>
          {t("history.number")}
          <input
            type="text"
            value={search.number}
            maxLength={13}
            placeholder="0001-00000042"
            data-testid="history-number"
            onChange={(e) => edit({ number: e.target.value })}
          />
          {problem === "number" && <span className="field-error">{t("history.badNumber")}</span>}
        </label>
        <label>
          {t("history.total")}
          <input
            type="text"
            inputMode="decimal"
            value={search.total}
            maxLength={20}
            data-testid="history-total"
            onChange={(e) => edit({ total: e.target.value })}
          />
          {problem === "total" && <span className="field-error">{t("history.badTotal")}</span>}
        </label>
        <label>
          {t("history.cashier")}
          <select
            value={search.staffId}
            data-testid="history-staff"
            onChange={(e) => edit({ staffId: e.target.value })}
          >
            <option value="">{t("history.anyone")}</option>
            {staff.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary" data-testid="history-search">
          {t("history.search")}
        </button>
        <button
          type="button"
          data-testid="history-clear"
          onClick={() => {
            setSearch(EMPTY_SEARCH);
            setApplied(EMPTY_SEARCH);
            setProblem(null);
            setOffset(0);
          }}
        >
          {t("history.clear")}
        </button>
      </form>
      <ErrorText text={error} testId="history-error" />
      <div className="history-body">
        <div className="history-results">
          <table className="list" data-testid="history-list">
            <thead>
              <tr>
                <th>{t("history.number")}</th>
                <th>{t("history.when")}</th>
                <th>{t("history.cashier")}</th>
                <th>{t("customers.customer")}</th>
                <th className="num">{t("history.total")}</th>
              </tr>
            </thead>
            <tbody>
              {sales?.map((s) => (
                <tr
                  key={s.id}
                  tabIndex={0}
                  className={s.id === openId ? "selected" : s.status === "voided" ? "inactive" : ""}
                  data-testid={`history-row-${s.displayNumber}`}
                  onClick={() => setOpenId(s.id)}
                  onKeyDown={(e) => {
                    if (e.key === "Enter") setOpenId(s.id);
                  }}
                >
                  <td>
                    {s.displayNumber}
                    {s.status === "voided" && <span className="badge"> {t("returns.voided")}</span>}
                    {s.returnedTotal > 0 && s.status !== "voided" && (
                      <span className="badge"> {t("returns.partlyReturned")}</span>
                    )}
                  </td>
                  <td>{format.dateTime(s.createdAt)}</td>
                  <td>{s.staffName}</td>
                  <td data-testid="history-customer">
                    {s.customerName === "" ? t("customers.erasedName") : (s.customerName ?? "")}
                  </td>
                  <td className="num">{format.money(s.total)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {sales?.length === 0 && (
            <p className="muted" data-testid="history-empty">
              {t("history.none")}
            </p>
          )}
          <Pager
            offset={offset}
            pageSize={PAGE}
            shown={sales?.length ?? null}
            onOffset={setOffset}
            testId="history"
          />
        </div>
        {openId && <SaleDetail saleId={openId} onClose={() => setOpenId(null)} />}
      </div>
    </section>
  );
}
