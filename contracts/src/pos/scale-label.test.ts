import { describe, expect, it } from "vitest";
import type { ScaleLayout } from "../http/settings.js";
import { withCheckDigit } from "./gs1.js";
import { readScaleLabel } from "./scale-label.js";

const price: ScaleLayout = { prefix: 20, itemDigits: 5, valueDigits: 5, kind: "price", priceScale: 100 };
const weight: ScaleLayout = { prefix: 21, itemDigits: 4, valueDigits: 6, kind: "weight", priceScale: 1 };

describe("readScaleLabel", () => {
  it("reads item and price with the layout of the code's prefix", () => {
    expect(readScaleLabel(withCheckDigit("200012301234"), [price, weight])).toEqual({
      ok: true,
      label: { prefix: 20, itemCode: 123, kind: "price", value: 123400 },
    });
  });

  it("splits the digits as the layout says (4 item digits, 6 value digits)", () => {
    expect(readScaleLabel(withCheckDigit("210042001250"), [price, weight])).toEqual({
      ok: true,
      label: { prefix: 21, itemCode: 42, kind: "weight", value: 1250 },
    });
  });

  it("says why a code cannot be read", () => {
    expect(readScaleLabel("7791234567898", [price])).toEqual({ ok: false, problem: "not_scale_code" });
    const good = withCheckDigit("200012301234");
    const misread = `${good.slice(0, 12)}${(Number(good[12]) + 1) % 10}`;
    expect(readScaleLabel(misread, [price])).toEqual({ ok: false, problem: "bad_check_digit" });
    expect(readScaleLabel(withCheckDigit("250012301234"), [price])).toEqual({
      ok: false,
      problem: "unknown_scale_prefix",
      prefix: 25,
    });
    expect(readScaleLabel(withCheckDigit("200012300000"), [price])).toEqual({
      ok: false,
      problem: "empty_scale_label",
      prefix: 20,
    });
    const short: ScaleLayout = { ...price, valueDigits: 4 };
    expect(readScaleLabel(withCheckDigit("200012301234"), [short])).toEqual({
      ok: false,
      problem: "bad_scale_layout",
      prefix: 20,
    });
  });
});
