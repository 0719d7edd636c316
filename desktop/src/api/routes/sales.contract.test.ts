import { ReturnSchema, SaleList, SaleSchema } from "@mostrador/contracts/http/sales";
import { PrinterStatusSchema, ReceiptSchema } from "@mostrador/contracts/http/receipts";
import { Type } from "@sinclair/typebox";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newId } from "@mostrador/kernel/db/ids";
import { getReturn } from "../../pos/return-view.js";
import { getSale, listSales } from "../../pos/sale-view.js";
import { MANAGER_PIN, seedSaleFixture, type SaleFixture } from "../../pos/test-fixtures.js";
import { createSession } from "@mostrador/kernel/staff/sessions";
import { schemaErrors } from "@mostrador/contracts/http/schema-errors";
import { expectAnswer } from "@mostrador/contracts/http/test-contract-check";
import { bearer, openTestApi, type TestApi } from "../test-api.js";

/** The till's answers for sales, voids, returns and receipts hold to contracts/src/http/sales.ts and receipts.ts. */
describe("sales API answers the HTTP contract", () => {
  let t: TestApi;
  let f: SaleFixture;
  let manager: Record<string, string>;
  beforeEach(async () => {
    t = await openTestApi();
    f = seedSaleFixture(t.core, t.terminal);
    manager = bearer(createSession(t.core, f.manager.staffId, t.terminal.id));
  });
  afterEach(async () => t.close());

  const sell = (payload: Record<string, unknown>) =>
    t.app.inject({ method: "POST", url: "/api/sales", headers: manager, payload });

  it("a sale with a weighed line, discounts, card and cash with change, its resend, list and detail", async () => {
    const id = newId();
    const payload = {
      id,
      lines: [
        { productId: f.products.gaseosa.id, quantity: 2, discount: { kind: "percent", value: 1000 } },
        { productId: f.products.asado.id, quantity: 750 },
      ],
      ticketDiscount: { kind: "amount", value: 10_000 },
      payments: [
        { method: "debit", amount: 500_000, reference: "V-123" },
        { method: "cash", amount: 840_000, tendered: 1_000_000 },
      ],
    };
    const created = await sell(payload);
    expect(created.statusCode, created.body).toBe(201);
    expectAnswer(SaleSchema, created, getSale(t.core, id));
    const sale = created.json();
    expect(sale.ticketDiscount).toEqual({ kind: "amount", value: 10_000 });
    expect(sale.payments[1]).toMatchObject({ tendered: 1_000_000, change: 160_000 });

    const resent = await sell(payload);
    expect(resent.statusCode).toBe(200);
    expectAnswer(SaleSchema, resent, getSale(t.core, id));

    const list = await t.app.inject({ method: "GET", url: "/api/sales?limit=5", headers: manager });
    expectAnswer(SaleList, list, listSales(t.core, { limit: 5 }));
    const detail = await t.app.inject({ method: "GET", url: `/api/sales/${id}`, headers: manager });
    expectAnswer(SaleSchema, detail, getSale(t.core, id));

    const receipt = await t.app.inject({ method: "GET", url: `/api/sales/${id}/receipt`, headers: manager });
    expectAnswer(ReceiptSchema, receipt);
    expect(receipt.json().lines.length).toBeGreaterThan(5);
  });

  it("a return with its refunds, the sale that carries it, its slip; a void", async () => {
    const id = newId();
    const created = await sell({
      id,
      lines: [{ productId: f.products.yerba.id, quantity: 3 }],
      payments: [{ method: "cash", amount: 1_440_000 }],
    });
    const lineId = created.json().lines[0].id as string;
    const returnId = newId();
    const ret = await t.app.inject({
      method: "POST",
      url: `/api/sales/${id}/returns`,
      headers: manager,
      payload: {
        id: returnId,
        lines: [{ saleLineId: lineId, quantity: 1 }],
        refunds: [{ method: "cash", amount: 480_000 }],
        reason: "Vencida",
      },
    });
    expect(ret.statusCode).toBe(201);
    expectAnswer(ReturnSchema, ret, getReturn(t.core, returnId));
    const withReturn = await t.app.inject({ method: "GET", url: `/api/sales/${id}`, headers: manager });
    expectAnswer(SaleSchema, withReturn, getSale(t.core, id));
    expect(withReturn.json().lines[0].returnedQuantity).toBe(1);
    const slip = await t.app.inject({
      method: "GET",
      url: `/api/returns/${returnId}/receipt`,
      headers: manager,
    });
    expectAnswer(ReceiptSchema, slip);

    const other = newId();
    await sell({
      id: other,
      lines: [{ productId: f.products.gaseosa.id }],
      payments: [{ method: "cash", amount: 250_000 }],
    });
    const voided = await t.app.inject({
      method: "POST",
      url: `/api/sales/${other}/void`,
      headers: manager,
      payload: { reason: "Cobrada dos veces", approval: { staffId: f.manager.staffId, pin: MANAGER_PIN } },
    });
    expectAnswer(SaleSchema, voided, getSale(t.core, other));
    expect(voided.json()).toMatchObject({ status: "voided", voidReason: "Cobrada dos veces" });
  });

  it("the printer's status, with no printer configured", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/printer/status", headers: manager });
    expectAnswer(PrinterStatusSchema, res);
  });

  it("a schema that disagrees with the answer is caught, so the checks above can fail", () => {
    expect(schemaErrors(Type.Object({ total: Type.String() }), { total: 1 })).not.toEqual([]);
    expect(schemaErrors(SaleSchema, { id: "x" })).not.toEqual([]);
  });
});
