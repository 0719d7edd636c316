import type { DocType, IvaCondition } from "@mostrador/contracts/http/customers";
import type { Invoice, InvoiceRequest } from "@mostrador/contracts/http/invoicing";
import { useEffect, useState } from "react";
import { get, post } from "../api/client.js";
import type { MessageKey } from "../i18n/i18n.js";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { ErrorText } from "../shared/ErrorText.js";

const DOC_TYPES: DocType[] = ["dni", "cuit", "cuil", "passport"];
const BUYER_IVA: IvaCondition[] = ["consumidor_final", "responsable_inscripto", "monotributista", "exento"];

const numberOf = (i: Invoice) =>
  i.pointOfSale && i.number
    ? `${i.letter ?? ""} ${String(i.pointOfSale).padStart(5, "0")}-${String(i.number).padStart(8, "0")}`
    : (i.letter ?? "");

/**
 * In Historial's sale detail: the sale's ARCA comprobantes with their state, and "Facturar" for a sale
 * without one (on-request shops, or a failed invoice retried with the buyer's document). The server checks
 * everything again (a Factura A needs a valid CUIT; a large Factura B the DNI) and answers in Spanish.
 */
export function InvoiceForSale({
  saleId,
  completed,
  onInvoiced,
}: {
  saleId: string;
  completed: boolean;
  onInvoiced: () => Promise<unknown>;
}) {
  const t = useT();
  const format = useFormat();
  const [invoices, setInvoices] = useState<Invoice[] | null>(null);
  const [docType, setDocType] = useState<DocType | "">("");
  const [docNumber, setDocNumber] = useState("");
  const [iva, setIva] = useState<IvaCondition>("consumidor_final");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const path = `/api/invoicing/sales/${encodeURIComponent(saleId)}`;
  const load = () =>
    get<Invoice[]>(path)
      .then(setInvoices)
      .catch(() => setInvoices([]));

  // runs when another sale is opened, not on every render.
  useEffect(() => {
    setInvoices(null);
    setError(null);
    void load();
  }, [saleId]);
  if (!invoices) return null;

  const live = invoices.some(
    (i) => i.kind === "invoice" && i.status !== "failed" && i.status !== "cancelled",
  );
  const invoice = async () => {
    setBusy(true);
    setError(null);
    const body: InvoiceRequest = {
      ...(docType && docNumber.trim() ? { docType, docNumber: docNumber.trim() } : {}),
      ivaCondition: iva,
    };
    try {
      await post<Invoice>(`${path}/invoice`, body);
      // The ticket's preview waits for the CAE (a few seconds at most): then the list shows the outcome.
      await onInvoiced().catch(() => undefined);
      await load();
    } catch (e) {
      setError(format.error(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="invoice-for-sale" data-testid="sale-invoicing">
      {invoices.length > 0 && (
        <ul className="small">
          {invoices.map((i) => (
            <li key={i.id} data-testid="sale-invoice">
              {t(i.kind === "invoice" ? "invoicing.kind.invoice" : "invoicing.kind.credit_note")}{" "}
              {numberOf(i)} · {t(`invoicing.status.${i.status}` as MessageKey)}
              {i.code && ` · ${i.authority} ${i.code}`}
              {i.lastError && <span className="error-text"> · {i.lastError}</span>}
            </li>
          ))}
        </ul>
      )}
      {completed && !live && (
        <div className="row-form">
          <select
            value={docType}
            data-testid="sale-invoice-doc-type"
            onChange={(e) => setDocType(e.target.value as DocType | "")}
          >
            <option value="">{t("invoicing.noDoc")}</option>
            {DOC_TYPES.map((d) => (
              <option key={d} value={d}>
                {t(`invoicing.doc.${d}` as MessageKey)}
              </option>
            ))}
          </select>
          <input
            value={docNumber}
            maxLength={20}
            placeholder={t("invoicing.docNumber")}
            data-testid="sale-invoice-doc-number"
            onChange={(e) => setDocNumber(e.target.value)}
          />
          <select
            value={iva}
            data-testid="sale-invoice-iva"
            onChange={(e) => setIva(e.target.value as IvaCondition)}
          >
            {BUYER_IVA.map((c) => (
              <option key={c} value={c}>
                {t(`invoicing.buyerIva.${c}` as MessageKey)}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="primary"
            data-testid="sale-invoice"
            disabled={busy}
            onClick={() => void invoice()}
          >
            {t("invoicing.invoiceSale")}
          </button>
        </div>
      )}
      <ErrorText text={error} testId="sale-invoice-error" />
    </div>
  );
}
