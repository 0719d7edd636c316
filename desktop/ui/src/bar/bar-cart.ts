import type { BarButton } from "@mostrador/contracts/http/bar";
import { MAX_LINE_UNITS } from "@mostrador/contracts/limits";

/**
 * The bar's round: what the bartender tapped, in the order first tapped. Pure, so the screen and its tests
 * share it. Bar buttons are sold by the unit only (the server refuses weighed products in a layout).
 */
export interface BarLine {
  productId: string;
  name: string;
  price: number;
  quantity: number;
}

/** A tap on a product: a new line, or one more of a line already there (never past the till's unit limit). */
export function addTap(lines: readonly BarLine[], button: BarButton): BarLine[] {
  const found = lines.find((l) => l.productId === button.productId);
  if (!found)
    return [...lines, { productId: button.productId, name: button.name, price: button.price, quantity: 1 }];
  if (found.quantity >= MAX_LINE_UNITS) return [...lines];
  return lines.map((l) => (l === found ? { ...l, quantity: l.quantity + 1 } : l));
}

/** The "−" on a line: one less; the line goes away at zero. */
export function removeOne(lines: readonly BarLine[], productId: string): BarLine[] {
  return lines
    .map((l) => (l.productId === productId ? { ...l, quantity: l.quantity - 1 } : l))
    .filter((l) => l.quantity > 0);
}

/** Centavos, IVA included: the prices are final and bar lines carry no discount. */
export function roundTotal(lines: readonly BarLine[]): number {
  return lines.reduce((sum, l) => sum + l.price * l.quantity, 0);
}

export function unitsOf(lines: readonly BarLine[]): number {
  return lines.reduce((sum, l) => sum + l.quantity, 0);
}

/** Same products and quantities: a retry of a charge that got no answer may reuse its request id. */
export function sameRound(a: readonly BarLine[], b: readonly BarLine[]): boolean {
  const key = (lines: readonly BarLine[]) =>
    lines
      .map((l) => `${l.productId}×${l.quantity}@${l.price}`)
      .sort()
      .join(",");
  return key(a) === key(b);
}
