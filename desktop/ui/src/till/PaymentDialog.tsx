import { ApiError } from "@mostrador/contracts/http-client";
import { useEffect, useRef, useState } from "react";

import {
  type Approval,
  type PaymentInput,
  type PaymentMethod,
  type Sale,
} from "@mostrador/contracts/http/sales";
import { useCartCustomer } from "../accounts/cart-customer.js";
import { canAskForPoints, offeredMethods, useCustomerFundsState } from "../accounts/use-customer-funds.js";
import { askCloud, askCloudMessage, spendableOf } from "../allowances/ask-cloud.js";
import { bookingPayments, toSaleInput } from "../cart/cart-logic.js";
import { useCart } from "../cart/cart-store.js";
import { RedeemPoints } from "../loyalty/RedeemPoints.js";
import type { CardView } from "@mostrador/contracts/http/cards";
import { CardTender } from "../cards/CardTender.js";
import { MercadoPagoCharge, useMercadoPagoReady } from "../mercadopago/MercadoPagoCharge.js";
import { InvoiceAtPayment, type InvoiceAtPaymentState } from "../invoicing/InvoiceAtPayment.js";
import { TENDER_METHODS } from "@mostrador/contracts/pos/payments";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { ApprovalDialog } from "../shared/ApprovalDialog.js";
import { Dialog } from "../shared/Dialog.js";
import { ErrorText } from "../shared/ErrorText.js";
import { amountOf, MoneyInput } from "../shared/MoneyInput.js";
import { canConfirm, changeOf, makePayment, paidOf, remainingOf } from "./payment-logic.js";
import { submitSale } from "./submit-sale.js";
import "./payment.css";

interface Props {
  total: number;
  onDone: (sale: Sale, payments: PaymentInput[]) => void;
  onClose: () => void;
}

/**
 * F12 / "+": one or several payments until they add up to the total; cash shows the change big.
 * Confirm sends the cart with its own UUIDv7; a lost answer is retried with the same id, never a new one.
 */
