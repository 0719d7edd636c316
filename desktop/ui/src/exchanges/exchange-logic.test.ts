import { describe, expect, it } from "vitest";
import {
  addItem,
  changeOfRows,
  exchangeFigures,
  newItemsTotal,
  rowsSettle,
  type NewItem,
} from "./exchange-logic.js";

const shirtL = {
  id: "p-l",
  name: "Camisa L",
  unit: "each" as const,
  price: 2_500_000,
  ivaRate: 2100 as const,
};
const cheese = { id: "p-q", name: "Queso", unit: "kg" as const, price: 1_000_000, ivaRate: 2100 as const };

describe("the exchange form's arithmetic", () => {
  it("prices the new items as the server does, and a second scan of the same item adds a unit", () => {
    let items: NewItem[] = addItem([], shirtL, 1);
    items = addItem(items, shirtL, 1);
    expect(items).toHaveLength(1);
    expect(items[0]?.quantity).toBe(2);
    items = addItem(items, cheese, 250);
    expect(newItemsTotal(items)).toBe(5_000_000 + 250_000);
    expect(newItemsTotal([])).toBe(0);
  });

  it("applies the credit up to what the new items cost and leaves the difference, either way", () => {
    expect(exchangeFigures(2_000_000, 2_500_000)).toEqual({
      returned: 2_000_000,
      taken: 2_500_000,
      credit: 2_000_000,
      difference: 500_000,
    });
    expect(exchangeFigures(2_500_000, 2_000_000)).toMatchObject({ credit: 2_000_000, difference: -500_000 });
  });

  it("settles a difference only with rows that add up to it exactly", () => {
    const cash = (amount: number, tendered: number | null = null) => ({
      method: "cash" as const,
      amount,
      tendered,
      reference: "",
    });
    expect(rowsSettle(500_000, [cash(500_000, 1_000_000)])).toBe(true);
    expect(changeOfRows([cash(500_000, 1_000_000)])).toBe(500_000);
    expect(rowsSettle(500_000, [cash(400_000)])).toBe(false);
    expect(rowsSettle(500_000, [cash(500_000, 400_000)])).toBe(false);
    expect(rowsSettle(-500_000, [cash(500_000)])).toBe(true);
    expect(rowsSettle(-500_000, [cash(500_000, 600_000)])).toBe(false);
    expect(rowsSettle(0, [])).toBe(true);
    expect(rowsSettle(0, [cash(1)])).toBe(false);
  });
});
