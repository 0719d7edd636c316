import { useEffect, useRef, useState } from "react";
import { get, post } from "../api/client.js";
import type { Receipt } from "@mostrador/contracts/http/receipts";
import type { PaymentInput, Sale } from "@mostrador/contracts/http/sales";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useNotices } from "../notices/notice-store.js";
import { recheckPrinter } from "../printer/printer-store.js";
import { useSession } from "../session/session-store.js";
import { Dialog } from "../shared/Dialog.js";
import "./payment.css";
import "./receipt.css";

interface Props {
  sale: Sale;
  payments: PaymentInput[];
  onNewSale: () => void;
}

/**
 * After a sale: the change again (big), a preview of exactly what prints, and the print itself.
 * A printer problem is a warning only: the sale is already recorded and stays so. It is said once, here,
 * in words for whoever is at the till: a cashier cannot fix the printer in Ajustes, so she is asked to tell
 * the manager; whoever edits the settings reads the printer's own reason (Ajustes shows it too).
 */
export function ReceiptDialog({ sale, payments, onNewSale }: Props) {
  const t = useT();
  const format = useFormat();
  const notify = useNotices((s) => s.show);
  const canFixPrinter = useSession((s) => s.can("settings.edit"));
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const [printState, setPrintState] = useState<"printing" | "printed" | "failed">("printing");
  const [printError, setPrintError] = useState<string | null>(null);
  const change = sale.changeGiven ?? 0;

  const print = async () => {
    // Once a ticket came out, another one is a copy: marked REIMPRESIÓN / COPIA, audited, no drawer.
    const copy = printState === "printed";
    setPrintState("printing");
    try {
      const path = `/api/sales/${encodeURIComponent(sale.id)}`;
      if (copy) await post(`${path}/reprint`, {});
      else await post(`${path}/print`, { openDrawer: payments.some((p) => p.method === "cash") });
      setPrintState("printed");
    } catch (e) {
      setPrintState("failed");
      setPrintError(
        canFixPrinter
          ? t("receipt.notPrintedOwner", { message: format.error(e) })
          : t("receipt.notPrintedCashier"),
      );
    } finally {
      recheckPrinter();
    }
  };

  // One automatic print per sale, even where React runs effects twice (StrictMode in development).
  const printedFor = useRef<string | null>(null);
  // runs on mount (or when the listed key changes), not on every render.
  useEffect(() => {
    if (printedFor.current === sale.id) return;
    printedFor.current = sale.id;
    get<Receipt>(`/api/sales/${encodeURIComponent(sale.id)}/receipt`)
      .then(setReceipt)
      .catch((e) => notify("warning", format.error(e)));
    void print();
  }, [sale.id]);

  return (
    <Dialog
      title={t("receipt.title", { number: sale.displayNumber })}
      testId="receipt-dialog"
      onClose={onNewSale}
      className="receipt-dialog"
    >
      <div className="receipt-layout">
        <div className="receipt-side">
          {change > 0 && (
            <div className="change">
              <span>{t("pay.change")}</span>
              <span data-testid="receipt-change">{format.money(change)}</span>
            </div>
          )}
          <p data-testid="receipt-total">
            {t("till.total")}: <strong>{format.money(sale.total)}</strong>
          </p>
          {sale.customer?.name && (
            <p data-testid="receipt-customer">
              {t("customers.saleFor")} <strong>{sale.customer.name}</strong>
            </p>
          )}
          {sale.warnings?.map((w) => (
            <p key={w} className="warning">
              {w}
            </p>
          ))}
          <p
            data-testid="print-status"
            role="status"
            className={printState === "failed" ? "warning" : "muted"}
          >
            {printState === "printing"
              ? t("receipt.printing")
              : printState === "printed"
                ? t("receipt.printed")
                : printError}
          </p>
          <div className="actions">
            <button
              type="button"
              data-testid="reprint-button"
              disabled={printState === "printing"}
              onClick={() => void print()}
            >
              {t("receipt.reprint")}
            </button>
            <button type="button" className="primary big" data-testid="new-sale-button" onClick={onNewSale}>
              {t("receipt.newSale")}
            </button>
          </div>
        </div>
        {/* Exactly widthChars columns of paper (48 on 80 mm, 32 on 58 mm): the width is the content box in ch,
            and the dialog (not the preview) scrolls, so no scrollbar can eat a column. */}
        <pre
          className="receipt"
          data-testid="receipt-preview"
          style={receipt ? { width: `${receipt.widthChars}ch` } : undefined}
        >
          {receipt ? receipt.lines.join("\n") : t("common.loading")}
        </pre>
      </div>
    </Dialog>
  );
}
