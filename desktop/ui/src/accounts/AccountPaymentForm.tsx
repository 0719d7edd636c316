import type { AccountPayment, AccountPaymentMethod } from "@mostrador/contracts/http/accounts";
import { ACCOUNT_PAYMENT_METHODS } from "@mostrador/contracts/http/accounts";
import { useState } from "react";
import { v7 as uuidv7 } from "uuid";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { ErrorText } from "../shared/ErrorText.js";
import { amountOf, MoneyInput } from "../shared/MoneyInput.js";
import { payAccount } from "./account-api.js";
import { AccountPaymentSlip } from "./AccountPaymentSlip.js";

/**
 * "Cobrar cuenta": the customer pays (part of) what they owe with any money method. Not a sale: no
 * ticket number, no invoice. Cash goes into this till's drawer; the change is shown big; the slip
 * (payment, method, balance after) prints at once.
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

  const submit = async () => {
    setError(null);
    const amount = amountText.trim() ? amountOf(amountText, "payment") : debt;
    const tendered = method === "cash" && tenderedText.trim() ? amountOf(tenderedText, "payment") : null;
    if (amount === null || (tenderedText.trim() && tendered === null)) return;
    setBusy(true);
    try {
      const payment = await payAccount(customerId, {
        id,
        method,
        amount,
        ...(tendered !== null ? { tendered } : {}),
      });
      setLast(payment);
      setId(uuidv7());
      setAmountText("");
      setTenderedText("");
      onPaid(payment);
    } catch (e) {
      setError(format.error(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="account-payment" data-testid="account-payment">
      <h3>{t("accounts.collect")}</h3>
      <div className="segmented">
        {ACCOUNT_PAYMENT_METHODS.map((m) => (
          <button
            key={m}
            type="button"
            className={m === method ? "selected" : ""}
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
      <button
        type="button"
        className="primary"
        disabled={busy || debt <= 0}
        data-testid="account-pay-confirm"
        onClick={() => void submit()}
      >
        {t("accounts.collectConfirm")}
      </button>
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
