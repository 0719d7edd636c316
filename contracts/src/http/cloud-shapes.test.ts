import { Value } from "@sinclair/typebox/value";
import { describe, expect, it } from "vitest";
import { PRODUCT_FIELD_NAMES } from "../sync/catalog.js";
import { CompactClocks, compactClocks, expandClocks, PRODUCT_CLOCK_FIELDS } from "./cloud-shapes.js";

const OLD = "001772452800000-00000-cloud";
const NEW = "001772452860000-00003-a1b2c3d4";

describe("products' clocks on the wire, compact", () => {
  it("gives every product field a bit, so no field's clock is lost", () => {
    expect([...PRODUCT_CLOCK_FIELDS].sort()).toEqual([...PRODUCT_FIELD_NAMES].sort());
  });

  it("sends one entry per distinct clock, oldest first, and expands back to the same clocks", () => {
    const clocks = Object.fromEntries(PRODUCT_CLOCK_FIELDS.map((f) => [f, OLD]));
    clocks.price = NEW;
    const wire = compactClocks(clocks)!;
    expect(Value.Check(CompactClocks, wire)).toBe(true);
    expect(wire).toEqual([
      [OLD, 2 ** PRODUCT_CLOCK_FIELDS.length - 1 - 2 ** PRODUCT_CLOCK_FIELDS.indexOf("price")],
      [NEW, 2 ** PRODUCT_CLOCK_FIELDS.indexOf("price")],
    ]);
    expect(expandClocks(wire)).toEqual(clocks);
    expect(JSON.stringify(wire).length).toBeLessThan(JSON.stringify(clocks).length / 5);
  });

  it("keeps a field without a clock without one, and a field outside the list by its name", () => {
    const clocks = { sku: OLD, name: OLD, origin: NEW };
    const wire = compactClocks(clocks)!;
    expect(wire).toEqual([
      [OLD, 3],
      [NEW, 0, "origin"],
    ]);
    expect(expandClocks(wire)).toEqual(clocks);
    expect(compactClocks({})).toBeNull();
    expect(expandClocks(null)).toEqual({});
  });

  it("reads the object form as it is (a cloud or Electric that does not compact)", () => {
    expect(expandClocks({ price: NEW })).toEqual({ price: NEW });
  });

  it("skips bits past the fields this side knows (a newer cloud's field)", () => {
    expect(expandClocks([[NEW, 1 + 2 ** 30]])).toEqual({ sku: NEW });
  });
});
