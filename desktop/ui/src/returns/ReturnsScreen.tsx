import { query } from "@mostrador/contracts/http-client";
import { useEffect, useState } from "react";
import { get } from "../api/client.js";
import type { Sale, SaleSummary } from "@mostrador/contracts/http/sales";
import { useCash } from "../cash/cash-store.js";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useNotices } from "../notices/notice-store.js";
import { useSalesFeed } from "../sales/sales-feed-store.js";
import { ErrorText } from "../shared/ErrorText.js";
import { ExchangeForm } from "../exchanges/ExchangeForm.js";
import { useNav } from "../nav/nav-store.js";
import { ReturnForm } from "./ReturnForm.js";
import { returnState } from "./return-logic.js";
import { VoidSaleDialog } from "./VoidSaleDialog.js";
import "./returns.css";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Find the sale (scan the receipt, type its number, or pick from today's list), then return lines of it.
 * A completed sale of the open session can also be voided whole from the list ("Anular venta").
 */
export function ReturnsScreen() {
  const t = useT();
  const format = useFormat();
  const sessionId = useCash((s) => s.session?.id);
  const version = useSalesFeed((s) => s.version);
  const salesChanged = useSalesFeed((s) => s.changed);
  const notify = useNotices((s) => s.show);
  const [voiding, setVoiding] = useState<SaleSummary | null>(null);
  const [voidResult, setVoidResult] = useState<string | null>(null);
  const [sales, setSales] = useState<SaleSummary[]>([]);
  const [text, setText] = useState("");
  const [sale, setSale] = useState<Sale | null>(null);
  // What the opened sale is for: a return, or an exchange (cambio: give back and take other items).
  const [mode, setMode] = useState<"return" | "exchange">("return");
  const [error, setError] = useState<string | null>(null);

  // runs on mount (or when the listed key changes), not on every render.
  useEffect(() => {
    get<SaleSummary[]>(`/api/sales${query({ sessionId, limit: 100 })}`)
      .then(setSales)
      .catch((e) => setError(format.error(e)));
  }, [sessionId, version]);

  const open = async (id: string, as: "return" | "exchange" = "return") => {
    setError(null);
    try {
      const found = await get<Sale>(`/api/sales/${encodeURIComponent(id)}`);
      setMode(as);
      setSale(found);
    } catch (e) {
      setError(format.error(e));
    }
  };

  // The history's "Cambio" sends the sale here to open straight in the exchange form.
  useEffect(() => {
    const id = useNav.getState().takeExchange();
    if (id) void open(id, "exchange");
  }, []);

  const find = () => {
    const q = text.trim();
    if (!q) return;
    if (UUID.test(q)) return void open(q);
    // "42" or "0001-00000042": match the printed number of a sale in the list.
    const match = sales.find(
      (s) => s.displayNumber === q || s.displayNumber.endsWith(`-${q.padStart(8, "0")}`),
    );
    if (match) void open(match.id);
    else setError(t("returns.notFound"));
  };

  if (sale && mode === "exchange") {
    return (
      <ExchangeForm
        key={sale.id}
        sale={sale}
        onDone={() => {
          setSale(null);
          salesChanged();
        }}
      />
    );
  }

  if (sale) {
    return (
      <ReturnForm
        key={sale.id}
        sale={sale}
        onDone={() => {
          setSale(null);
          salesChanged(); // the list shows what came back at once, whatever the WebSocket does
        }}
      />
    );
  }

  return (
    <section className="screen" data-testid="returns-screen">
      <h1>{t("returns.title")}</h1>
      <div className="row-form">
        <input
          // keyboard-first till: the screen opens ready to type or scan
          autoFocus
          type="text"
          maxLength={64}
          placeholder={t("returns.find")}
          aria-label={t("returns.find")}
          value={text}
          data-testid="returns-find-input"
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              find();
            }
          }}
        />
        <button type="button" className="primary" data-testid="returns-find-submit" onClick={find}>
          {t("returns.search")}
        </button>
      </div>
      <ErrorText text={error} testId="returns-error" />
      {voidResult && (
        <p className="ok-text" role="status" data-testid="void-result">
          {voidResult}
        </p>
      )}
      <h2>{t("returns.today")}</h2>
      {sales.length === 0 && <p className="muted">{t("common.none")}</p>}
      <table className="list">
        <tbody>
          {sales.map((s) => (
            <tr key={s.id} data-testid="returns-sale" onClick={() => void open(s.id)}>
              <td>{s.displayNumber}</td>
              <td>{format.time(s.createdAt)}</td>
              <td>{s.staffName ?? ""}</td>
              <td
                data-testid="returns-sale-state"
                data-state={s.status === "voided" ? "voided" : returnState(s)}
              >
                {s.status === "voided" ? (
                  t("returns.voided")
                ) : returnState(s) === "none" ? (
                  ""
                ) : (
                  <span className={`return-mark ${returnState(s)}`}>
                    {t(returnState(s) === "full" ? "returns.fullyReturned" : "returns.partlyReturned")} ·{" "}
                    {t("returns.returnedAmount", { amount: format.money(s.returnedTotal ?? 0) })}
                  </span>
                )}
              </td>
              <td className="num">{format.money(s.total)}</td>
              <td className="row-actions">
                {s.status === "completed" && returnState(s) !== "full" && (
                  <button
                    type="button"
                    data-testid="exchange-sale"
                    onClick={(e) => {
                      e.stopPropagation(); // the row itself opens the return form
                      void open(s.id, "exchange");
                    }}
                  >
                    {t("exchange.action")}
                  </button>
                )}
                {/* Only a sale of the open session can be voided; older ones go back through a return. */}
                {sessionId && s.status === "completed" && (
                  <button
                    type="button"
                    data-testid="void-sale"
                    onClick={(e) => {
                      e.stopPropagation(); // the row itself opens the return form
                      setVoidResult(null);
                      setVoiding(s);
                    }}
                  >
                    {t("void.action")}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {voiding && (
        <VoidSaleDialog
          summary={voiding}
          onClose={() => setVoiding(null)}
          onVoided={(voided) => {
            const text = t("void.done", { number: voided.displayNumber });
            setVoiding(null);
            setVoidResult(`${text} · ${format.money(voided.total)}`);
            notify("info", text);
            // The WebSocket event does the same; refreshing here does not depend on it.
            salesChanged();
            void useCash
              .getState()
              .refresh()
              .catch(() => {});
          }}
        />
      )}
    </section>
  );
}
