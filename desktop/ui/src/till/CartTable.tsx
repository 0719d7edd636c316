import { memo } from "react";
import { type CartLine, lineAmounts, stockShortfalls } from "../cart/cart-logic.js";
import { useCart } from "../cart/cart-store.js";
import { useFormat, useT } from "../i18n/use-i18n.js";

/** The ticket being built; click or arrow keys highlight a line for F4/F8/remove. */
export function CartTable() {
  const t = useT();
  const cart = useCart();
  const { lines, selectedKey, select } = cart;
  const amounts = lineAmounts(cart);
  const short = stockShortfalls(cart);
  if (lines.length === 0) return <p className="cart-empty">{t("till.empty")}</p>;
  return (
    <div className="cart-scroll" data-testid="cart-scroll">
      <table className="cart" data-testid="cart">
        <tbody>
          {lines.map((line) => {
            const a = amounts.get(line.key);
            const gross = a?.gross ?? 0;
            const shortfall = short.get(line.key);
            return (
              <CartLineRow
                key={line.key}
                line={line}
                gross={gross}
                discount={(a?.lineDiscount ?? 0) + (a?.ticketDiscountShare ?? 0)}
                total={a?.total ?? gross}
                shortOnHand={shortfall?.onHand ?? null}
                shortWanted={shortfall?.wanted ?? null}
                selected={line.key === selectedKey}
                onSelect={select}
              />
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Plain values, so a row whose line, amounts and stock are unchanged is not rendered again (memo): a scan
 * adds one line, and re-rendering every other line of a long ticket delayed painting it.
 */
interface RowProps {
  /** The store keeps the object of a line it did not change. */
  line: CartLine;
  gross: number;
  /** The line's own discount plus its share of a ticket discount. */
  discount: number;
  total: number;
  /** Set when the ticket sells more of this product than the stock on hand. */
  shortOnHand: number | null;
  shortWanted: number | null;
  selected: boolean;
  onSelect: (key: string) => void;
}

/** One ticket line; the discount shown is the line's own plus its share of a ticket discount. */
const CartLineRow = memo(function CartLineRow({
  line,
  gross,
  discount,
  total,
  shortOnHand,
  shortWanted,
  selected,
  onSelect,
}: RowProps) {
  const format = useFormat();
  const t = useT();
  const priceNote =
    line.labelTotal !== null
      ? ""
      : `× ${format.money(line.product.price)}${line.product.unit === "kg" ? "/kg" : ""}`;
  return (
    <tr
      className={selected ? "selected" : undefined}
      data-testid="cart-line"
      aria-selected={selected}
      onClick={() => onSelect(line.key)}
    >
      <td className="cart-name">
        <span data-testid="cart-line-name">{line.product.name}</span>
        {shortOnHand !== null && shortWanted !== null && (
          <span className="stock-note warning" data-testid="cart-line-stock" role="status">
            {t("till.stockShort", {
              onHand: format.quantity(Math.max(shortOnHand, 0), line.product.unit),
              wanted: format.quantity(shortWanted, line.product.unit),
            })}
          </span>
        )}
        {discount > 0 && (
          <span className="discount-note" data-testid="cart-line-discount">
            −{format.money(discount)}
          </span>
        )}
      </td>
      <td className="num" data-testid="cart-line-qty">
        {format.quantity(line.quantity, line.product.unit)}
      </td>
      <td className="num muted">{priceNote}</td>
      <td className="num" data-testid="cart-line-total">
        {discount > 0 && <s className="muted">{format.money(gross)}</s>} {format.money(total)}
      </td>
    </tr>
  );
});
