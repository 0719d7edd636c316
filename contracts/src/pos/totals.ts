/**
 * Cart totals: a PURE module (no Node, no database) shared by the sale commit and the till UI.
 *
 * Prices are final consumer prices with IVA included (Argentine "precio final"), in integer centavos.
 * Order of operations, per line:
 *   gross          = label total, or unit price × quantity (kg: price per kg × grams ÷ 1000, rounded)
 *   line discount  = percent (basis points) of gross, or a fixed amount ≤ gross
 *   ticket share   = the ticket discount spread over lines in proportion to what is left of each,
 *                    by largest remainder, so the shares add up to the ticket discount exactly
 *   points share   = a discount paid with the customer's loyalty points (an amount, desktop/src/loyalty),
 *                    spread the same way over what is left after the ticket share; it is never more than
 *                    that, and it is not the cashier's discount (not in discountShareBp nor discountTotal)
 *   total          = gross − line discount − ticket share − points share
 *   net            = round(total × 10000 ÷ (10000 + rate)),   iva = total − net
 * Every division rounds half away from zero, to the centavo (money/money.ts).
 */
import { MAX_LINE_GRAMS, MAX_LINE_UNITS, MAX_PERCENT_BP } from "../limits.js";
import { Refusal } from "../refusal.js";
import { formatMoney } from "../money.js";
import { allocate, divRound, isAmount, MAX_AMOUNT, mulDiv } from "../money.js";

// The shapes the till sends and gets back are the HTTP contract's (contracts/src/http/sales.ts).
export {
  type Discount,
  IVA_RATES,
  type IvaByRate,
  type IvaRate,
  MAX_LINES,
  type Unit,
} from "../http/sales.js";
import {
  type Discount,
  IVA_RATES,
  type IvaByRate,
  type IvaRate,
  MAX_LINES,
  type Unit,
} from "../http/sales.js";

/** Most units of one item on a line, and most grams of a weighed item (1 tonne): anything above is a typo. */
export const MAX_UNITS = MAX_LINE_UNITS;
export const MAX_GRAMS = MAX_LINE_GRAMS;

export interface CartLineInput {
  key: string;
  unit: Unit;
  /** Units, or grams for unit "kg". */
  quantity: number;
  /** Centavos per unit, or per kg, IVA included. */
  unitPrice: number;
  ivaRate: number;
  /** A label-scale price label fixes the line amount itself. */
  labelTotal?: number | null;
  discount?: Discount | null;
}

export interface TotalsInput {
  lines: readonly CartLineInput[];
  ticketDiscount?: Discount | null;
  /** Centavos the customer's points take off the ticket (points × the shop's point value), or 0/null. */
  pointsDiscount?: number | null;
}

export interface LineTotals {
  key: string;
  unit: Unit;
  quantity: number;
  unitPrice: number;
  ivaRate: IvaRate;
  gross: number;
  lineDiscount: number;
  ticketDiscountShare: number;
  pointsDiscountShare: number;
  total: number;
  net: number;
  iva: number;
}

/** IVA by rate, summed from the lines' own net and IVA (never recomputed from the totals), highest rate first. */
export function ivaByRate(
  lines: readonly { ivaRate: IvaRate; net: number; iva: number; total: number }[],
): IvaByRate[] {
  const byRate = new Map<IvaRate, IvaByRate>();
  for (const l of lines) {
    const r = byRate.get(l.ivaRate) ?? { rate: l.ivaRate, net: 0, iva: 0, total: 0 };
    r.net += l.net;
    r.iva += l.iva;
    r.total += l.total;
    byRate.set(l.ivaRate, r);
  }
  return [...byRate.values()].sort((a, b) => b.rate - a.rate);
}

export interface Totals {
  lines: LineTotals[];
  /** Sum of line gross amounts, before any discount. */
  subtotal: number;
  lineDiscountTotal: number;
  ticketDiscountTotal: number;
  /** Line and ticket discounts: the cashier's. */
  discountTotal: number;
  /** What the customer's points took off (after the other discounts). */
  pointsDiscountTotal: number;
  total: number;
  netTotal: number;
  ivaTotal: number;
  /** Highest rate first, only rates present in the cart. */
  ivaByRate: IvaByRate[];
  /**
   * The largest single discount as a share of the amount it applies to, in basis points, rounded UP
   * (a discount a hair above the manager limit must not round down to it). Percent discounts count
   * as the percent the cashier chose. The caller compares it with the shop's discountLimitBp.
   */
  discountShareBp: number;
}

const invalid = (code: string, message: string, details?: Record<string, unknown>) =>
  new Refusal("invalid", code, message, details);

function checkLine(line: CartLineInput, n: number): void {
  if (line.unit !== "each" && line.unit !== "kg")
    throw invalid("invalid_unit", `Línea ${n}: unidad desconocida`);
  const max = line.unit === "kg" ? MAX_GRAMS : MAX_UNITS;
  if (!Number.isSafeInteger(line.quantity) || line.quantity <= 0 || line.quantity > max) {
    const what =
      line.unit === "kg"
        ? `un peso entre 1 y ${MAX_GRAMS.toLocaleString("es-AR")} gramos`
        : `una cantidad entera entre 1 y ${MAX_UNITS.toLocaleString("es-AR")}`;
    throw invalid("invalid_quantity", `Línea ${n}: indicá ${what}`, { line: n });
  }
  if (!isAmount(line.unitPrice))
    throw invalid("invalid_price", `Línea ${n}: el precio no es válido`, { line: n });
  if (!(IVA_RATES as readonly number[]).includes(line.ivaRate)) {
    throw invalid("invalid_iva_rate", `Línea ${n}: la alícuota de IVA debe ser 21 %, 10,5 % o exento`, {
      line: n,
    });
  }
  if (line.labelTotal != null && !isAmount(line.labelTotal)) {
    throw invalid("invalid_price", `Línea ${n}: el importe de la etiqueta no es válido`, { line: n });
  }
}

