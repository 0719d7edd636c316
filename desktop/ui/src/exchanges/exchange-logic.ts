import type { Product } from "@mostrador/contracts/http/catalog";
import type { PaymentMethod } from "@mostrador/contracts/http/sales";
import { computeTotals } from "@mostrador/contracts/pos/totals";

/** Pure arithmetic of the exchange form: what the new items cost, the credit, the difference. All centavos. */

/** One item the customer takes: units, or grams for weighed goods. */
export interface NewItem {
  key: string;
  product: Pick<Product, "id" | "name" | "unit" | "price" | "ivaRate">;
  quantity: number;
}

/** The new sale's total by the same rules the server prices it with (contracts/pos/totals.ts). */
export function newItemsTotal(items: readonly NewItem[]): number {
  if (items.length === 0) return 0;
  return computeTotals({
    lines: items.map((i) => ({
      key: i.key,
      unit: i.product.unit,
      quantity: i.quantity,
      unitPrice: i.product.price,
      ivaRate: i.product.ivaRate,
    })),
  }).total;
}

export interface ExchangeFigures {
  /** What comes back (the return's total). */
  returned: number;
  /** What the customer takes (the new sale's total). */
  taken: number;
  /** The return's credit applied to the new sale. */
  credit: number;
  /** taken − returned: > 0 the customer pays it, < 0 the shop gives it back. */
  difference: number;
}

export function exchangeFigures(returned: number, taken: number): ExchangeFigures {
  return { returned, taken, credit: Math.min(returned, taken), difference: taken - returned };
}

/** One money row of the form (a payment of the difference, or a refund of it), as typed. */
export interface MoneyRow {
  method: PaymentMethod;
  amount: number | null;
  /** Cash payments only: what the customer hands over (change = tendered − amount). */
  tendered: number | null;
  reference: string;
}

/** Adds one item: the same product again adds a unit to its row (weighed goods keep their own rows). */
export function addItem(items: readonly NewItem[], product: NewItem["product"], quantity: number): NewItem[] {
  const same = items.find((i) => i.product.id === product.id && product.unit === "each");
  if (same) return items.map((i) => (i === same ? { ...i, quantity: i.quantity + quantity } : i));
  return [...items, { key: `${product.id}-${items.length}-${Date.now()}`, product, quantity }];
}

/**
 * Whether the rows settle the difference exactly: the payments add up to it when the customer owes, the
 * refunds when the shop does, and no row at all when it is even. Cash may be handed over in excess
 * (tendered ≥ amount), never short.
 */
export function rowsSettle(difference: number, rows: readonly MoneyRow[]): boolean {
  if (difference === 0) return rows.length === 0;
  const sum = rows.reduce((s, r) => s + (r.amount ?? Number.NaN), 0);
  if (!(sum === Math.abs(difference)) || rows.some((r) => (r.amount ?? 0) <= 0)) return false;
  if (difference > 0)
    return rows.every((r) => r.tendered === null || (r.method === "cash" && r.tendered >= (r.amount ?? 0)));
  return rows.every((r) => r.tendered === null);
}

/** Change owed on the paid difference. */
export function changeOfRows(rows: readonly MoneyRow[]): number {
  return rows.reduce(
    (s, r) => s + (r.method === "cash" && r.tendered !== null ? r.tendered - (r.amount ?? 0) : 0),
    0,
  );
}
