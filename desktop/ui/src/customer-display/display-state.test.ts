import { CustomerDisplayStateSchema, DISPLAY_LINES_MAX } from "@mostrador/contracts/http/customer-display";
import { Value } from "@sinclair/typebox/value";
import { describe, expect, it } from "vitest";
import { addProduct, type CartProduct, emptyCart, setTicketDiscount } from "../cart/cart-logic.js";
import { displayStateOf } from "./display-state.js";

const yerba: CartProduct = {
  id: "p-yerba",
  name: "Yerba 1 kg",
  sku: "Y1",
  price: 350_000,
  ivaRate: 2100,
  unit: "each",
};
const queso: CartProduct = {
  id: "p-queso",
  name: "Queso cremoso",
  sku: "Q1",
  price: 899_900,
  ivaRate: 2100,
  unit: "kg",
};
const none = { mercadoPago: null, done: null };

describe("what the customer display shows for the till's cart", () => {
  it("the lines with what each costs after discounts, the total and the customer's name", () => {
    let cart = addProduct(addProduct(emptyCart("s1"), yerba, 2), queso, 500);
    cart = setTicketDiscount(cart, { kind: "percent", value: 1000 });
    cart = { ...cart, customer: { id: "c1", name: "Ana Pérez" } };
    const state = displayStateOf(cart, none);
    expect(state.lines).toEqual([
      { name: "Yerba 1 kg", quantity: 2, unit: "each", amount: 630_000 },
      { name: "Queso cremoso", quantity: 500, unit: "kg", amount: 404_955 },
    ]);
    expect(state.total).toBe(1_034_955);
    expect(state.customerName).toBe("Ana Pérez");
    expect(Value.Check(CustomerDisplayStateSchema, state)).toBe(true);
  });

  it("the QR being charged while there is a ticket; after the sale only the thanks", () => {
    const qr = { qrData: "000201", amount: 350_000, status: "waiting" as const };
    const done = { total: 350_000, change: 150_000 };
    expect(
      displayStateOf(addProduct(emptyCart("s1"), yerba, 1), { mercadoPago: qr, done: null }).mercadoPago,
    ).toEqual(qr);
    expect(displayStateOf(emptyCart("s2"), { mercadoPago: qr, done })).toEqual({
      lines: [],
      total: 0,
      customerName: null,
      mercadoPago: null,
      done,
    });
  });

  it("a ticket with as many lines as the cart takes is still within the contract", () => {
    let cart = emptyCart("s1");
    for (let i = 0; i < DISPLAY_LINES_MAX + 3; i++) cart = addProduct(cart, queso, 100 + i);
    const state = displayStateOf(cart, none);
    expect(state.lines).toHaveLength(DISPLAY_LINES_MAX);
    expect(Value.Check(CustomerDisplayStateSchema, state)).toBe(true);
  });
});
