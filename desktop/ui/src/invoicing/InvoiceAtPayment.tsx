import type { BuyerDoc, InvoicePreview } from "@mostrador/contracts/http/invoicing";
import { useEffect, useState } from "react";
import { post } from "../api/client.js";
import type { MessageKey } from "../i18n/i18n.js";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { ErrorText } from "../shared/ErrorText.js";

/** What the payment dialog needs: the buyer's document to send with the sale, and why it cannot be paid yet. */
export interface InvoiceAtPaymentState {
  buyerDoc: BuyerDoc | null;
  /** Set while the sale's invoice cannot be issued (a Factura A without a valid CUIT, a large B without DNI). */
  blocked: string | null;
}

/**
 * In the payment dialog, when the shop invoices every sale: the comprobante the sale will get (asked to the
 * appliance, which applies the same rules as the sale itself), and for a Factura B above the shop's
 * threshold the buyer's DNI, typed and checked BEFORE the customer pays. A Factura A whose customer has no
 * valid CUIT is stopped here too: the cashier fixes the customer (F3) first. `onChange(null)`: the sale is
 * not invoiced automatically (or the appliance could not say): the sale is sent as before.
 */
export function InvoiceAtPayment({
  total,
  customerId,
  onChange,
}: {
  total: number;
  customerId: string | null;
  onChange: (state: InvoiceAtPaymentState | null) => void;
}) {
  const t = useT();
  const format = useFormat();
  const [preview, setPreview] = useState<InvoicePreview | null>(null);
  const [dniText, setDniText] = useState("");
  const [buyerDoc, setBuyerDoc] = useState<BuyerDoc | null>(null);
  const [error, setError] = useState<string | null>(null);

  // Asked again when the total, the customer or the DNI given change; a late answer for old input is dropped.
  useEffect(() => {
    let current = true;
    if (total <= 0) {
      setPreview(null);
      return;
    }
    post<InvoicePreview>("/api/invoicing/preview", { total, customerId, ...(buyerDoc ? { buyerDoc } : {}) })
      .then((p) => current && setPreview(p))
      .catch(() => current && setPreview(null));
    return () => {
      current = false;
    };
  }, [total, customerId, buyerDoc]);

  // The dialog learns the outcome of each answer (not on every render).
  useEffect(() => {
    onChange(preview?.automatic ? { buyerDoc, blocked: preview.problem?.message ?? null } : null);
  }, [preview, buyerDoc, onChange]);

  if (!preview?.automatic || !preview.letter) return null;
  const asksDni =
    preview.letter !== "A" &&
    (preview.needsDni || preview.problem?.code === "invalid_buyer_dni" || buyerDoc !== null);
  const buyer = preview.docType
    ? t("invoicing.pay.buyer", {
        doc: t(`invoicing.doc.${preview.docType}` as MessageKey),
        number: preview.docNumber ?? "",
      })
    : t("invoicing.pay.consumidorFinal");

  const takeDni = () => {
    const digits = dniText.trim();
    if (!digits) return setError(t("invoicing.pay.dniRequired"));
    setError(null);
    setBuyerDoc({ docType: "dni", docNumber: digits });
  };

  return (
    <div className="invoice-at-payment" data-testid="pay-invoice">
      <p>
        <strong data-testid="pay-invoice-letter">
          {t("invoicing.pay.letter", { letter: preview.letter })}
        </strong>{" "}
        <span className="muted" data-testid="pay-invoice-buyer">
          {buyer}
        </span>
      </p>
      {asksDni && (preview.problem || !buyerDoc) && (
        <label>
          {t("invoicing.pay.dni", { amount: format.money(preview.dniThreshold) })}
          <input
            autoFocus
            inputMode="numeric"
            maxLength={12}
            value={dniText}
            data-testid="pay-invoice-dni"
            onChange={(e) => setDniText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                e.stopPropagation();
                takeDni();
              }
            }}
          />
          <button type="button" data-testid="pay-invoice-dni-use" onClick={takeDni}>
            {t("invoicing.pay.dniUse")}
          </button>
        </label>
      )}
      <ErrorText
        text={
          error ??
          (preview.problem && preview.problem.code !== "invoice_needs_dni" ? preview.problem.message : null)
        }
        testId="pay-invoice-problem"
      />
      {preview.letter === "A" && preview.problem && (
        <p className="muted" data-testid="pay-invoice-fix">
          {t("invoicing.pay.fixCustomer")}
        </p>
      )}
    </div>
  );
}
