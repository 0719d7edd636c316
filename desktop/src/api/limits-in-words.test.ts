import { MAX_AMOUNT, MAX_LINE_GRAMS, MAX_LINE_UNITS } from "@mostrador/contracts/limits";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newId } from "@mostrador/kernel/db/ids";
import { formatMoney } from "@mostrador/contracts/money";
import { type SaleFixture, seedSaleFixture } from "../pos/test-fixtures.js";
import { createSession } from "@mostrador/kernel/staff/sessions";
import { bearer, openTestApi, type TestApi } from "./test-api.js";

/**
 * Every number the till sends is refused with its real limit in words, the same figures the till's fields
 * show ("$ 10.000.000.000,00", "100.000", "mayor que $ 0,00"), never a bare count of centavos.
 */
describe("the API says a number's limit in words", () => {
  let t: TestApi;
  let f: SaleFixture;
  let cashier: Record<string, string>;
  let manager: Record<string, string>;
  beforeEach(async () => {
    t = await openTestApi();
    f = seedSaleFixture(t.core, t.terminal);
    cashier = bearer(createSession(t.core, f.cashier.staffId, t.terminal.id));
    manager = bearer(createSession(t.core, f.manager.staffId, t.terminal.id));
  });
  afterEach(async () => t.close());

  const send = async (url: string, payload: object, headers = cashier) => {
    const res = await t.app.inject({ method: "POST", url, headers, payload });
    expect(res.statusCode).toBe(400);
    return (res.json() as { error: { message: string } }).error.message;
  };
  const max = formatMoney(MAX_AMOUNT);
  const zero = formatMoney(0);

  it("cash: float, cash in/out and counted cash", async () => {
    expect(max).toBe("$ 10.000.000.000,00");
    expect(await send("/api/cash/open", { openingFloat: MAX_AMOUNT + 1 })).toBe(
      `El campo "openingFloat" admite como máximo ${max}`,
    );
    expect(await send("/api/cash/open", { openingFloat: -1 })).toBe(
      'El campo "openingFloat" no puede ser negativo',
    );
    expect(await send("/api/cash/movements", { kind: "out", amount: 0, reason: "x" })).toBe(
      `El campo "amount" debe ser mayor que ${zero}`,
    );
    expect(await send("/api/cash/movements", { kind: "in", amount: MAX_AMOUNT + 1, reason: "x" })).toBe(
      `El campo "amount" admite como máximo ${max}`,
    );
    expect(await send("/api/cash/close", { countedCash: MAX_AMOUNT + 1 }, manager)).toBe(
      `El campo "countedCash" admite como máximo ${max}`,
    );
  });

  it("sales: line quantity and payment amount; the domain names units and grams", async () => {
    const sale = (line: object, payment: object) => ({
      id: newId(),
      lines: [{ productId: f.products.gaseosa.id, ...line }],
      payments: [{ method: "cash", ...payment }],
    });
    expect(await send("/api/sales", sale({ quantity: 0 }, { amount: 100 }))).toBe(
      'El campo "lines.0.quantity" debe ser mayor que 0',
    );
    expect(await send("/api/sales", sale({ quantity: 1 }, { amount: 0 }))).toBe(
      `El campo "payments.0.amount" debe ser mayor que ${zero}`,
    );
    expect(await send("/api/sales", sale({ quantity: 1 }, { amount: MAX_AMOUNT + 1 }))).toBe(
      `El campo "payments.0.amount" admite como máximo ${max}`,
    );
    expect(await send("/api/sales", sale({ quantity: MAX_LINE_GRAMS + 1 }, { amount: 100 }))).toContain(
      "como máximo 1.000.000 (unidades, o gramos si se vende por peso)",
    );
    // Within the schema's bound but past the units limit: the domain says the units limit.
    expect(await send("/api/sales", sale({ quantity: MAX_LINE_UNITS + 1 }, { amount: 100 }))).toBe(
      "Línea 1: indicá una cantidad entera entre 1 y 100.000",
    );
  });
});
