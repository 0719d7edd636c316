import type { AccountPayment, AccountPaymentMethod } from "@mostrador/contracts/http/accounts";
import { ACCOUNT_PAYMENT_METHODS } from "@mostrador/contracts/http/accounts";
import type { Charge } from "@mostrador/contracts/http/mercadopago";
import { useState } from "react";
import { v7 as uuidv7 } from "uuid";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { MercadoPagoCharge, useMercadoPagoReady } from "../mercadopago/MercadoPagoCharge.js";
import { ErrorText } from "../shared/ErrorText.js";
import { amountOf, MoneyInput } from "../shared/MoneyInput.js";
import { payAccount } from "./account-api.js";
import { AccountPaymentSlip } from "./AccountPaymentSlip.js";

/**
 * "Cobrar cuenta": the customer pays (part of) what they owe with any money method. Not a sale: no
 * ticket number, no invoice. Cash goes into this till's drawer; the change is shown big; the slip
 * (payment, method, balance after) prints at once. Mercado Pago (offered once the shop connected it) opens
 * the charge panel for the amount, with the payment's id as the charge's reference (a retry never charges
 * twice); the payment is recorded only with the charge MP confirmed (the server checks it again). A charge
 * confirmed after the cashier gave up is listed in Ajustes → Mercado Pago, "sin venta".
 */
export function AccountPaymentForm({
  customerId,
  debt,
  onPaid,
}: {
  customerId: string;
  debt: number;
  onPaid: (payment: AccountPayment) => void;
}) {
  const t = useT();
  const format = useFormat();
  // One id per payment being typed: a resend after a lost answer is the same payment.
  const [id, setId] = useState<string>(() => uuidv7());
  const [method, setMethod] = useState<AccountPaymentMethod>("cash");
  const [amountText, setAmountText] = useState("");
  const [tenderedText, setTenderedText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [last, setLast] = useState<AccountPayment | null>(null);
  const mercadoPago = useMercadoPagoReady();
  const methods = ACCOUNT_PAYMENT_METHODS.filter((m) => m !== "mercadopago" || mercadoPago);
  // Mercado Pago: the amount being charged (locked while the panel is open) and the charge MP confirmed.
  const [mpAmount, setMpAmount] = useState<number | null>(null);
  const [mpPaid, setMpPaid] = useState<Charge | null>(null);

  const record = async (body: Parameters<typeof payAccount>[1]) => {
    setBusy(true);
    try {
      const payment = await payAccount(customerId, body);
      setLast(payment);
      setId(uuidv7());
      setAmountText("");
      setTenderedText("");
      setMpAmount(null);
      setMpPaid(null);
      onPaid(payment);
    } catch (e) {
      setError(format.error(e));
    } finally {
      setBusy(false);
    }
  };

  const submit = async () => {
    setError(null);
    const amount = amountText.trim() ? amountOf(amountText, "payment") : debt;
    const tendered = method === "cash" && tenderedText.trim() ? amountOf(tenderedText, "payment") : null;
    if (amount === null || (tenderedText.trim() && tendered === null)) return;
    if (method === "mercadopago") {
      setLast(null);
      setMpAmount(amount);
      return;
    }
    await record({ id, method, amount, ...(tendered !== null ? { tendered } : {}) });
  };
  const recordMercadoPago = (charge: Charge) => {
    setMpPaid(charge);
    setError(null);
    void record({ id, method: "mercadopago", amount: charge.amount, reference: charge.id });
  };
  // A new amount is a new payment (the charge for the old one, if MP confirms it anyway, is "sin venta").
  const changeAmount = () => {
    setId(uuidv7());
    setMpAmount(null);
    setMpPaid(null);
    setError(null);
  };

  return (
    <div className="account-payment" data-testid="account-payment">
      <h3>{t("accounts.collect")}</h3>
      <div className="segmented">
        {methods.map((m) => (
          <button
            key={m}
            type="button"
            className={m === method ? "selected" : ""}
            disabled={mpAmount !== null}
            data-testid={`account-pay-method-${m}`}
            onClick={() => setMethod(m)}
          >
            {t(`pay.${m}`)}
          </button>
        ))}
      </div>
      <label>
        {t("pay.amount")}
        <MoneyInput
          testId="account-pay-amount"
          field="payment"
          placeholder={format.money(debt)}
          value={amountText}
          disabled={mpAmount !== null}
          onChange={setAmountText}
        />
      </label>
      {method === "cash" && (
        <label>
          {t("pay.tendered")}
          <MoneyInput
            testId="account-pay-tendered"
            field="payment"
            placeholder={format.money(amountText.trim() ? (amountOf(amountText, "payment") ?? debt) : debt)}
            value={tenderedText}
            onChange={setTenderedText}
          />
        </label>
      )}
      {mpAmount === null ? (
        <button
          type="button"
          className="primary"
          disabled={busy || debt <= 0}
          data-testid="account-pay-confirm"
          onClick={() => void submit()}
        >
          {method === "mercadopago" ? t("accounts.collectMp") : t("accounts.collectConfirm")}
        </button>
      ) : (
        <div className="account-pay-mp" data-testid="account-pay-mp">
          <p>{t("accounts.collectMpHint", { amount: format.money(mpAmount) })}</p>
          <MercadoPagoCharge saleRef={id} amount={mpAmount} onPaid={recordMercadoPago} />
          {mpPaid ? (
            // MP confirmed but recording failed (a lost answer): the same payment id, the same charge.
            error && (
              <button
                type="button"
                className="primary"
                disabled={busy}
                data-testid="account-pay-mp-retry"
                onClick={() => recordMercadoPago(mpPaid)}
              >
                {t("accounts.collectMpRetry")}
              </button>
            )
          ) : (
            <button type="button" data-testid="account-pay-mp-change" onClick={changeAmount}>
              {t("cards.topUpMpChangeAmount")}
            </button>
          )}
        </div>
      )}
      {last && last.change > 0 && (
        <p className="change" data-testid="account-pay-change">
          {t("pay.change")}: <strong>{format.money(last.change)}</strong>
        </p>
      )}
      {last && <AccountPaymentSlip key={last.entryId} payment={last} />}
      <ErrorText text={error} testId="account-pay-error" />
    </div>
  );
}
