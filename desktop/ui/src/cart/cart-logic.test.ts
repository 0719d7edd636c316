import { describe, expect, it } from "vitest";
import type { PaymentInput } from "@mostrador/contracts/http/sales";
import {
  addProduct,
  allPointsUpToTotal,
  bookingPayments,
  type CartProduct,
  type CartState,
  cartTotals,
  emptyCart,
  exceedsDiscountLimit,
  lineAmounts,
  moveSelection,
  removeLine,
  setLineDiscount,
  setQuantity,
  setTicketDiscount,
  toSaleInput,
  withDiscount,
  withPointsDiscount,
} from "./cart-logic.js";
import { useCart } from "./cart-store.js";

const yerba: CartProduct = {
  id: "p-yerba",
  name: "Yerba 1 kg",
  sku: "Y1",
  price: 350000,
  ivaRate: 2100,
  unit: "each",
};
const queso: CartProduct = {
  id: "p-queso",
  name: "Queso cremoso",
  sku: "Q1",
  price: 899900,
  ivaRate: 2100,
  unit: "kg",
};

describe("cart transitions", () => {
  it("adds one to the line when the same unit product is scanned again", () => {
    let cart = addProduct(emptyCart("s1"), yerba, 1);
    cart = addProduct(cart, yerba, 1);
    expect(cart.lines).toHaveLength(1);
    expect(cart.lines[0]?.quantity).toBe(2);
    expect(cartTotals(cart).total).toBe(700000);
  });

  it("prices weighed goods per kg from grams, rounding half away from zero", () => {
    // 8.999,00 $/kg × 0,333 kg = 2.996,667 $ → 2.996,67 $
    const cart = addProduct(emptyCart("s1"), queso, 333);
    expect(cartTotals(cart).total).toBe(299667);
    expect(addProduct(cart, queso, 100).lines).toHaveLength(2);
  });

  it("keeps a scale label's price and refuses to change its weight", () => {
    let cart = addProduct(emptyCart("s1"), queso, 412, { barcode: "2100001004120", labelTotal: 370758 });
    const key = cart.lines[0]?.key ?? "";
    cart = setQuantity(cart, key, 1000);
    expect(cart.lines[0]?.quantity).toBe(412);
    expect(cartTotals(cart).total).toBe(370758);
    expect(toSaleInput(cart, []).lines[0]).toEqual({ productId: "p-queso", barcode: "2100001004120" });
  });

  it("refuses zero, negative, fractional and absurd quantities", () => {
    const cart = addProduct(emptyCart("s1"), yerba, 1);
    const key = cart.lines[0]?.key ?? "";
    for (const bad of [0, -1, 1.5, 100_001, Number.NaN]) expect(setQuantity(cart, key, bad)).toBe(cart);
    expect(addProduct(cart, queso, 0)).toBe(cart);
    expect(setQuantity(cart, key, 3).lines[0]?.quantity).toBe(3);
  });

  it("applies line discounts before the ticket discount and refuses one larger than its amount", () => {
    let cart = addProduct(emptyCart("s1"), yerba, 2); // 7.000,00
    const key = cart.lines[0]?.key ?? "";
    cart = setLineDiscount(cart, key, { kind: "percent", value: 1000 }); // -700,00
    cart = setTicketDiscount(cart, { kind: "amount", value: 30000 }); // -300,00
    expect(cartTotals(cart)).toEqual({
      subtotal: 700000,
      lineDiscounts: 70000,
      ticketDiscount: 30000,
      pointsDiscount: 0,
      total: 600000,
      items: 2,
    });
    expect(setTicketDiscount(cart, { kind: "amount", value: 99_999_999 })).toBe(cart);
    const refusal = withDiscount(cart, null, { kind: "amount", value: 99_999_999 });
    expect(refusal).toMatchObject({ ok: false, code: "discount_exceeds_amount" });
    expect(lineAmounts(cart).get(key)).toMatchObject({
      gross: 700000,
      lineDiscount: 70000,
      ticketDiscountShare: 30000,
      total: 600000,
    });
  });

  it("knows when a discount needs a manager", () => {
    let cart = addProduct(emptyCart("s1"), yerba, 1);
    cart = setTicketDiscount(cart, { kind: "percent", value: 1000 });
    expect(exceedsDiscountLimit(cart, 1000)).toBe(false);
    cart = setTicketDiscount(cart, { kind: "percent", value: 1001 });
    expect(exceedsDiscountLimit(cart, 1000)).toBe(true);
  });

  it("drops a ticket discount that no longer fits when a line is removed", () => {
    let cart = addProduct(emptyCart("s1"), yerba, 1);
    cart = addProduct(cart, queso, 1000);
    cart = setTicketDiscount(cart, { kind: "amount", value: 500000 });
    expect(cart.ticketDiscount).not.toBeNull();
    cart = removeLine(cart, cart.lines[1]?.key ?? "");
    expect(cart.ticketDiscount).toBeNull();
    expect(cartTotals(cart).total).toBe(350000);
  });

  it("removes a line and highlights its neighbour", () => {
    let cart = addProduct(emptyCart("s1"), yerba, 1);
    cart = addProduct(cart, queso, 500);
    cart = moveSelection(cart, -1);
    expect(cart.selectedKey).toBe(cart.lines[0]?.key);
    cart = removeLine(cart, cart.lines[0]?.key ?? "");
    expect(cart.lines.map((l) => l.product.id)).toEqual(["p-queso"]);
    expect(cart.selectedKey).toBe(cart.lines[0]?.key);
  });

  it("does not change a locked cart whose payment outcome is unknown", () => {
    const cart = { ...addProduct(emptyCart("s1"), yerba, 1), locked: true };
    expect(addProduct(cart, yerba, 1)).toBe(cart);
    expect(removeLine(cart, cart.lines[0]?.key ?? "")).toBe(cart);
    expect(setTicketDiscount(cart, { kind: "amount", value: 1 })).toBe(cart);
  });

  it("builds the sale body with the cart's own id, discounts and payments", () => {
    let cart = addProduct(emptyCart("0199-sale"), yerba, 2);
    cart = setTicketDiscount(cart, { kind: "amount", value: 100 });
    const payments: PaymentInput[] = [{ method: "cash", amount: 699900, tendered: 700000 }];
    expect(toSaleInput(cart, payments)).toEqual({
      id: "0199-sale",
      lines: [{ productId: "p-yerba", quantity: 2 }],
      ticketDiscount: { kind: "amount", value: 100 },
      payments,
    });
  });
});

