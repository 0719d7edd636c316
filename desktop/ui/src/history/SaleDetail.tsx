import { useEffect, useState } from "react";
import { get, post } from "../api/client.js";
import type { Receipt } from "@mostrador/contracts/http/receipts";
import type { Sale } from "@mostrador/contracts/http/sales";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useNav } from "../nav/nav-store.js";
import { useNotices } from "../notices/notice-store.js";
import { recheckPrinter } from "../printer/printer-store.js";
import { ErrorText } from "../shared/ErrorText.js";
import { InvoiceForSale } from "../invoicing/InvoiceForSale.js";
import "../till/receipt.css";

/**
 * One past sale: who sold it and when, its payments and returns, the ticket as it printed, and "Reimprimir"
 * for the ticket and each return slip. A reprint is marked REIMPRESIÓN / COPIA on paper and audited (server).
 */
export function SaleDetail({ saleId, onClose }: { saleId: string; onClose: () => void }) {
  const t = useT();
  const format = useFormat();
  const notify = useNotices((s) => s.show);
  const [sale, setSale] = useState<Sale | null>(null);
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const path = `/api/sales/${encodeURIComponent(saleId)}`;

  // runs when another sale is opened, not on every render.
  useEffect(() => {
    setSale(null);
    setReceipt(null);
    setError(null);
    get<Sale>(path)
      .then(setSale)
      .catch((e) => setError(format.error(e)));
    get<Receipt>(`${path}/receipt`)
      .then(setReceipt)
      .catch((e) => setError(format.error(e)));
  }, [saleId]);

  const reprint = async (url: string, key: string, done: string) => {
    setBusy(key);
    setError(null);
    try {
      await post(url, {});
      notify("info", done);
    } catch (e) {
      setError(format.error(e));
    } finally {
      setBusy(null);
      recheckPrinter();
    }
  };

  return (
    <aside className="card history-detail" data-testid="history-detail">
      <div className="row-form">
        <h2 className="grow">
          {sale ? t("history.sale", { number: sale.displayNumber }) : t("common.loading")}
        </h2>
        <button type="button" data-testid="history-detail-close" onClick={onClose}>
          {t("common.close")}
        </button>
      </div>
      {sale && (
        <>
          <p className="muted" data-testid="history-detail-facts">
            {format.dateTime(sale.createdAt)} · {sale.staffName} · {format.money(sale.total)}
            {sale.customer && ` · ${sale.customer.name || t("customers.erasedName")}`}
            {sale.status === "voided" && ` · ${t("returns.voided")}`}
          </p>
          <p className="small">
            {sale.payments.map((p) => `${t(`pay.${p.method}`)} ${format.money(p.amount)}`).join(" · ")}
          </p>
          <InvoiceForSale
            saleId={sale.id}
            completed={sale.status === "completed"}
            onInvoiced={() => get<Receipt>(`${path}/receipt`).then(setReceipt)}
          />
          <div className="actions">
            <button
              type="button"
              className="primary"
              data-testid="history-reprint"
              disabled={busy !== null}
              onClick={() =>
                void reprint(
                  `${path}/reprint`,
                  "sale",
                  t("history.reprinted", { number: sale.displayNumber }),
                )
              }
            >
              {busy === "sale" ? t("receipt.printing") : t("history.reprint")}
            </button>
            {sale.status === "completed" && (
              <button
                type="button"
                data-testid="history-exchange"
                onClick={() => useNav.getState().goExchange(sale.id)}
              >
                {t("exchange.action")}
              </button>
            )}
          </div>
          {sale.returns.length > 0 && (
            <>
              <h3>{t("history.returns")}</h3>
              <ul className="history-returns">
                {sale.returns.map((r) => (
                  <li key={r.id}>
                    <span className="grow">
                      {r.displayNumber} · {format.dateTime(r.createdAt)} · {format.money(r.total)}
                    </span>
                    <button
                      type="button"
                      data-testid={`history-reprint-return-${r.displayNumber}`}
                      disabled={busy !== null}
                      onClick={() =>
                        void reprint(
                          `/api/returns/${encodeURIComponent(r.id)}/reprint`,
                          r.id,
                          t("history.reprinted", { number: r.displayNumber }),
                        )
                      }
                    >
                      {t("history.reprintSlip")}
                    </button>
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
      <ErrorText text={error} testId="history-detail-error" />
      {receipt && (
        <pre className="receipt" data-testid="history-receipt" style={{ width: `${receipt.widthChars}ch` }}>
          {receipt.lines.join("\n")}
        </pre>
      )}
    </aside>
  );
}
