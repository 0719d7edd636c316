import {
  CARD_MONEY_METHODS,
  type CardMoneyMethod,
  type CardSettings,
  type CardView,
} from "@mostrador/contracts/http/cards";
import { useEffect, useRef, useState } from "react";
import { v7 as uuidv7 } from "uuid";
import { useCartCustomer } from "../accounts/cart-customer.js";
import { get } from "../api/client.js";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { ErrorText } from "../shared/ErrorText.js";
import { amountOf, MoneyInput } from "../shared/MoneyInput.js";
import { issueCard } from "./cards-api.js";

/** A card this shop never issued was tapped: issue it here, with the shop's deposit and a first top-up. */
export function IssueCardForm({
  uid,
  onIssued,
  onScanField,
}: {
  uid: string;
  onIssued: (card: CardView) => void;
  /** The printed number field took or lost the focus: a barcode scanner there is not a card reader. */
  onScanField?: (focused: boolean) => void;
}) {
  const t = useT();
  const format = useFormat();
  const requestId = useRef(uuidv7());
  const [settings, setSettings] = useState<CardSettings | null>(null);
  // The customer on the ticket (F3 at the till) may take the card; otherwise it is anonymous.
  const customer = useCartCustomer();
  const [linked, setLinked] = useState(false);
  const [printed, setPrinted] = useState("");
  const [text, setText] = useState("");
  const [method, setMethod] = useState<CardMoneyMethod>("cash");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // runs on mount: the settings as stored now.
  useEffect(() => {
    get<CardSettings>("/api/cards/settings")
      .then(setSettings)
      .catch((e) => setError(format.error(e)));
  }, []);

  const submit = async () => {
    setError(null);
    const topup = text.trim() ? amountOf(text, "payment") : null;
    if (text.trim() && (topup === null || topup <= 0)) return setError(t("cards.amountRequired"));
    setBusy(true);
    try {
      const answer = await issueCard({
        requestId: requestId.current,
        uid,
        method,
        ...(printed.trim() ? { printedNumber: printed.trim() } : {}),
        ...(topup ? { topup } : {}),
        ...(linked && customer ? { customerId: customer.id } : {}),
      });
      onIssued(answer.card);
    } catch (e) {
      setError(format.error(e));
    } finally {
      setBusy(false);
    }
  };
  const enter = (e: React.KeyboardEvent) => {
    if (e.key === "Enter") {
      e.preventDefault();
      if (!busy) void submit();
    }
  };

  return (
    <section className="card card-issue" data-testid="card-issue">
      <h3>{t("cards.issueTitle", { uid })}</h3>
      {settings && (
        <p className="muted">
          {t("cards.issueDeposit", { deposit: format.money(settings.deposit) })}{" "}
          {settings.depositRefundable ? t("cards.depositRefundable") : t("cards.depositKept")}
        </p>
      )}
      <label>
        {t("cards.printedNumber")}
        <input
          type="text"
          maxLength={40}
          value={printed}
          data-testid="cards-issue-printed"
          onFocus={() => onScanField?.(true)}
          onBlur={() => onScanField?.(false)}
          onChange={(e) => setPrinted(e.target.value)}
          onKeyDown={enter}
        />
      </label>
      {customer && (
        <label className="check">
          <input
            type="checkbox"
            checked={linked}
            data-testid="cards-issue-customer"
            onChange={(e) => setLinked(e.target.checked)}
          />
          {t("cards.issueFor", { name: customer.name })}
        </label>
      )}
      <div className="segmented">
        {CARD_MONEY_METHODS.map((m) => (
          <button
            key={m}
            type="button"
            className={m === method ? "selected" : ""}
            data-testid={`cards-issue-method-${m}`}
            onClick={() => setMethod(m)}
          >
            {t(`pay.${m}`)}
          </button>
        ))}
      </div>
      <label>
        {t("cards.firstTopUp")}
        <MoneyInput
          autoFocus
          testId="cards-issue-topup"
          field="payment"
          value={text}
          onChange={setText}
          onKeyDown={enter}
        />
      </label>
      <button
        type="button"
        className="primary"
        disabled={busy}
        data-testid="cards-issue-confirm"
        onClick={() => void submit()}
      >
        {t("cards.issueConfirm")}
      </button>
      <ErrorText text={error} testId="cards-issue-error" />
    </section>
  );
}
