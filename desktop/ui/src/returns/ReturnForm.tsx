import { ApiError } from "@mostrador/contracts/http-client";
import { useState } from "react";
import { v7 as uuidv7 } from "uuid";
import { post } from "../api/client.js";
import { type Approval, type PaymentMethod, type Sale } from "@mostrador/contracts/http/sales";
import { TENDER_METHODS } from "@mostrador/contracts/pos/payments";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { centavosToInput, parseKilograms, parseWhole } from "../input/parse-decimal.js";
import { useNotices } from "../notices/notice-store.js";
import { ApprovalDialog } from "../shared/ApprovalDialog.js";
import { ErrorText } from "../shared/ErrorText.js";
import { MercadoPagoRefund } from "../mercadopago/MercadoPagoRefund.js";
import { centavosOf, MoneyInput } from "../shared/MoneyInput.js";
import { proposedRefunds, refundFor, returnableOf } from "./return-logic.js";
import { type RecordedReturn, ReturnSlipDialog } from "./ReturnSlipDialog.js";
import "./returns.css";

interface Props {
  sale: Sale;
  onDone: () => void;
}

interface RefundRow {
  method: PaymentMethod;
  amountText: string;
  reference: string;
}

/** Choose lines and quantities, how the money goes back, and why. A manager approves when the role requires it. */
export function ReturnForm({ sale, onDone }: Props) {
  const t = useT();
  const format = useFormat();
  const notify = useNotices((s) => s.show);
  // One id per return being prepared: a resend after a lost answer cannot record it twice.
  const [returnId] = useState(() => uuidv7());
  const [quantities, setQuantities] = useState<Record<string, string>>({});
  // null until the cashier touches the refunds: the rows then follow the proposed split of the total.
  const [refunds, setRefunds] = useState<RefundRow[] | null>(null);
  const [recorded, setRecorded] = useState<RecordedReturn | null>(null);
  const [viewing, setViewing] = useState<RecordedReturn | null>(null);
  const earlier = (sale.returns ?? []).filter(
    (r): r is typeof r & { displayNumber: string } => typeof r.displayNumber === "string",
  );
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [approvalReason, setApprovalReason] = useState<string | null>(null);

  const quantityOf = (lineId: string, unit: "each" | "kg"): number | null => {
    const text = quantities[lineId]?.trim() ?? "";
    if (!text) return 0;
    // Weighed goods are returned in kilograms as people say them ("0,5"), sent as grams.
    const result = unit === "kg" ? parseKilograms(text) : parseWhole(text);
    return result.ok ? result.value : null;
  };

  const chosen = sale.lines.map((line) => ({
    line,
    quantity: quantityOf(line.id, line.unit),
    max: returnableOf(sale, line),
  }));
  const invalid = chosen.some((c) => c.quantity === null || (c.quantity ?? 0) > c.max);
  const total = chosen.reduce((sum, c) => sum + refundFor(c.line, c.quantity ?? 0), 0);
  // Until the cashier edits them, the refunds are the sale's own payment methods in proportion
  // (debit + cash comes back debit + cash), recomputed as the quantities change.
  const rows: RefundRow[] =
    refunds ??
    proposedRefunds(sale, total).map((r) => ({
      method: r.method,
      amountText: centavosToInput(r.amount),
      reference: "",
    }));
  const refundSum = rows.reduce((sum, r) => sum + (centavosOf(r.amountText) ?? Number.NaN), 0);
  const ready = !invalid && total > 0 && refundSum === total && reason.trim().length > 0 && !busy;

  const send = async (approval: Approval | null) => {
    setBusy(true);
    setError(null);
    try {
      const saleReturn = await post<RecordedReturn>(`/api/sales/${encodeURIComponent(sale.id)}/returns`, {
        id: returnId,
        lines: chosen
          .filter((c) => (c.quantity ?? 0) > 0)
          .map((c) => ({ saleLineId: c.line.id, quantity: c.quantity })),
        refunds: rows.map((r) => ({
          method: r.method,
          amount: centavosOf(r.amountText),
          ...(r.reference.trim() ? { reference: r.reference.trim() } : {}),
        })),
        reason: reason.trim(),
        ...(approval ? { approval } : {}),
      });
      notify("info", t("returns.done"));
      setRecorded(saleReturn);
    } catch (e) {
      const needsManager =
        e instanceof ApiError && (e.status === 403 || (e.status === 401 && e.code !== "not_logged_in"));
      if (needsManager && !approval) setApprovalReason(format.error(e));
      else if (approval) throw e;
      else setError(format.error(e));
    } finally {
      setBusy(false);
    }
  };

  const setRow = (i: number, patch: Partial<RefundRow>) =>
    setRefunds(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  return (
    <section className="screen" data-testid="return-form">
      <h1>
        {t("returns.sale", { number: sale.displayNumber })} · {format.dateTime(sale.createdAt)} ·{" "}
        {format.money(sale.total)}
      </h1>
      <table className="list">
        <thead>
          <tr>
            <th />
            <th className="num">{t("returns.sold")}</th>
            <th className="num">{t("returns.returned")}</th>
            <th>{t("returns.toReturn")}</th>
            <th className="num">{t("returns.refund")}</th>
          </tr>
        </thead>
        <tbody>
          {chosen.map(({ line, quantity, max }) => (
            <tr key={line.id} data-testid="return-line">
              <td>{line.description}</td>
              <td className="num">{format.quantity(line.quantity, line.unit)}</td>
              <td className="num">{format.quantity(line.quantity - max, line.unit)}</td>
              <td>
                <input
                  type="text"
                  inputMode="decimal"
                  maxLength={10}
                  disabled={max === 0}
                  aria-invalid={quantity === null || (quantity ?? 0) > max ? true : undefined}
                  placeholder={line.unit === "kg" ? "kg" : "0"}
                  value={quantities[line.id] ?? ""}
                  data-testid="return-qty"
                  onChange={(e) => setQuantities({ ...quantities, [line.id]: e.target.value })}
                />
              </td>
              <td className="num">{format.money(refundFor(line, quantity ?? 0))}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {recorded && <ReturnSlipDialog saleReturn={recorded} onDone={onDone} />}
      {viewing && (
        <ReturnSlipDialog saleReturn={viewing} printOnOpen={false} onDone={() => setViewing(null)} />
      )}
      {earlier.length > 0 && (
        <div className="earlier-returns" data-testid="earlier-returns">
          <h2>{t("returns.earlier")}</h2>
          <ul>
            {earlier.map((r) => (
              <li key={r.id} data-testid="earlier-return">
                {r.displayNumber}
                {r.createdAt ? ` · ${format.dateTime(r.createdAt)}` : ""} · {format.money(r.total)}{" "}
                <button
                  type="button"
                  data-testid="earlier-return-slip"
                  onClick={() => setViewing({ id: r.id, displayNumber: r.displayNumber, total: r.total })}
                >
                  {t("returns.viewSlip")}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      <p className="total-line">
        {t("returns.refundTotal")}: <strong data-testid="return-total">{format.money(total)}</strong>
      </p>
      {refunds === null && rows.length > 1 && (
        <p className="muted small" data-testid="return-refund-proposed">
          {t("returns.proposedSplit")}
        </p>
      )}
      {rows.map((r, i) => (
        // refund rows have no id of their own and are only appended.
        <div className="row-form" key={`refund-${i}`} data-testid="return-refund">
          <select
            value={r.method}
            data-testid="return-refund-method"
            onChange={(e) => setRow(i, { method: e.target.value as PaymentMethod })}
          >
            {TENDER_METHODS.filter(
              // The account and points give back only to a sale that was paid with them (accounts, loyalty).
              (m) => (m !== "account" && m !== "points") || sale.payments.some((p) => p.method === m),
            ).map((m) => (
              <option key={m} value={m}>
                {t(`pay.${m}`)}
              </option>
            ))}
          </select>
          <MoneyInput
            testId="return-refund-amount"
            value={r.amountText}
            onChange={(text) => setRow(i, { amountText: text })}
          />
          {r.method !== "cash" && (
            <input
              type="text"
              maxLength={60}
              placeholder={t("pay.reference")}
              value={r.reference}
              data-testid="return-refund-reference"
              onChange={(e) => setRow(i, { reference: e.target.value })}
            />
          )}
          {r.method === "mercadopago" && (
            <MercadoPagoRefund saleId={sale.id} amount={centavosOf(r.amountText)} />
          )}
        </div>
      ))}
      <button
        type="button"
        data-testid="return-add-refund"
        onClick={() => setRefunds([...rows, { method: "cash", amountText: "0", reference: "" }])}
      >
        {t("returns.addRefund")}
      </button>
      {total > 0 && refundSum !== total && (
        <p className="warning">{t("returns.mismatch", { total: format.money(total) })}</p>
      )}
      <label>
        {t("returns.reason")}
        <input
          type="text"
          maxLength={200}
          value={reason}
          data-testid="return-reason"
          onChange={(e) => setReason(e.target.value)}
        />
      </label>
      <ErrorText text={error} testId="return-error" />
      <div className="actions">
        <button type="button" onClick={onDone}>
          {t("common.back")}
        </button>
        <button
          type="button"
          className="primary"
          disabled={!ready || recorded !== null}
          data-testid="return-submit"
          onClick={() => void send(null)}
        >
          {t("returns.submit")}
        </button>
      </div>
      {approvalReason && (
        <ApprovalDialog
          reason={approvalReason}
          onCancel={() => setApprovalReason(null)}
          onApprove={async (approval) => {
            await send(approval);
            setApprovalReason(null);
          }}
        />
      )}
    </section>
  );
}
