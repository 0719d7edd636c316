import {
  computeTotals,
  type LineTotals,
  MAX_GRAMS,
  MAX_UNITS,
  type Totals,
} from "@mostrador/contracts/pos/totals";
import type {
  Approval,
  Discount,
  PaymentInput,
  PointsDiscount,
  SaleInput,
} from "@mostrador/contracts/http/sales";
import type { Product } from "@mostrador/contracts/http/catalog";

export { MAX_GRAMS, MAX_UNITS };

/**
 * The cart as pure data and pure transitions, so the till's behaviour is testable without a browser.
 * Totals come from the same pure module the server commits with (pos/totals.ts: IVA-included prices, discounts,
 * rounding half away from zero), so the amount the cashier charges is the amount the server expects.
 * A transition that would make the totals invalid (a discount larger than its amount, an absurd line) is refused.
 */

export type CartProduct = Pick<Product, "id" | "name" | "sku" | "price" | "ivaRate" | "unit"> & {
  /** Stock on hand when the product was scanned or picked (units, or grams); unknown when absent. */
  onHand?: number;
};

export interface CartLine {
  key: string;
  product: CartProduct;
  /** Units, or grams for `unit: "kg"`. */
  quantity: number;
  /** The label-scale code scanned; the server takes quantity and price from it. */
  barcode: string | null;
  /** Price printed on a scale label, which wins over price × weight. */
  labelTotal: number | null;
  discount: Discount | null;
}

export interface CartState {
  /** UUIDv7 the sale will be committed with; retries reuse it so a sale is never charged twice. */
  saleId: string;
  lines: CartLine[];
  ticketDiscount: Discount | null;
  approval: Approval | null;
  selectedKey: string | null;
  nextKey: number;
  /** A payment was sent and no answer came back: the sale may exist, so the cart must not change until it is resolved. */
  locked: boolean;
  /** The customer the sale is made to (attached by search or by scanning their loyalty card); null: anonymous. */
  customer: { id: string; name: string } | null;
  /** The customer's loyalty points redeemed as a discount on the ticket (payment dialog, "Canjear puntos"). */
  pointsDiscount: PointsDiscount | null;
  /** The turno this ticket charges ("Cobrar en caja" in Turnos): its seña and obra social share pay part of it. */
  booking?: CartBooking | null;
}

/** A turno on the ticket: the sale names it, and the payment dialog starts with its seña and obra social share. */
export interface CartBooking {
  id: string;
  description: string;
  /** Paid before (method "deposit", "Seña ya pagada"). */
  depositApplied: number;
  /** Owed by the obra social (method "coverage"), and which one; 0 and null without coverage. */
  coverageShare: number;
  payer: string | null;
  /** What the patient pays now with the normal tenders (the copay, or the price, less the seña). */
  amountDue: number;
}

/** The payments a booking brings to the dialog, fixed: the seña already paid and the obra social's share. */
export function bookingPayments(booking: CartBooking | null | undefined): PaymentInput[] {
  if (!booking) return [];
  return [
    ...(booking.depositApplied > 0 ? [{ method: "deposit" as const, amount: booking.depositApplied }] : []),
    ...(booking.coverageShare > 0
      ? [
          {
            method: "coverage" as const,
            amount: booking.coverageShare,
            reference: booking.payer ?? undefined,
          },
        ]
      : []),
  ];
}

/** What the totals are computed from (the points discount is optional: exchanges and tests carry none). */
type TotalsState = Pick<CartState, "lines" | "ticketDiscount"> & { pointsDiscount?: PointsDiscount | null };

export interface CartTotals {
  subtotal: number;
  lineDiscounts: number;
  ticketDiscount: number;
  pointsDiscount: number;
  total: number;
  items: number;
}

export function emptyCart(saleId: string): CartState {
  return {
    saleId,
    lines: [],
    ticketDiscount: null,
    approval: null,
    selectedKey: null,
    nextKey: 1,
    locked: false,
    customer: null,
    pointsDiscount: null,
  };
}

/** A label-scale code on the line: the scale fixed its weight or price, so the till must not change it. */
export interface ScaleLabel {
  barcode: string;
  /** The price printed on a price label; null for a weight label (priced here from the price per kg). */
  labelTotal: number | null;
}

export function isLabelLine(line: CartLine): boolean {
  return line.barcode !== null;
}

function totalsInput(state: TotalsState) {
  return {
    lines: state.lines.map((l) => ({
      key: l.key,
      unit: l.product.unit,
      quantity: l.quantity,
      unitPrice: l.product.price,
      ivaRate: l.product.ivaRate,
      labelTotal: l.labelTotal,
      discount: l.discount,
    })),
    ticketDiscount: state.ticketDiscount,
    pointsDiscount: state.pointsDiscount?.amount ?? 0,
  };
}