describe("cart store", () => {
  it("starts each new cart with a fresh UUIDv7 sale id", () => {
    const first = useCart.getState().saleId;
    useCart.getState().add(yerba, 1);
    expect(useCart.getState().lines).toHaveLength(1);
    useCart.getState().reset();
    const second = useCart.getState().saleId;
    expect(second).not.toBe(first);
    expect(second).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(useCart.getState().lines).toHaveLength(0);
  });
});

describe("points redeemed as a discount", () => {
  const ana = { id: "c-ana", name: "Ana Pérez" };
  const funds = { points: 5_000, pointValue: 100 }; // $ 1 a point
  const twoYerbas = (): CartState => ({ ...addProduct(emptyCart("s1"), yerba, 2), customer: ana }); // $ 7.000

  it("takes N points off the total and sends them with the sale", () => {
    const result = withPointsDiscount(twoYerbas(), 1_000, funds);
    if (!result.ok) throw new Error(result.message);
    expect(cartTotals(result.state)).toMatchObject({ pointsDiscount: 100_000, total: 600_000 });
    expect(toSaleInput(result.state, []).pointsDiscount).toEqual({ points: 1_000, amount: 100_000 });
  });

  it("offers all the customer's points up to the total, whole points only", () => {
    expect(allPointsUpToTotal(twoYerbas(), funds)).toBe(5_000);
    expect(allPointsUpToTotal(twoYerbas(), { points: 9_000, pointValue: 100 })).toBe(7_000);
    expect(allPointsUpToTotal(twoYerbas(), { points: 9_000, pointValue: 300 })).toBe(2_333);
  });

  it("refuses no customer, zero, negative, fractional, more than available and more than the total", () => {
    const codes = (cart: CartState, points: number, f = funds) => {
      const r = withPointsDiscount(cart, points, f);
      return r.ok ? "ok" : r.code;
    };
    expect(codes({ ...twoYerbas(), customer: null }, 10)).toBe("customer_required_for_points");
    expect(codes(twoYerbas(), 0)).toBe("invalid_points");
    expect(codes(twoYerbas(), -5)).toBe("invalid_points");
    expect(codes(twoYerbas(), 1.5)).toBe("invalid_points");
    expect(codes(twoYerbas(), Number.NaN)).toBe("invalid_points");
    expect(codes(twoYerbas(), 5_001)).toBe("not_enough_points");
    expect(codes(twoYerbas(), 7_001, { points: 9_000, pointValue: 100 })).toBe(
      "points_discount_exceeds_total",
    );
  });

  it("drops the points discount when a removed line or a lower quantity leaves less than it, and when the customer changes", () => {
    let cart = addProduct(twoYerbas(), queso, 1_000); // + $ 8.999
    const result = withPointsDiscount(cart, 9_000, { points: 9_000, pointValue: 100 });
    if (!result.ok) throw new Error(result.message);
    cart = removeLine(result.state, cart.lines[1]!.key);
    expect(cart.pointsDiscount).toBeNull();
    expect(cartTotals(cart).total).toBe(700_000);

    const lowered = withPointsDiscount(twoYerbas(), 7_000, { points: 9_000, pointValue: 100 });
    if (!lowered.ok) throw new Error(lowered.message);
    const one = setQuantity(lowered.state, lowered.state.lines[0]!.key, 1);
    expect([one.lines[0]!.quantity, one.pointsDiscount]).toEqual([1, null]);

    useCart.getState().reset();
    useCart.getState().setCustomer(ana);
    useCart.getState().setPointsDiscount({ points: 10, amount: 1_000 });
    useCart.getState().setCustomer(ana);
    expect(useCart.getState().pointsDiscount).not.toBeNull();
    useCart.getState().setCustomer(null);
    expect(useCart.getState().pointsDiscount).toBeNull();
  });
});

describe("a turno on the ticket", () => {
  const booking = {
    id: "b1",
    description: "Consulta · Dra. López",
    depositApplied: 300_000,
    coverageShare: 1_700_000,
    payer: "OSDE",
    amountDue: 0,
  };
  it("starts the payments with the seña and the obra social share, and names the booking on the sale", () => {
    expect(bookingPayments(booking)).toEqual([
      { method: "deposit", amount: 300_000 },
      { method: "coverage", amount: 1_700_000, reference: "OSDE" },
    ]);
    expect(bookingPayments({ ...booking, depositApplied: 0, coverageShare: 0 })).toEqual([]);
    expect(bookingPayments(null)).toEqual([]);
    const cart = { ...addProduct(emptyCart("s1"), yerba, 1), booking };
    expect(toSaleInput(cart, []).bookingId).toBe("b1");
    expect(toSaleInput(addProduct(emptyCart("s1"), yerba, 1), []).bookingId).toBeUndefined();
  });
});
