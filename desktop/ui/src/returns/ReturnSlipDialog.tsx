import { useEffect, useState } from "react";
import { get, post } from "../api/client.js";
import type { Receipt } from "@mostrador/contracts/http/receipts";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useNotices } from "../notices/notice-store.js";
import { recheckPrinter } from "../printer/printer-store.js";
import { Dialog } from "../shared/Dialog.js";
import "../till/receipt.css";

/** What the server answered for the return just recorded (pos/return-view.ts Return), as far as this dialog reads it. */
export interface RecordedReturn {
  id: string;
  displayNumber: string;
  total: number;
}

interface Props {
  saleReturn: RecordedReturn;
  onDone: () => void;
  /** Print as it opens (a return just recorded); an earlier return's slip is only shown until "Reimprimir". */
  printOnOpen?: boolean;
}

/**
 * After a return: the nota de devolución previewed exactly as it prints, and printed once (a cash refund
 * opens the drawer, like a sale). A printer problem is a warning only: the return is already recorded.
 */
export function ReturnSlipDialog({ saleReturn, onDone, printOnOpen = true }: Props) {
  const t = useT();
  const format = useFormat();
  const notify = useNotices((s) => s.show);
  const [slip, setSlip] = useState<Receipt | null>(null);
  const [printState, setPrintState] = useState<"idle" | "printing" | "printed" | "failed">(
    printOnOpen ? "printing" : "idle",
  );
  const [printError, setPrintError] = useState<string | null>(null);
  const path = `/api/returns/${encodeURIComponent(saleReturn.id)}`;

  const print = async () => {
    // An earlier return's slip, or a second one, is a copy: marked REIMPRESIÓN / COPIA and audited.
    const copy = !printOnOpen || printState === "printed";
    setPrintState("printing");
    try {
      await post(`${path}/${copy ? "reprint" : "print"}`, {});
      setPrintState("printed");
    } catch (e) {
      const message = t("returns.slipPrintFailed", { message: format.error(e) });
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
      .then(setSlip)
      .catch((e) => notify("warning", format.error(e)));
    if (printOnOpen) void print();
  }, [saleReturn.id]);

  return (
    <Dialog
      title={t("returns.slipTitle", { number: saleReturn.displayNumber })}
      testId="return-slip-dialog"
      onClose={onDone}
      className="receipt-dialog"
    >
      <div className="receipt-layout">
        <div className="receipt-side">
          <p data-testid="return-slip-total">
            {t("returns.refundTotal")}: <strong>{format.money(saleReturn.total)}</strong>
          </p>
          <p data-testid="return-slip-print-status" className={printState === "failed" ? "warning" : "muted"}>
            {printState === "idle"
              ? ""
              : printState === "printing"
                ? t("receipt.printing")
                : printState === "printed"
                  ? t("returns.slipPrinted")
                  : printError}
          </p>
          <div className="actions">
            <button
              type="button"
              data-testid="return-slip-reprint"
              disabled={printState === "printing"}
              onClick={() => void print()}
            >
              {t("receipt.reprint")}
            </button>
            <button type="button" className="primary big" data-testid="return-slip-done" onClick={onDone}>
              {t("common.close")}
            </button>
          </div>
        </div>
        {/* widthChars columns of paper, exactly as the printer gets it (see the sale's ReceiptDialog). */}
        <pre
          className="receipt"
          data-testid="return-slip-preview"
          style={slip ? { width: `${slip.widthChars}ch` } : undefined}
        >
          {slip ? slip.lines.join("\n") : t("common.loading")}
        </pre>
      </div>
    </Dialog>
  );
}
