import { describe, expect, it } from "vitest";
import { MAX_LINE_UNITS } from "@mostrador/contracts/limits";
import { addTap, removeOne, roundTotal, sameRound, unitsOf } from "./bar-cart.js";

const fernet = { productId: "f", name: "Fernet con cola", price: 600_000, active: true };
const cerveza = { productId: "c", name: "Cerveza tirada", price: 450_000, active: true };

describe("the bar's round", () => {
  it("a second tap on a product is one more of the same line, not a new line", () => {
    const lines = addTap(addTap(addTap([], fernet), cerveza), fernet);
    expect(lines.map((l) => [l.name, l.quantity])).toEqual([
      ["Fernet con cola", 2],
      ["Cerveza tirada", 1],
    ]);
    expect(roundTotal(lines)).toBe(1_650_000);
    expect(unitsOf(lines)).toBe(3);
  });

  it("the minus takes one off and the line goes at zero", () => {
    const two = addTap(addTap([], fernet), fernet);
    expect(removeOne(two, "f")).toEqual([{ ...two[0], quantity: 1 }]);
    expect(removeOne(removeOne(two, "f"), "f")).toEqual([]);
    expect(roundTotal([])).toBe(0);
  });

  it("taps stop at the till's unit limit for one line", () => {
    const full = [{ productId: "f", name: "Fernet con cola", price: 600_000, quantity: MAX_LINE_UNITS }];
    expect(addTap(full, fernet)[0]!.quantity).toBe(MAX_LINE_UNITS);
  });

  it("a round is the same only with the same products, quantities and prices, in any order", () => {
    const a = addTap(addTap([], fernet), cerveza);
    const b = addTap(addTap([], cerveza), fernet);
    expect(sameRound(a, b)).toBe(true);
    expect(sameRound(a, addTap(a, fernet))).toBe(false);
    expect(sameRound(a, [{ ...a[0]!, price: 1 }, a[1]!])).toBe(false);
  });
});
