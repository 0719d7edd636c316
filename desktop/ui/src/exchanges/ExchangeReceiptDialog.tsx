import type { Exchange } from "@mostrador/contracts/http/exchanges";
import type { Receipt } from "@mostrador/contracts/http/receipts";
import { useEffect, useState } from "react";
import { get, post } from "../api/client.js";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useNotices } from "../notices/notice-store.js";
import { recheckPrinter } from "../printer/printer-store.js";
import { Dialog } from "../shared/Dialog.js";
import "../till/receipt.css";

/**
 * After an exchange: its ticket (both halves and the difference) previewed exactly as it prints, printed
 * once as it opens (cash either way opens the drawer). A printer problem is a warning only: the exchange
 * is already recorded.
 */
export function ExchangeReceiptDialog({ exchange, onDone }: { exchange: Exchange; onDone: () => void }) {
  const t = useT();
  const format = useFormat();
  const notify = useNotices((s) => s.show);
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const [printState, setPrintState] = useState<"printing" | "printed" | "failed">("printing");
  const [printError, setPrintError] = useState<string | null>(null);
  const path = `/api/exchanges/${encodeURIComponent(exchange.id)}`;

  const print = async (copy: boolean) => {
    setPrintState("printing");
    try {
      // A second paper is a copy of the new sale's ticket half (marked and audited like any reprint).
      await post(copy ? `/api/sales/${encodeURIComponent(exchange.sale.id)}/reprint` : `${path}/print`, {});
      setPrintState("printed");
    } catch (e) {
      const message = t("exchange.printFailed", { message: format.error(e) });
      setPrintState("failed");
      setPrintError(message);
      notify("warning", message);
    } finally {
      recheckPrinter();
    }
  };

  // runs on mount (or when the listed key changes), not on every render.
  useEffect(() => {
    get<Receipt>(`${path}/receipt`)
      .then(setReceipt)
      .catch((e) => notify("warning", format.error(e)));
    void print(false);
  }, [exchange.id]);

  const { difference } = exchange;
  return (
    <Dialog
      title={t("exchange.receiptTitle", { number: exchange.sale.displayNumber })}
      testId="exchange-receipt-dialog"
      onClose={onDone}
      className="receipt-dialog"
    >
      <div className="receipt-layout">
        <div className="receipt-side">
          <p data-testid="exchange-receipt-difference">
            {difference > 0
              ? t("exchange.toPay")
              : difference < 0
                ? t("exchange.toRefund")
                : t("exchange.even")}
            : <strong>{format.money(Math.abs(difference))}</strong>
          </p>
          {exchange.sale.changeGiven > 0 && (
            <p data-testid="exchange-receipt-change">
              {t("pay.change")}: <strong>{format.money(exchange.sale.changeGiven)}</strong>
            </p>
          )}
          <p className={printState === "failed" ? "warning" : "muted"} data-testid="exchange-print-status">
            {printState === "printing"
              ? t("receipt.printing")
              : printState === "printed"
                ? t("exchange.printed")
                : printError}
          </p>
          <div className="actions">
            <button
              type="button"
              disabled={printState === "printing"}
              data-testid="exchange-reprint"
              onClick={() => void print(printState === "printed")}
            >
              {t("receipt.reprint")}
            </button>
            <button
              type="button"
              className="primary big"
              data-testid="exchange-receipt-done"
              onClick={onDone}
            >
              {t("common.close")}
            </button>
          </div>
        </div>
        <pre
          className="receipt"
          data-testid="exchange-receipt-preview"
          style={receipt ? { width: `${receipt.widthChars}ch` } : undefined}
        >
          {receipt ? receipt.lines.join("\n") : t("common.loading")}
        </pre>
      </div>
    </Dialog>
  );
}