/** The cart's totals, or the server's own Spanish reason why they cannot be computed. */
export function checkTotals(
  state: TotalsState,
): { ok: true; totals: Totals } | { ok: false; code: string; message: string } {
  try {
    return { ok: true, totals: computeTotals(totalsInput(state)) };
  } catch (error) {
    const e = error as { code?: string; message?: string };
    return { ok: false, code: e.code ?? "invalid", message: e.message ?? String(error) };
  }
}

function isValid(state: CartState): boolean {
  return checkTotals(state).ok;
}

const EMPTY_TOTALS: Totals = computeTotals({ lines: [] });

/** Totals of a cart built through these transitions (always valid); an empty result guards the impossible case. */
export function fullTotals(state: TotalsState): Totals {
  const checked = checkTotals(state);
  return checked.ok ? checked.totals : EMPTY_TOTALS;
}

export function cartTotals(state: CartState): CartTotals {
  const totals = fullTotals(state);
  const items = state.lines.reduce(
    (n, l) => n + (l.product.unit === "kg" || isLabelLine(l) ? 1 : l.quantity),
    0,
  );
  return {
    subtotal: totals.subtotal,
    lineDiscounts: totals.lineDiscountTotal,
    ticketDiscount: totals.ticketDiscountTotal,
    pointsDiscount: totals.pointsDiscountTotal,
    total: totals.total,
    items,
  };
}

/** Per-line amounts (gross, discounts, total) by line key, for the ticket on screen. */
export function lineAmounts(state: CartState): Map<string, LineTotals> {
  return new Map(fullTotals(state).lines.map((l) => [l.key, l]));
}

function validQuantity(product: CartProduct, quantity: number): boolean {
  return (
    Number.isSafeInteger(quantity) &&
    quantity > 0 &&
    quantity <= (product.unit === "kg" ? MAX_GRAMS : MAX_UNITS)
  );
}

/** Keeps `next` only when its totals are valid; otherwise the cart stays as it was. */
function guarded(state: CartState, next: CartState): CartState {
  if (isValid(next)) return next;
  // A lower quantity may leave less than the points redeemed: the redemption comes off, not the change.
  const withoutPoints = { ...next, pointsDiscount: null };
  return next.pointsDiscount && isValid(withoutPoints) ? withoutPoints : state;
}

/**
 * Adds a product. Scanning the same unit product again adds one to its line (as a cashier expects);
 * weighed goods and label-scale codes always make their own line.
 */
export function addProduct(
  state: CartState,
  product: CartProduct,
  quantity: number,
  label: ScaleLabel | null = null,
): CartState {
  if (state.locked) return state;
  if (!label && !validQuantity(product, quantity)) return state;
  const same =
    !label && product.unit === "each"
      ? state.lines.find((l) => l.product.id === product.id && !isLabelLine(l) && !l.discount)
      : undefined;
  if (same) {
    if (!validQuantity(product, same.quantity + quantity)) return state;
    return guarded(state, {
      ...state,
      lines: state.lines.map((l) => (l === same ? { ...l, quantity: l.quantity + quantity } : l)),
      selectedKey: same.key,
    });
  }
  const key = `l${state.nextKey}`;
  const line: CartLine = {
    key,
    product,
    quantity,
    barcode: label?.barcode ?? null,
    labelTotal: label?.labelTotal ?? null,
    discount: null,
  };
  return guarded(state, {
    ...state,
    lines: [...state.lines, line],
    selectedKey: key,
    nextKey: state.nextKey + 1,
  });
}

/** Label-scale lines keep the label's weight and price; other lines take any valid quantity. */
export function setQuantity(state: CartState, key: string, quantity: number): CartState {
  if (state.locked) return state;
  const line = state.lines.find((l) => l.key === key);
  if (!line || isLabelLine(line) || !validQuantity(line.product, quantity)) return state;
  return guarded(state, {
    ...state,
    lines: state.lines.map((l) => (l.key === key ? { ...l, quantity } : l)),
  });
}

/** Removing always works; a ticket discount (amount) larger than what is left is dropped with the line. */
export function removeLine(state: CartState, key: string): CartState {
  if (state.locked) return state;
  const index = state.lines.findIndex((l) => l.key === key);
  if (index < 0) return state;
  const lines = state.lines.filter((l) => l.key !== key);
  const neighbour = lines[Math.min(index, lines.length - 1)];
  const next = { ...state, lines, selectedKey: neighbour?.key ?? null };
  if (isValid(next) && lines.length > 0) return next;
  // The points come off first (the customer redeems again on what is left), then the ticket discount.
  const withoutPoints = { ...next, pointsDiscount: null };
  return isValid(withoutPoints) && lines.length > 0
    ? withoutPoints
    : { ...withoutPoints, ticketDiscount: null };
}

/**
 * "Canjear puntos": `points` of the customer's, worth `pointValue` centavos each, off the ticket — or why not
 * (Spanish): not a whole number above zero, more than the customer has, more than the ticket's total.
 * Null takes the discount off. The server checks the same again in the sale's transaction.
 */