export function PaymentDialog({ total, onDone, onClose }: Props) {
  const t = useT();
  const format = useFormat();
  // A turno on the ticket starts the payments with its seña and obra social share (fixed: the server checks them).
  const booking = useCart((s) => s.booking ?? null);
  const [payments, setPayments] = useState<PaymentInput[]>(() => bookingPayments(booking));
  const [method, setMethod] = useState<PaymentMethod>("cash");
  const [amountText, setAmountText] = useState("");
  const [tenderedText, setTenderedText] = useState("");
  const [reference, setReference] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<"idle" | "sending" | "retrying" | "offline">("idle");
  const [attempt, setAttempt] = useState(1);
  const [approvalReason, setApprovalReason] = useState<string | null>(null);
  const abort = useRef({ aborted: false });
  const confirmButton = useRef<HTMLButtonElement>(null);
  // "Cuenta corriente" and "Puntos" only with a customer on the ticket who has them (accounts module).
  const customer = useCartCustomer();
  const [funds, setFunds] = useCustomerFundsState(customer?.id ?? null);
  // The store holds too little for an account or points payment: asking the cloud for the rest.
  const [asking, setAsking] = useState<"credit" | "points" | null>(null);
  // "Mercado Pago" only once the owner connected it (Ajustes → Mercado Pago).
  const mercadoPago = useMercadoPagoReady();
  const methods = offeredMethods(TENDER_METHODS, funds).filter((m) => m !== "mercadopago" || mercadoPago);
  const saleRef = useCart((s) => s.saleId);
  const pointsDiscount = useCart((s) => s.pointsDiscount);
  // "Tarjeta prepaga": the card tapped in this dialog; the sale names it (cardId) and its ledger pays.
  const [card, setCard] = useState<CardView | null>(null);
  // The sale's automatic ARCA invoice (invoicing module): its buyer, and why it cannot be paid yet.
  const [invoice, setInvoice] = useState<InvoiceAtPaymentState | null>(null);
  const invoiceBlocked = invoice?.blocked ?? null;
  useEffect(() => {
    const flag = abort.current;
    return () => {
      flag.aborted = true;
    };
  }, []);

  const remaining = remainingOf(total, payments);
  const pending = makePayment(method, remaining, {
    amount: amountText.trim() ? amountOf(amountText, "payment") : null,
    tendered: tenderedText.trim() ? amountOf(tenderedText, "payment") : null,
    reference,
  });
  const previewChange =
    method === "cash" && tenderedText.trim() && pending && pending !== "too_much" ? changeOf([pending]) : 0;
  const change = changeOf(payments) + previewChange;
  const ready = canConfirm(total, payments) && !invoiceBlocked;
  const busy = status === "sending" || status === "retrying" || asking !== null;
  // Once the payments add up, the entry fields disappear: Enter must then confirm.
  useEffect(() => {
    if (ready) confirmButton.current?.focus();
  }, [ready]);

  const add = () => {
    setError(null);
    if (
      (amountText.trim() && amountOf(amountText, "payment") === null) ||
      (tenderedText.trim() && amountOf(tenderedText, "payment") === null)
    )
      return;
    if (pending === "too_much") return setError(t("pay.tooMuch"));
    if (!pending) return;
    if (method === "card" && !card) return setError(t("cards.tapFirst"));
    const kind = pending.method === "account" ? "credit" : pending.method === "points" ? "points" : null;
    if (kind && funds && customer) {
      // What the ticket pays this way in all; beyond what the store holds, the cloud is asked first.
      const needed = paidOf([...payments.filter((p) => p.method === pending.method), pending]);
      if (needed > spendableOf(funds, kind)) return void askThenAdd(kind, customer.id, needed, pending);
    }
    take(pending);
  };

  const take = (payment: PaymentInput) => {
    setPayments((taken) => [...taken, payment]);
    setAmountText("");
    setTenderedText("");
    setReference("");
  };

  /** Asks the cloud for what the store lacks (a few seconds at most), then takes the payment or says why not. */
  const askThenAdd = async (
    kind: "credit" | "points",
    customerId: string,
    needed: number,
    payment: PaymentInput,
  ) => {
    setAsking(kind);
    try {
      const answer = await askCloud(customerId, {
        kind,
        amount: needed,
        mode: kind === "credit" ? "cover" : "cover_money",
      });
      if (abort.current.aborted) return;
      setFunds(answer.account);
      const covered = spendableOf(answer.account, kind) >= needed;
      if (covered) take(payment);
      else setError(askCloudMessage(t, format.money, answer, kind, false));
    } catch (e) {
      if (!abort.current.aborted) setError(format.error(e));
    } finally {
      if (!abort.current.aborted) setAsking(null);
    }
  };

  const send = async (approval: Approval | null) => {
    const cart = useCart.getState();
    if (approval) cart.setApproval(approval);
    const input = {
      ...toSaleInput(useCart.getState(), payments),
      ...(card && payments.some((p) => p.method === "card") ? { cardId: card.id } : {}),
      ...(invoice ? { invoiceBuyer: invoice.buyerDoc } : {}),
    };
    setStatus("sending");
    setError(null);
    try {
      const sale = await submitSale(input, {
        signal: abort.current,
        onRetry: (n) => {
          // No answer: the sale may already exist, so the ticket is frozen until we know.
          useCart.getState().setLocked(true);
          setAttempt(n);
          setStatus("retrying");
        },
      });
      useCart.getState().setLocked(false);
      onDone(sale, payments);
    } catch (e) {
      if (e instanceof ApiError && e.isNetwork) {
        useCart.getState().setLocked(true);
        setStatus("offline");
        setError(format.error(e));
        return;
      }
      // A definitive refusal: nothing was stored, the cart may change again.
      useCart.getState().setLocked(false);
      setStatus("idle");
      const needsManager =
        e instanceof ApiError && (e.status === 403 || (e.status === 401 && e.code !== "not_logged_in"));
      if (needsManager && !approval) {
        setApprovalReason(format.error(e));
        return;
      }
      if (approval) throw e; // shown inside the approval dialog
      setError(format.error(e));
    }
  };

  const confirm = () => {
    if (ready && !busy) void send(null);
  };

  const onEnter = () => {
    if (remaining > 0) add();
    else confirm();
  };

  if (approvalReason) {
    return (
      <ApprovalDialog
        reason={approvalReason}
        onCancel={() => setApprovalReason(null)}
        onApprove={async (approval) => {
          await send(approval);
          setApprovalReason(null);
        }}
      />
    );
  }

  return (
    <Dialog
      title={t("pay.title", { total: format.money(total) })}
      testId="payment-dialog"
      onClose={() => !busy && onClose()}
      wide
    >
      <div className="segmented methods">
        {methods.map((m) => (
          <button
            key={m}
            type="button"
            className={m === method ? "selected" : ""}
            disabled={busy || remaining === 0}
            data-testid={`pay-method-${m}`}
            onClick={() => {
              setMethod(m);
              setError(null);
            }}
          >
            {t(`pay.${m}`)}
          </button>
        ))}
      </div>
      {booking && (
        <dl className="pay-booking" data-testid="pay-booking">
          <dt>{t("pay.bookingService")}</dt>
          <dd>{booking.description}</dd>
          {booking.depositApplied > 0 && (
            <>
              <dt>{t("pay.deposit")}</dt>
              <dd data-testid="pay-booking-deposit">{format.money(booking.depositApplied)}</dd>
            </>
          )}
          {booking.coverageShare > 0 && (
            <>
              <dt>{t("pay.coverageOf", { payer: booking.payer ?? "" })}</dt>
              <dd data-testid="pay-booking-coverage">{format.money(booking.coverageShare)}</dd>
            </>
          )}
          <dt>{t(booking.coverageShare > 0 ? "pay.copayDue" : "pay.patientDue")}</dt>
          <dd data-testid="pay-booking-due">{format.money(booking.amountDue)}</dd>
        </dl>
      )}
      <InvoiceAtPayment total={total} customerId={customer?.id ?? null} onChange={setInvoice} />
      {funds && (method === "account" || method === "points") && (
        <p className="muted" data-testid="pay-funds">
          {method === "account"
            ? t("pay.accountAvailable", {
                name: funds.customerName,
                amount: format.money(funds.availableCredit),
              })
            : t("pay.pointsAvailable", {
                name: funds.customerName,
                points: funds.availablePoints,
                amount: format.money(funds.availablePointsValue),
              })}
        </p>
      )}
      {funds && (funds.availablePoints > 0 || pointsDiscount || canAskForPoints(funds)) && (
        <RedeemPoints
          funds={funds}
          onFunds={setFunds}
          disabled={busy || payments.length > 0 || status === "offline"}
        />
      )}
      {remaining > 0 && method === "card" && (
        <CardTender
          card={card}
          onCard={setCard}
          disabled={busy || payments.some((p) => p.method === "card")}
        />
      )}
      {remaining > 0 && method === "mercadopago" && !invoiceBlocked && (
        <MercadoPagoCharge
          saleRef={saleRef}
          amount={remaining}
          onPaid={(charge) =>
            setPayments((current) => [
              ...current,
              { method: "mercadopago", amount: charge.amount, reference: charge.id },
            ])
          }
        />
      )}
      {remaining > 0 && method !== "mercadopago" && !invoiceBlocked && (
        <div className="pay-entry" key={method === "card" ? (card?.id ?? "no-card") : "entry"}>
          {method === "cash" ? (
            // the MoneyInput inside renders the <input>
            <label>
              {t("pay.tendered")}
              <MoneyInput
                autoFocus
                testId="pay-tendered"
                field="payment"
                placeholder={format.money(remaining)}
                value={tenderedText}
                onChange={setTenderedText}
                onKeyDown={(e) => {
                  if (e.key === "Enter") {
                    e.preventDefault();
                    onEnter();
                  }
                }}
              />
            </label>
          ) : (
            <>
              {/* the MoneyInput inside renders the <input> */}
              <label>
                {t("pay.amount")}
                <MoneyInput
                  autoFocus={method !== "card" || card !== null}
                  testId="pay-amount"
                  field="payment"
                  placeholder={format.money(remaining)}
                  value={amountText}
                  onChange={setAmountText}
                  onKeyDown={(e) => {
                    if (e.key === "Enter") {
                      e.preventDefault();
                      onEnter();
                    }
                  }}
                />
              </label>
              <label>
                {t("pay.reference")}
                <input
                  type="text"
                  maxLength={60}
                  value={reference}
                  data-testid="pay-reference"
                  onChange={(e) => setReference(e.target.value)}
                  onKeyDown={(e) => {
                    if (e.key === "Enter") {
                      e.preventDefault();
                      onEnter();
                    }
                  }}
                />
              </label>
            </>
          )}
          <button type="button" data-testid="pay-add" disabled={busy} onClick={add}>
            {t("pay.add")}
          </button>
        </div>
      )}
      <ul className="pay-lines">
        {payments.map((p, i) => (
          // payments have no id of their own and are only appended or removed.
          <li key={`${p.method}-${i}`} data-testid="pay-line">
            <span>{t(`pay.${p.method}`)}</span>
            {p.reference && <span className="muted">{p.reference}</span>}
            <span>{format.money(p.amount)}</span>
            {p.method !== "deposit" && p.method !== "coverage" && (
              <button
                type="button"
                className="link"
                disabled={busy || status === "offline"}
                aria-label={t("till.remove")}
                onClick={() => setPayments(payments.filter((_, j) => j !== i))}
              >
                ×
              </button>
            )}
          </li>
        ))}
      </ul>
      <div className="pay-summary">
        <div>
          {t("pay.paid")}: <strong data-testid="pay-paid">{format.money(paidOf(payments))}</strong>
        </div>
        <div>
          {t("pay.remaining")}: <strong data-testid="pay-remaining">{format.money(remaining)}</strong>
        </div>
      </div>
      <div className="change">
        <span>{t("pay.change")}</span>
        <span data-testid="change-amount">{format.money(change)}</span>
      </div>
      {status === "retrying" && <p className="warning">{t("pay.retrying", { n: attempt })}</p>}
      {asking && (
        <p className="muted" data-testid="pay-asking">
          {t(asking === "credit" ? "pay.askingCredit" : "pay.askingPoints")}
        </p>
      )}
      <ErrorText text={error} testId="pay-error" />
      <div className="actions">
        <button type="button" disabled={busy} onClick={onClose}>
          {t("common.cancel")}
        </button>
        <button
          type="button"
          className="primary big"
          disabled={!ready || busy}
          data-testid="pay-confirm"
          ref={confirmButton}
          onClick={confirm}
        >
          {busy ? t("pay.sending") : status === "offline" ? t("common.retry") : t("pay.confirm")}
        </button>
      </div>
    </Dialog>
  );
}
