import type { ScaleLayout } from "@mostrador/contracts/http/settings";
import { gs1CheckDigit, hasValidCheckDigit, withCheckDigit } from "@mostrador/contracts/pos/gs1";
import { describe, expect, it } from "vitest";
import { DomainError } from "@mostrador/kernel/core/errors";
import { DEFAULT_SETTINGS } from "@mostrador/kernel/shop/settings";

import { buildScaleLabel, parseScaleLabel } from "./scale-barcode.js";

const layouts = DEFAULT_SETTINGS.scaleLayouts; // 20 = price in whole pesos, 21 = grams
const price = layouts[0] as ScaleLayout;
const weight = layouts[1] as ScaleLayout;

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  return undefined;
}

describe("GS1 check digits", () => {
  it("computes the check digit of known real EAN-13, EAN-8 and UPC-A codes", () => {
    expect(hasValidCheckDigit("7790895000997")).toBe(true); // EAN-13
    expect(hasValidCheckDigit("4006381333931")).toBe(true); // EAN-13 (GS1 example)
    expect(hasValidCheckDigit("96385074")).toBe(true); // EAN-8
    expect(hasValidCheckDigit("036000291452")).toBe(true); // UPC-A
    expect(gs1CheckDigit("779089500099")).toBe(7);
  });

  it("rejects a code whose last digit was misread", () => {
    expect(hasValidCheckDigit("7790895000998")).toBe(false);
    expect(hasValidCheckDigit("96385075")).toBe(false);
  });

  it("appends the digit that makes the code valid", () => {
    expect(withCheckDigit("779000000001")).toMatch(/^\d{13}$/);
    expect(hasValidCheckDigit(withCheckDigit("779000000001"))).toBe(true);
  });
});

describe("label-scale EAN-13", () => {
  it("reads a price label as centavos (whole pesos × priceScale)", () => {
    const code = withCheckDigit("200004501234");
    expect(parseScaleLabel(code, layouts)).toEqual({
      prefix: 20,
      itemCode: 45,
      kind: "price",
      value: 123_400,
    });
  });

  it("reads a weight label as grams", () => {
    const code = withCheckDigit("210001201250");
    expect(parseScaleLabel(code, layouts)).toEqual({ prefix: 21, itemCode: 12, kind: "weight", value: 1250 });
  });

  it("keeps leading zeros out of item code and value (00007 is item 7, 00085 is 85 g)", () => {
    const label = parseScaleLabel(buildScaleLabel(weight, 7, 85), layouts);
    expect(label).toMatchObject({ itemCode: 7, value: 85 });
    expect(buildScaleLabel(weight, 7, 85).slice(0, 12)).toBe("210000700085");
  });

  it("refuses a label whose check digit is wrong", () => {
    const good = buildScaleLabel(price, 45, 123_400);
    const bad = `${good.slice(0, 12)}${(Number(good[12]) + 1) % 10}`;
    expect(codeOf(() => parseScaleLabel(bad, layouts))).toBe("bad_check_digit");
  });

  it("refuses a 2x code whose prefix has no configured layout", () => {
    expect(codeOf(() => parseScaleLabel(withCheckDigit("250004501234"), layouts))).toBe(
      "unknown_scale_prefix",
    );
  });

  it("honours a shop's own layout (6-digit item, 4-digit grams on prefix 27)", () => {
    const own: ScaleLayout = { prefix: 27, itemDigits: 6, valueDigits: 4, kind: "weight", priceScale: 1 };
    expect(parseScaleLabel(withCheckDigit("271234560750"), [own])).toMatchObject({
      itemCode: 123456,
      value: 750,
    });
  });

  it("refuses a label carrying zero weight", () => {
    expect(codeOf(() => parseScaleLabel(withCheckDigit("210001200000"), layouts))).toBe("empty_scale_label");
  });

  it("ignores codes that are not label-scale codes", () => {
    expect(parseScaleLabel("7790895000997", layouts)).toBeNull();
    expect(parseScaleLabel("2000045", layouts)).toBeNull();
  });
});
