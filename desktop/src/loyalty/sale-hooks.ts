import type { LoyaltyRules } from "@mostrador/contracts/http/accounts";
import type { PointsDiscount, Return, Sale } from "@mostrador/contracts/http/sales";
import { formatMoney, mulDiv } from "@mostrador/contracts/money";
import type { Ctx } from "@mostrador/kernel/core/context";
import { isoNow } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { stmt } from "@mostrador/kernel/db/statements";
import type { Principal } from "@mostrador/kernel/staff/sessions";
import { availablePoints, returnExpiredGrants } from "../accounts/allowance.js";
import { requireCustomer } from "../accounts/customer.js";
import { linkSaleCustomer } from "../accounts/sale-hooks.js";
import type { SaleHooks } from "../pos/sale-hooks.js";
import { addMonths, appendLoyaltyEntry } from "./entries.js";
import { getLoyaltyRules, pointsFor, pointsValue } from "./rules.js";

const paidWith = (payments: readonly { method: string; amount: number }[], method: string) =>
  payments.filter((p) => p.method === method).reduce((s, p) => s + p.amount, 0);

const EXCLUDED_TOTAL = `SELECT COALESCE(SUM(l.total), 0) AS n FROM sale_lines l JOIN products p ON p.id = l.product_id
                         WHERE l.sale_id = ? AND p.category_id IN (SELECT value FROM json_each(?))`;

/**
 * Points on a sale, in its transaction: "points" payments redeem (within what this store may redeem, its
 * allowance plus what was earned here), and a sale to a customer earns by the shop's rules: one point per
 * `spendPerPoint` of the lines not in an excluded category, minus what points paid, if the total reaches
 * the minimum.
 */
function onSale(ctx: Ctx, principal: Principal, sale: Sale, customerId: string | null): void {
  const paidWithPoints = paidWith(sale.payments, "points");
  const discount = sale.pointsDiscount ?? null;
  if (!customerId) {
    if (discount) {
      throw new DomainError(
        "invalid",
        "customer_required_for_points",
        "Para canjear puntos, asociá un cliente a la venta",
      );
    }
    if (paidWithPoints > 0) {
      throw new DomainError(
        "invalid",
        "customer_required_for_points",
        "Para pagar con puntos, asociá un cliente a la venta",
      );
    }
    return;
  }
  const rules = getLoyaltyRules(ctx);
  if (!rules.enabled) {
    if (paidWithPoints > 0 || discount) {
      throw new DomainError("conflict", "loyalty_off", "El programa de puntos está apagado (Ajustes)");
    }
    return;
  }
  const customer = requireCustomer(ctx, customerId);
  linkSaleCustomer(ctx, sale.id, customer.id);
  if (discount) redeemAsDiscount(ctx, principal, sale, customer, rules, discount);
  if (paidWithPoints > 0) {
    returnExpiredGrants(ctx, customer.id);
    const points = pointsFor(rules, paidWithPoints);
    const available = availablePoints(ctx, customer.id);
    if (points > available) {
      throw new DomainError(
        "conflict",
        "not_enough_points",
        `${customer.name} tiene ${available} puntos para usar (${formatMoney(pointsValue(rules, available))}); pagar ${formatMoney(paidWithPoints)} necesita ${points}`,
        { available, asked: points },
      );
    }
    appendLoyaltyEntry(ctx, {
      customerId: customer.id,
      kind: "redeem",
      points: -points,
      amount: paidWithPoints,
      saleId: sale.id,
      staffId: principal.staffId,
    });
  }
  if (sale.total < rules.minSaleTotal) return;
  const excluded =
    rules.excludedCategories.length === 0
      ? 0
      : (stmt(ctx.db, EXCLUDED_TOTAL).get(sale.id, JSON.stringify(rules.excludedCategories)) as { n: number })
          .n;
  const eligible = sale.total - excluded - paidWithPoints;
  const earned = eligible > 0 ? Math.floor(eligible / rules.spendPerPoint) : 0;
  if (earned === 0) return;
  appendLoyaltyEntry(ctx, {
    customerId: customer.id,
    kind: "earn",
    points: earned,
    saleId: sale.id,
    expiresAt: rules.expiryMonths === null ? null : addMonths(isoNow(ctx), rules.expiryMonths),
    staffId: principal.staffId,
  });
}

/** The ref of a points-discount entry: `points_discount:<sale id>` (redeem) or `:<return id>` (given back). */
const DISCOUNT_REF = "points_discount:";

/**
 * Points redeemed as a ticket discount: the amount the till computed must be exactly points × the shop's
 * point value (a stale value is refused, not repriced), and the points within what this store may redeem,
 * checked here in the sale's transaction (the same one-spender rule as the "points" payment, which is
 * checked after this entry, so both together never exceed what is available).
 */
function redeemAsDiscount(
  ctx: Ctx,
  principal: Principal,
  sale: Sale,
  customer: { id: string; name: string },
  rules: LoyaltyRules,
  discount: PointsDiscount,
): void {
  if (discount.amount !== pointsValue(rules, discount.points)) {
    throw new DomainError(
      "conflict",
      "point_value_changed",
      `${discount.points} puntos valen ${formatMoney(pointsValue(rules, discount.points))}, no ${formatMoney(discount.amount)}: volvé a aplicar el canje`,
      { points: discount.points, amount: pointsValue(rules, discount.points) },
    );
  }
  returnExpiredGrants(ctx, customer.id);
  const available = availablePoints(ctx, customer.id);
  if (discount.points > available) {
    throw new DomainError(
      "conflict",
      "not_enough_points",
      `${customer.name} tiene ${available} puntos para usar; el descuento pide ${discount.points}`,
      { available, asked: discount.points },
    );
  }
  appendLoyaltyEntry(ctx, {
    customerId: customer.id,
    kind: "redeem",
    points: -discount.points,
    amount: discount.amount,
    saleId: sale.id,
    ref: DISCOUNT_REF + sale.id,
    staffId: principal.staffId,
  });
}

