import type { AccountSummary } from "@mostrador/contracts/http/accounts";
import { useState } from "react";
import { allPointsUpToTotal, withPointsDiscount } from "../cart/cart-logic.js";
import { useCart } from "../cart/cart-store.js";
import { askCloud, askCloudMessage } from "../allowances/ask-cloud.js";
import { canAskForPoints } from "../accounts/use-customer-funds.js";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { ErrorText } from "../shared/ErrorText.js";

interface Props {
  /** The attached customer's points (use-customer-funds.ts). */
  funds: AccountSummary;
  /** The store's new holding after the cloud granted more points (the dialog shows it). */
  onFunds?: (funds: AccountSummary) => void;
  /** Off once a payment is taken: the total must not move under the payments. */
  disabled: boolean;
}

/**
 * "Canjear puntos" in the payment dialog: points of the ticket's customer as a DISCOUNT on the ticket (the
 * total, net and IVA go down; unlike the "Puntos" payment). A number and Enter, or "Todos" (up to the
 * total); the server checks the points again in the sale's transaction.
 */
export function RedeemPoints({ funds, onFunds, disabled }: Props) {
  const t = useT();
  const format = useFormat();
  const cart = useCart();
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  // What one point is worth: the summary carries the customer's points and their value at the shop's rate.
  const availableOf = (f: AccountSummary) => ({
    points: f.availablePoints,
    pointValue: f.pointValue ?? (f.availablePoints > 0 ? f.availablePointsValue / f.availablePoints : 0),
  });
  const available = availableOf(funds);

  const apply = (points: number | null, have = available, mayAsk = true) => {
    setError(null);
    // More than this store holds, with a cloud to ask: ask it for the rest first (a few seconds at most).
    if (mayAsk && funds.linked && points !== null && Number.isInteger(points) && points > have.points)
      return void askThenApply(points);
    const result = withPointsDiscount(useCart.getState(), points, have);
    if (!result.ok) {
      const byCode: Record<string, string> = {
        invalid_points: t("pay.redeemInvalid"),
        not_enough_points: t("pay.redeemTooMany", { name: funds.customerName, points: available.points }),
        customer_required_for_points: t("pay.redeemNoCustomer"),
      };
      return setError(byCode[result.code] ?? result.message);
    }
    cart.setPointsDiscount(result.state.pointsDiscount);
    setText("");
  };

  const askThenApply = async (points: number) => {
    setAsking(true);
    try {
      const answer = await askCloud(funds.customerId, { kind: "points", amount: points, mode: "cover" });
      onFunds?.(answer.account);
      const now = { ...availableOf(answer.account), pointValue: available.pointValue };
      if (now.points >= points) apply(points, now, false);
      else setError(askCloudMessage(t, format.money, answer, "points", false));
    } catch (e) {
      setError(format.error(e));
    } finally {
      setAsking(false);
    }
  };
  const typed = () => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN);

  if (cart.pointsDiscount) {
    return (
      <div className="redeem-points" data-testid="redeem-points">
        <span data-testid="redeem-applied">
          {t("till.pointsDiscount", { points: cart.pointsDiscount.points })}: −
          {format.money(cart.pointsDiscount.amount)}
        </span>
        <button
          type="button"
          className="link"
          disabled={disabled || asking}
          data-testid="redeem-remove"
          onClick={() => apply(null)}
        >
          {t("pay.redeemRemove")}
        </button>
      </div>
    );
  }
  if ((available.points <= 0 && !canAskForPoints(funds)) || available.pointValue <= 0) return null;
  return (
    <div className="redeem-points" data-testid="redeem-points">
      <label>
        {t("pay.redeemPoints")} — {t("pay.redeemCount")}
        <input
          type="text"
          inputMode="numeric"
          maxLength={10}
          value={text}
          disabled={disabled || asking}
          data-testid="redeem-count"
          placeholder={String(allPointsUpToTotal(cart, available))}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              e.stopPropagation();
              apply(typed());
            }
          }}
        />
      </label>
      <button
        type="button"
        disabled={disabled || asking}
        data-testid="redeem-apply"
        onClick={() => apply(typed())}
      >
        {t("pay.redeemApply")}
      </button>
      <button
        type="button"
        disabled={disabled || asking}
        data-testid="redeem-all"
        onClick={() => apply(allPointsUpToTotal(useCart.getState(), available))}
      >
        {t("pay.redeemAll")}
      </button>
      {asking && (
        <p className="muted" data-testid="redeem-asking">
          {t("pay.askingPoints")}
        </p>
      )}
      <ErrorText text={error} testId="redeem-error" />
    </div>
  );
}
