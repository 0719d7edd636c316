import { CARD_MONEY_METHODS, type CardMoneyMethod, type CardView } from "@mostrador/contracts/http/cards";
import { useRef, useState } from "react";
import { v7 as uuidv7 } from "uuid";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { ErrorText } from "../shared/ErrorText.js";
import { amountOf, MoneyInput } from "../shared/MoneyInput.js";
import { topUpCard } from "./cards-api.js";

/** Top-up by keyboard: the amount, Enter. F-keys are the till's; the method is one click (cash by default). */
export function TopUpForm({ card, onDone }: { card: CardView; onDone: (card: CardView) => void }) {
  const t = useT();
  const format = useFormat();
  // One id per top-up being typed: a resend after a lost answer is the same top-up, never a second one.
  const requestId = useRef(uuidv7());
  const [method, setMethod] = useState<CardMoneyMethod>("cash");
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [last, setLast] = useState<string | null>(null);

  const submit = async () => {
    setError(null);
    const amount = amountOf(text, "payment");
    if (amount === null || amount <= 0) return setError(t("cards.amountRequired"));
    setBusy(true);
    try {
      const answer = await topUpCard(card.id, { requestId: requestId.current, amount, method });
      requestId.current = uuidv7();
      setText("");
      setLast(
        t("cards.toppedUp", { amount: format.money(amount), balance: format.money(answer.card.balance) }),
      );
      onDone(answer.card);
    } catch (e) {
      setError(format.error(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="card-topup" data-testid="card-topup">
      <h3>{t("cards.topUp")}</h3>
      <div className="segmented">
        {CARD_MONEY_METHODS.map((m) => (
          <button
            key={m}
            type="button"
            className={m === method ? "selected" : ""}
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
          onChange={setText}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              if (!busy) void submit();
            }
          }}
        />
      </label>
      <button
        type="button"
        className="primary"
        disabled={busy}
        data-testid="cards-topup-confirm"
        onClick={() => void submit()}
      >
        {t("cards.topUpConfirm")}
      </button>
      {last && (
        <p className="ok" data-testid="cards-topup-done">
          {last}
        </p>
      )}
      <ErrorText text={error} testId="cards-topup-error" />
    </div>
  );
}