const IS_DISCOUNT = `COALESCE(ref LIKE '${DISCOUNT_REF}%', 0)`;

// Entries of the points DISCOUNT (ref points_discount:…) are left out of the payment's redeemed figures.
const ON_SALE = `SELECT customer_id AS customerId,
                        COALESCE(SUM(CASE WHEN kind = 'earn' THEN points END), 0) AS earned,
                        COALESCE(-SUM(CASE WHEN kind = 'return_earn' THEN points END), 0) AS takenBack,
                        COALESCE(-SUM(CASE WHEN kind = 'redeem' AND NOT ${IS_DISCOUNT} THEN points END), 0) AS redeemed,
                        COALESCE(SUM(CASE WHEN kind = 'redeem' AND NOT ${IS_DISCOUNT} THEN amount END), 0) AS redeemedAmount,
                        COALESCE(SUM(CASE WHEN kind = 'return_redeem' AND NOT ${IS_DISCOUNT} THEN points END), 0) AS givenBack,
                        COALESCE(SUM(CASE WHEN kind = 'return_redeem' AND ${IS_DISCOUNT} THEN points END), 0) AS discountGivenBack,
                        COALESCE(SUM(points), 0) AS net
                   FROM loyalty_entries WHERE sale_id = ? GROUP BY customer_id`;

interface OnSale {
  customerId: string;
  earned: number;
  takenBack: number;
  redeemed: number;
  redeemedAmount: number;
  givenBack: number;
  discountGivenBack: number;
  net: number;
}

/**
 * A return takes back the points its share of the sale earned (in proportion to the money returned,
 * cumulative, so several partial returns take back exactly what the sale earned) and gives back the
 * points that paid what is refunded to "points".
 */
function onReturn(ctx: Ctx, principal: Principal, saleReturn: Return, sale: Sale): void {
  const onSale = stmt(ctx.db, ON_SALE).get(sale.id) as OnSale | undefined;
  if (!onSale) return;
  const returnedTotal = sale.returns.reduce((s, r) => s + r.total, 0);
  if (onSale.earned > 0 && sale.total > 0) {
    const take = mulDiv(onSale.earned, Math.min(returnedTotal, sale.total), sale.total) - onSale.takenBack;
    if (take > 0) {
      appendLoyaltyEntry(ctx, {
        customerId: onSale.customerId,
        kind: "return_earn",
        points: -take,
        saleId: sale.id,
        returnId: saleReturn.id,
        staffId: principal.staffId,
      });
    }
  }
  const refundedToPoints = sale.returns.reduce((s, r) => s + paidWith(r.refunds, "points"), 0);
  if (onSale.redeemed > 0 && onSale.redeemedAmount > 0 && paidWith(saleReturn.refunds, "points") > 0) {
    const give =
      mulDiv(onSale.redeemed, Math.min(refundedToPoints, onSale.redeemedAmount), onSale.redeemedAmount) -
      onSale.givenBack;
    if (give > 0) {
      appendLoyaltyEntry(ctx, {
        customerId: onSale.customerId,
        kind: "return_redeem",
        points: give,
        saleId: sale.id,
        returnId: saleReturn.id,
        staffId: principal.staffId,
      });
    }
  }
  giveBackDiscountPoints(ctx, principal, saleReturn, sale, onSale);
}

/**
 * The points of a points discount come back in proportion to what is returned: the returned share of the
 * lines' value before the points discount (line total + its points share, by quantity returned), cumulative
 * over the sale's returns, so the last return gives back exactly what is left — also when the points paid
 * the whole ticket and the returns' money is 0.
 */
function giveBackDiscountPoints(
  ctx: Ctx,
  principal: Principal,
  saleReturn: Return,
  sale: Sale,
  onSale: OnSale,
): void {
  const discount = sale.pointsDiscount;
  if (!discount) return;
  let base = 0;
  let returned = 0;
  for (const l of sale.lines) {
    const value = l.total + (l.pointsDiscountShare ?? 0);
    base += value;
    returned += mulDiv(value, Math.min(l.returnedQuantity, l.quantity), l.quantity);
  }
  if (base === 0) return;
  const give = mulDiv(discount.points, Math.min(returned, base), base) - onSale.discountGivenBack;
  if (give <= 0) return;
  appendLoyaltyEntry(ctx, {
    customerId: onSale.customerId,
    kind: "return_redeem",
    points: give,
    saleId: sale.id,
    returnId: saleReturn.id,
    ref: DISCOUNT_REF + saleReturn.id,
    staffId: principal.staffId,
  });
}

/** A voided sale undoes every point it moved: what it earned goes, what it redeemed comes back. */
function onVoid(ctx: Ctx, principal: Principal, sale: Sale): void {
  const onSale = stmt(ctx.db, ON_SALE).get(sale.id) as OnSale | undefined;
  if (!onSale || onSale.net === 0) return;
  appendLoyaltyEntry(ctx, {
    customerId: onSale.customerId,
    kind: "void",
    points: -onSale.net,
    saleId: sale.id,
    staffId: principal.staffId,
  });
}

export const loyaltySaleHooks: SaleHooks = {
  saleWritten: onSale,
  returnWritten: onReturn,
  saleVoided: onVoid,
};
