import { useCart } from "../cart/cart-store.js";
import { useT } from "../i18n/use-i18n.js";
import "./customers.css";

/** Who the sale is for, beside the totals: attach (F3) or detach; an anonymous sale says so. */
export function SaleCustomer({ onAttach }: { onAttach: () => void }) {
  const t = useT();
  const customer = useCart((s) => s.customer);
  const locked = useCart((s) => s.locked);
  const setCustomer = useCart((s) => s.setCustomer);
  if (!customer)
    return (
      <button type="button" data-testid="attach-customer" disabled={locked} onClick={onAttach}>
        {t("customers.attach")} (F3)
      </button>
    );
  return (
    <div className="sale-customer" data-testid="sale-customer">
      <span className="muted">{t("customers.saleFor")}</span>
      <span className="name" data-testid="sale-customer-name">
        {customer.name}
      </span>
      <button type="button" data-testid="detach-customer" disabled={locked} onClick={() => setCustomer(null)}>
        {t("customers.detach")}
      </button>
    </div>
  );
}
