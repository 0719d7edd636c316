import { cartTotals } from "../cart/cart-logic.js";
import { useCart } from "../cart/cart-store.js";
import { useFormat, useT } from "../i18n/use-i18n.js";

/** Subtotal, discounts and the big total the customer reads from across the counter. */
export function TotalsPanel() {
  const t = useT();
  const format = useFormat();
  const cart = useCart();
  const totals = cartTotals(cart);
  const approval = cart.approval;
  return (
    <div className="totals">
      <div className="row">
        <span>{t("till.subtotal")}</span>
        <span data-testid="cart-subtotal">{format.money(totals.subtotal)}</span>
      </div>
      {totals.lineDiscounts > 0 && (
        <div className="row">
          <span>{t("till.lineDiscounts")}</span>
          <span>−{format.money(totals.lineDiscounts)}</span>
        </div>
      )}
      {totals.ticketDiscount > 0 && (
        <div className="row">
          <span>{t("till.ticketDiscount")}</span>
          <span data-testid="cart-ticket-discount">−{format.money(totals.ticketDiscount)}</span>
        </div>
      )}
      {cart.pointsDiscount && totals.pointsDiscount > 0 && (
        <div className="row">
          <span>{t("till.pointsDiscount", { points: cart.pointsDiscount.points })}</span>
          <span data-testid="cart-points-discount">−{format.money(totals.pointsDiscount)}</span>
        </div>
      )}
      {approval && <div className="row muted">{t("till.approvedBy")}</div>}
      <div className="row total" data-testid="cart-total-row">
        <span>{t("till.total")}</span>
        <span className="total-amount" data-testid="cart-total">
          {format.money(totals.total)}
        </span>
      </div>
      <div className="row muted">{t("till.items", { n: totals.items })}</div>
    </div>
  );
}
