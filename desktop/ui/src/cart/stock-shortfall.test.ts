import { describe, expect, it } from "vitest";
import { addProduct, type CartProduct, emptyCart, setQuantity, stockShortfalls } from "./cart-logic.js";

const yerba: CartProduct = {
  id: "p-yerba",
  name: "Yerba 1 kg",
  sku: "Y1",
  price: 350000,
  ivaRate: 2100,
  unit: "each",
  onHand: 33,
};
const asado: CartProduct = { ...yerba, id: "p-asado", name: "Asado", unit: "kg", onHand: 2500 };

describe("stock on hand at the line, as the quantity is set", () => {
  it("flags 1000 of a product with 33 in stock, and not 33", () => {
    let cart = addProduct(emptyCart("s"), yerba, 1);
    const key = cart.lines[0]?.key ?? "";
    expect(stockShortfalls(cart).size).toBe(0);
    cart = setQuantity(cart, key, 33);
    expect(stockShortfalls(cart).size).toBe(0);
    cart = setQuantity(cart, key, 1000);
    expect(stockShortfalls(cart).get(key)).toEqual({ productId: "p-yerba", onHand: 33, wanted: 1000 });
  });

  it("adds up the lines of one product, as the server does (weighed goods in grams)", () => {
    let cart = addProduct(emptyCart("s"), asado, 1500);
    cart = addProduct(cart, asado, 1500);
    const flagged = stockShortfalls(cart);
    expect([...flagged.keys()]).toEqual(cart.lines.map((l) => l.key));
    expect(flagged.get(cart.lines[0]?.key ?? "")).toMatchObject({ onHand: 2500, wanted: 3000 });
  });

  it("says nothing when the stock is unknown", () => {
    const { onHand: _, ...unknown } = yerba;
    expect(stockShortfalls(addProduct(emptyCart("s"), unknown, 5000)).size).toBe(0);
  });
});