export function withPointsDiscount(
  state: CartState,
  points: number | null,
  available: { points: number; pointValue: number },
): { ok: true; state: CartState } | { ok: false; code: string; message: string } {
  if (state.locked) return { ok: true, state };
  if (points === null) return { ok: true, state: { ...state, pointsDiscount: null } };
  if (!state.customer)
    return {
      ok: false,
      code: "customer_required_for_points",
      message: "Para canjear puntos, asociá un cliente a la venta",
    };
  if (!Number.isSafeInteger(points) || points <= 0)
    return {
      ok: false,
      code: "invalid_points",
      message: "Indicá una cantidad entera de puntos mayor que cero",
    };
  if (points > available.points)
    return {
      ok: false,
      code: "not_enough_points",
      message: `${state.customer.name} tiene ${available.points} puntos para usar`,
    };
  const next = { ...state, pointsDiscount: { points, amount: points * available.pointValue } };
  const checked = checkTotals(next);
  return checked.ok ? { ok: true, state: next } : checked;
}

/** "Todos": the customer's points up to the ticket's total (before any points discount), whole points only. */
export function allPointsUpToTotal(
  state: CartState,
  available: { points: number; pointValue: number },
): number {
  const before = fullTotals({ ...state, pointsDiscount: null }).total;
  return Math.max(0, Math.min(available.points, Math.floor(before / available.pointValue)));
}

/** The cart with a discount on one line (`key`) or on the ticket (`key` null), or why it is refused. */
export function withDiscount(
  state: CartState,
  key: string | null,
  discount: Discount | null,
): { ok: true; state: CartState } | { ok: false; code: string; message: string } {
  if (state.locked) return { ok: true, state };
  if (key !== null && !state.lines.some((l) => l.key === key)) return { ok: true, state };
  const next =
    key === null
      ? { ...state, ticketDiscount: discount }
      : { ...state, lines: state.lines.map((l) => (l.key === key ? { ...l, discount } : l)) };
  const checked = checkTotals(next);
  return checked.ok ? { ok: true, state: next } : checked;
}

export function setLineDiscount(state: CartState, key: string, discount: Discount | null): CartState {
  const result = withDiscount(state, key, discount);
  return result.ok ? result.state : state;
}

export function setTicketDiscount(state: CartState, discount: Discount | null): CartState {
  const result = withDiscount(state, null, discount);
  return result.ok ? result.state : state;
}

/** Moves the highlighted line up (-1) or down (+1), staying inside the cart. */
export function moveSelection(state: CartState, delta: number): CartState {
  if (state.lines.length === 0) return state;
  const index = state.lines.findIndex((l) => l.key === state.selectedKey);
  const next = Math.max(
    0,
    Math.min(state.lines.length - 1, (index < 0 ? state.lines.length : index) + delta),
  );
  return { ...state, selectedKey: state.lines[next]?.key ?? null };
}

/**
 * Whether any discount goes past the shop's limit (basis points of what it discounts, as the server measures it),
 * so a cashier needs a manager's PIN before the server will accept the sale.
 */
export function exceedsDiscountLimit(state: CartState, limitBp: number): boolean {
  return fullTotals(state).discountShareBp > limitBp;
}

/** The POST /api/sales body for this cart. */
export function toSaleInput(state: CartState, payments: PaymentInput[]): SaleInput {
  return {
    id: state.saleId,
    lines: state.lines.map((l) => ({
      productId: l.product.id,
      ...(l.barcode ? { barcode: l.barcode } : { quantity: l.quantity }),
      ...(l.discount ? { discount: l.discount } : {}),
    })),
    ...(state.ticketDiscount ? { ticketDiscount: state.ticketDiscount } : {}),
    payments,
    ...(state.approval ? { approval: state.approval } : {}),
    ...(state.customer ? { customerId: state.customer.id } : {}),
    ...(state.pointsDiscount ? { pointsDiscount: state.pointsDiscount } : {}),
    ...(state.booking ? { bookingId: state.booking.id } : {}),
  };
}

/** A product the ticket sells more of than the stock on hand says there is. */
export interface StockShortfall {
  productId: string;
  /** Units, or grams for weighed goods. */
  onHand: number;
  /** What the whole ticket sells of it (all its lines together, as the server adds them up). */
  wanted: number;
}

/**
 * The lines whose product the ticket sells past its stock on hand, by line key: the till shows the warning at
 * the line (or, where the shop blocks selling without stock, refuses the quantity) as the quantity is set,
 * instead of the cashier learning it only when the sale is sent.
 */
export function stockShortfalls(state: Pick<CartState, "lines">): Map<string, StockShortfall> {
  const wanted = new Map<string, number>();
  for (const l of state.lines) wanted.set(l.product.id, (wanted.get(l.product.id) ?? 0) + l.quantity);
  const result = new Map<string, StockShortfall>();
  for (const l of state.lines) {
    const onHand = l.product.onHand;
    const total = wanted.get(l.product.id) ?? 0;
    if (typeof onHand === "number" && total > onHand)
      result.set(l.key, { productId: l.product.id, onHand, wanted: total });
  }
  return result;
}
