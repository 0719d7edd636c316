import { ExchangeSchema } from "@mostrador/contracts/http/exchanges";
import { ReceiptSchema } from "@mostrador/contracts/http/receipts";
import { expectAnswer } from "@mostrador/contracts/http/test-contract-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newId } from "@mostrador/kernel/db/ids";
import { updateSettings } from "@mostrador/kernel/shop/settings";
import { createSession } from "@mostrador/kernel/staff/sessions";
import { getExchange } from "../../pos/exchanges.js";
import { type SaleFixture, seedSaleFixture, writeCounts } from "../../pos/test-fixtures.js";
import { startFakePrinter } from "../../receipts/test-printer.js";
import { bearer, openTestApi, type TestApi } from "../test-api.js";

/** Exchanges over HTTP: the contract, the resend, refusals of bad bodies, the exchange ticket. */
describe("exchanges API", () => {
  let t: TestApi;
  let f: SaleFixture;
  let manager: Record<string, string>;
  let saleId: string;
  let lineId: string;
  beforeEach(async () => {
    t = await openTestApi();
    f = seedSaleFixture(t.core, t.terminal);
    manager = bearer(createSession(t.core, f.manager.staffId, t.terminal.id));
    saleId = newId();
    const sale = await t.app.inject({
      method: "POST",
      url: "/api/sales",
      headers: manager,
      payload: {
        id: saleId,
        lines: [{ productId: f.products.gaseosa.id, quantity: 2 }],
        payments: [{ method: "cash", amount: 500_000 }],
      },
    });
    expect(sale.statusCode).toBe(201);
    lineId = sale.json().lines[0].id;
  });
  afterEach(async () => t.close());

  const body = (extra: Record<string, unknown> = {}) => ({
    id: newId(),
    saleId,
    returnLines: [{ saleLineId: lineId, quantity: 1 }],
    newLines: [{ productId: f.products.yerba.id }],
    payments: [{ method: "cash", amount: 230_000, tendered: 250_000 }],
    refunds: [],
    reason: "Otro sabor",
    ...extra,
  });
  const post = (payload: unknown) =>
    t.app.inject({ method: "POST", url: "/api/exchanges", headers: manager, payload: payload as object });

  it("answers 201 with both halves, then 200 with the same exchange for a resend, as the contract says", async () => {
    const payload = body();
    const created = await post(payload);
    expect(created.statusCode).toBe(201);
    expectAnswer(ExchangeSchema, created, getExchange(t.core, payload.id));
    expect(created.json()).toMatchObject({ credit: 250_000, difference: 230_000 });
    const again = await post(payload);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(created.json());
    const read = await t.app.inject({ method: "GET", url: `/api/exchanges/${payload.id}`, headers: manager });
    expect(read.json()).toEqual(created.json());
  });

  it("refuses bodies that break the contract or the rules with a Spanish error, changing nothing", async () => {
    const before = writeCounts(t.core);
    const cases: [unknown, number, string][] = [
      [body({ returnLines: [] }), 400, "invalid_input"],
      [body({ newLines: [] }), 400, "invalid_input"],
      [body({ refunds: undefined }), 400, "invalid_input"],
      [body({ payments: [{ method: "bitcoin", amount: 1 }] }), 400, "invalid_input"],
      [body({ payments: [{ method: "cash", amount: 1 }] }), 400, "payments_mismatch"],
      [
        body({ payments: [{ method: "exchange", amount: 230_000 }] }),
        400,
        "exchange_credit_outside_exchange",
      ],
      [body({ returnLines: [{ saleLineId: lineId, quantity: 3 }] }), 400, "return_exceeds_sold"],
      [body({ saleId: newId() }), 404, "sale_not_found"],
    ];
    for (const [payload, status, code] of cases) {
      const res = await post(payload);
      expect([res.statusCode, res.json().error.code]).toEqual([status, code]);
      expect(res.json().error.message).toMatch(/[a-záéíóúñ]/);
    }
    const unknown = await t.app.inject({ method: "GET", url: `/api/exchanges/${newId()}`, headers: manager });
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, "exchange_not_found"]);
    expect(writeCounts(t.core)).toEqual(before);
  });

  it("previews and prints one ticket with both halves and the difference", async () => {
    const payload = body();
    expect((await post(payload)).statusCode).toBe(201);
    const preview = await t.app.inject({
      method: "GET",
      url: `/api/exchanges/${payload.id}/receipt`,
      headers: manager,
    });
    expectAnswer(ReceiptSchema, preview);
    const text = (preview.json() as { lines: string[] }).lines.join("\n");
    for (const part of ["CAMBIO", "Devuelve", "Gaseosa cola 2,25 L", "Lleva", "Yerba mate 1 kg"])
      expect(text).toContain(part);
    expect(text).toMatch(/DIFERENCIA A PAGAR\s+\$ 2\.300,00/);
    expect(text).toMatch(/Su vuelto\s+\$ 200,00/);
    const printer = await startFakePrinter();
    try {
      updateSettings(t.core.db, {
        printer: { interface: printer.uri, type: "epson", widthMm: 80, openDrawerOnCash: false },
      });
      const printed = await t.app.inject({
        method: "POST",
        url: `/api/exchanges/${payload.id}/print`,
        headers: manager,
        payload: {},
      });
      expect(printed.json()).toEqual({ printed: true });
      expect((await printer.nextJob()).includes(Buffer.from("CAMBIO"))).toBe(true);
    } finally {
      await printer.close();
    }
  });
});
