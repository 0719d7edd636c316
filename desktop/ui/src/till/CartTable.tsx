import type { LineTotals } from "@mostrador/contracts/pos/totals";
import { type CartLine, lineAmounts, type StockShortfall, stockShortfalls } from "../cart/cart-logic.js";
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
          {lines.map((line) => (
            <CartLineRow
              key={line.key}
              line={line}
              amounts={amounts.get(line.key)}
              shortfall={short.get(line.key)}
              selected={line.key === selectedKey}
              onSelect={() => select(line.key)}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface RowProps {
  line: CartLine;
  amounts: LineTotals | undefined;
  /** The ticket sells more of this product than the stock on hand. */
  shortfall: StockShortfall | undefined;
  selected: boolean;
  onSelect: () => void;
}

/** One ticket line; the discount shown is the line's own plus its share of a ticket discount. */
function CartLineRow({ line, amounts, shortfall, selected, onSelect }: RowProps) {
  const format = useFormat();
  const t = useT();
  const gross = amounts?.gross ?? 0;
  const discount = (amounts?.lineDiscount ?? 0) + (amounts?.ticketDiscountShare ?? 0);
  const priceNote =
    line.labelTotal !== null
      ? ""
      : `× ${format.money(line.product.price)}${line.product.unit === "kg" ? "/kg" : ""}`;
  return (
    <tr
      className={selected ? "selected" : undefined}
      data-testid="cart-line"
      aria-selected={selected}
      onClick={onSelect}
    >
      <td className="cart-name">
        <span data-testid="cart-line-name">{line.product.name}</span>
        {shortfall && (
          <span className="stock-note warning" data-testid="cart-line-stock" role="status">
            {t("till.stockShort", {
              onHand: format.quantity(Math.max(shortfall.onHand, 0), line.product.unit),
              wanted: format.quantity(shortfall.wanted, line.product.unit),
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
        {discount > 0 && <s className="muted">{format.money(gross)}</s>}{" "}
        {format.money(amounts?.total ?? gross)}
      </td>
    </tr>
  );
}
