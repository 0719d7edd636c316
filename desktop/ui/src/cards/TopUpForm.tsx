import {
  CARD_MONEY_METHODS,
  type CardTopUpMethod,
  type CardView,
  type TopUpInput,
} from "@mostrador/contracts/http/cards";
import type { Charge } from "@mostrador/contracts/http/mercadopago";
import { useRef, useState } from "react";
import { v7 as uuidv7 } from "uuid";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { MercadoPagoCharge, useMercadoPagoReady } from "../mercadopago/MercadoPagoCharge.js";
import { ErrorText } from "../shared/ErrorText.js";
import { amountOf, MoneyInput } from "../shared/MoneyInput.js";
import { topUpCard } from "./cards-api.js";

/**
 * Top-up by keyboard: the amount, Enter. F-keys are the till's; the method is one click (cash by default).
 * Mercado Pago (offered once the shop connected it): Enter starts the charge panel for that amount, with the
 * top-up's request id as the charge's reference, so a retry never charges twice; the top-up is recorded
 * only with the charge MP confirmed (the server checks it again).
 */
export function TopUpForm({ card, onDone }: { card: CardView; onDone: (card: CardView) => void }) {
  const t = useT();
  const format = useFormat();
  const mercadoPago = useMercadoPagoReady();
  const methods: readonly CardTopUpMethod[] = mercadoPago
    ? [...CARD_MONEY_METHODS, "mercadopago"]
    : CARD_MONEY_METHODS;
  // One id per top-up being typed: a resend after a lost answer is the same top-up, never a second one.
  const requestId = useRef(uuidv7());
  const [method, setMethod] = useState<CardTopUpMethod>("cash");
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [last, setLast] = useState<string | null>(null);
  // Mercado Pago: the amount being charged (locked while the panel is open) and the charge MP confirmed.
  const [mpAmount, setMpAmount] = useState<number | null>(null);
  const [mpPaid, setMpPaid] = useState<Charge | null>(null);

  const record = async (body: TopUpInput) => {
    setError(null);
    setBusy(true);
    try {
      const answer = await topUpCard(card.id, body);
      requestId.current = uuidv7();
      setText("");
      setMpAmount(null);
      setMpPaid(null);
      setLast(
        t("cards.toppedUp", {
          amount: format.money(body.amount),
          balance: format.money(answer.card.balance),
        }),
      );
      onDone(answer.card);
    } catch (e) {
      setError(format.error(e));
    } finally {
      setBusy(false);
    }
  };

  const submit = () => {
    setError(null);
    const amount = amountOf(text, "payment");
    if (amount === null || amount <= 0) return setError(t("cards.amountRequired"));
    if (method === "mercadopago") {
      setLast(null);
      setMpAmount(amount);
      return;
    }
    void record({ requestId: requestId.current, amount, method });
  };
  const recordMercadoPago = (charge: Charge) => {
    setMpPaid(charge);
    void record({
      requestId: requestId.current,
      amount: charge.amount,
      method: "mercadopago",
      reference: charge.id,
    });
  };
  // A new amount is a new top-up (the charge for the old one, if MP confirms it anyway, is "sin venta").
  const changeAmount = () => {
    requestId.current = uuidv7();
    setMpAmount(null);
    setMpPaid(null);
    setError(null);
  };

  return (
    <div className="card-topup" data-testid="card-topup">
      <h3>{t("cards.topUp")}</h3>
      <div className="segmented">
        {methods.map((m) => (
          <button
            key={m}
            type="button"
            className={m === method ? "selected" : ""}
            disabled={mpAmount !== null}
            data-testid={`cards-topup-method-${m}`}
            onClick={() => setMethod(m)}
          >
            {t(`pay.${m}`)}
          </button>
        ))}
      </div>
      <label>
        {t("pay.amount")}
        <MoneyInput
          testId="cards-topup-amount"
          field="payment"
          value={text}
          disabled={mpAmount !== null}
          onChange={setText}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              if (!busy) submit();
            }
          }}
        />
      </label>
      {mpAmount === null ? (
        <button
          type="button"
          className="primary"
          disabled={busy}
          data-testid="cards-topup-confirm"
          onClick={submit}
        >
          {method === "mercadopago" ? t("cards.topUpMpCharge") : t("cards.topUpConfirm")}
        </button>
      ) : (
        <div className="card-topup-mp" data-testid="cards-topup-mp">
          <p>{t("cards.topUpMpHint", { amount: format.money(mpAmount) })}</p>
          <MercadoPagoCharge saleRef={requestId.current} amount={mpAmount} onPaid={recordMercadoPago} />
          {mpPaid ? (
            // MP confirmed but recording failed (the answer was lost): the same request, the same charge.
            error && (
              <button
                type="button"
                className="primary"
                disabled={busy}
                data-testid="cards-topup-mp-retry"
                onClick={() => recordMercadoPago(mpPaid)}
              >
                {t("cards.topUpMpRetry")}
              </button>
            )
          ) : (
            <button type="button" data-testid="cards-topup-mp-change" onClick={changeAmount}>
              {t("cards.topUpMpChangeAmount")}
            </button>
          )}
        </div>
      )}
      {last && (
        <p className="ok" data-testid="cards-topup-done">
          {last}
        </p>
      )}
      <ErrorText text={error} testId="cards-topup-error" />
    </div>
  );
}