/** Line gross in centavos; BigInt so price × quantity cannot lose precision before the range check. */
function grossOf(line: CartLineInput, n: number): number {
  if (line.labelTotal != null) return line.labelTotal;
  const exact =
    line.unit === "kg"
      ? divRound(BigInt(line.unitPrice) * BigInt(line.quantity), 1000n)
      : BigInt(line.unitPrice) * BigInt(line.quantity);
  if (exact > BigInt(MAX_AMOUNT)) {
    throw invalid(
      "amount_too_large",
      `Línea ${n}: el importe supera el máximo de ${formatMoney(MAX_AMOUNT)}`,
      { line: n },
    );
  }
  return Number(exact);
}

/** The discount amount on `base`, and its share of base in basis points (see Totals.discountShareBp). */
function discountOn(
  base: number,
  discount: Discount | null | undefined,
  where: string,
): { amount: number; shareBp: number } {
  if (!discount) return { amount: 0, shareBp: 0 };
  if (discount.kind === "percent") {
    if (!Number.isSafeInteger(discount.value) || discount.value < 0 || discount.value > MAX_PERCENT_BP) {
      throw invalid("invalid_discount", `${where}: el porcentaje de descuento debe estar entre 0 y 100 %`);
    }
    return { amount: mulDiv(base, discount.value, 10000), shareBp: discount.value };
  }
  if (discount.kind === "amount") {
    if (!isAmount(discount.value))
      throw invalid("invalid_discount", `${where}: el descuento no es un importe válido`);
    if (discount.value > base) {
      throw invalid("discount_exceeds_amount", `${where}: el descuento es mayor que el importe`);
    }
    const shareBp =
      base === 0 ? 0 : Number((BigInt(discount.value) * 10000n + BigInt(base) - 1n) / BigInt(base));
    return { amount: discount.value, shareBp };
  }
  throw invalid("invalid_discount", `${where}: tipo de descuento desconocido`);
}

/** Splits an IVA-included amount: net = round(total ÷ (1 + rate)), IVA is the rest, so net + iva = total exactly. */
export function splitIva(total: number, rate: number): { net: number; iva: number } {
  const net = Number(divRound(BigInt(total) * 10000n, BigInt(10000 + rate)));
  return { net, iva: total - net };
}

export function computeTotals(input: TotalsInput): Totals {
  if (input.lines.length > MAX_LINES) {
    throw invalid("too_many_lines", `Un ticket admite como máximo ${MAX_LINES} líneas`);
  }
  let discountShareBp = 0;
  const staged = input.lines.map((line, i) => {
    const n = i + 1;
    checkLine(line, n);
    const gross = grossOf(line, n);
    const d = discountOn(gross, line.discount, `Línea ${n}`);
    discountShareBp = Math.max(discountShareBp, d.shareBp);
    return { line, gross, lineDiscount: d.amount };
  });

  const subtotal = staged.reduce((s, l) => s + l.gross, 0);
  if (subtotal > MAX_AMOUNT)
    throw invalid("amount_too_large", `El total del ticket supera el máximo de ${formatMoney(MAX_AMOUNT)}`);
  const afterLines = staged.map((l) => l.gross - l.lineDiscount);
  const remaining = afterLines.reduce((s, v) => s + v, 0);
  const ticket = discountOn(remaining, input.ticketDiscount, "Descuento del ticket");
  discountShareBp = Math.max(discountShareBp, ticket.shareBp);
  // Largest remainder: the shares add up to the ticket discount to the centavo, and none exceeds its line.
  const shares = allocate(ticket.amount, afterLines);
  const points = input.pointsDiscount ?? 0;
  if (!Number.isSafeInteger(points) || points < 0 || points > MAX_AMOUNT)
    throw invalid("invalid_points_discount", "El descuento por puntos no es un importe válido");
  const afterTicket = afterLines.map((v, i) => v - (shares[i] ?? 0));
  if (points > remaining - ticket.amount) {
    throw invalid(
      "points_discount_exceeds_total",
      `El descuento por puntos (${formatMoney(points)}) es mayor que el total del ticket (${formatMoney(remaining - ticket.amount)})`,
    );
  }
  const pointsShares = allocate(points, afterTicket);

  // IVA is computed per line and then summed by rate (not re-derived from each rate's total), so the
  // figures on the receipt, the Z report and any later partial return always reconcile line by line.
  const lines: LineTotals[] = staged.map(({ line, gross, lineDiscount }, i) => {
    const ticketDiscountShare = shares[i] ?? 0;
    const pointsDiscountShare = pointsShares[i] ?? 0;
    const total = gross - lineDiscount - ticketDiscountShare - pointsDiscountShare;
    const { net, iva } = splitIva(total, line.ivaRate);
    return {
      key: line.key,
      unit: line.unit,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      ivaRate: line.ivaRate as IvaRate,
      gross,
      lineDiscount,
      ticketDiscountShare,
      pointsDiscountShare,
      total,
      net,
      iva,
    };
  });

  const lineDiscountTotal = lines.reduce((s, l) => s + l.lineDiscount, 0);
  return {
    lines,
    subtotal,
    lineDiscountTotal,
    ticketDiscountTotal: ticket.amount,
    discountTotal: lineDiscountTotal + ticket.amount,
    pointsDiscountTotal: points,
    total: remaining - ticket.amount - points,
    netTotal: lines.reduce((s, l) => s + l.net, 0),
    ivaTotal: lines.reduce((s, l) => s + l.iva, 0),
    ivaByRate: ivaByRate(lines),
    discountShareBp,
  };
}
