import { describe, expect, it } from "vitest";
import type { Sale, SaleLine } from "../api/types.js";
import { refundFor, returnableOf } from "./return-logic.js";

const line: SaleLine = {
  id: "sl1",
  productId: "p1",
  description: "Yerba",
  unit: "each",
  quantity: 3,
  unitPrice: 1000,
  total: 2999,
  ivaRate: 2100,
};
const sale = {
  lines: [line],
  returns: [{ id: "r1", total: 1000, lines: [{ saleLineId: "sl1", quantity: 1 }] }],
} as unknown as Sale;

describe("return arithmetic", () => {
  it("subtracts what earlier returns already took back", () => {
    expect(returnableOf(sale, line)).toBe(2);
    expect(returnableOf({ ...sale, returns: [] }, line)).toBe(3);
    expect(returnableOf(sale, { ...line, returnedQuantity: 3 })).toBe(0);
  });

  it("refunds the paid total pro rata, and exactly the line total for the whole line", () => {
    expect(refundFor(line, 1)).toBe(1000); // 2999 / 3 = 999.67 → 1000
    expect(refundFor(line, 3)).toBe(2999);
    expect(refundFor(line, 0)).toBe(0);
  });
});
