import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newId } from "@mostrador/kernel/db/ids";
import { type SaleFixture, seedSaleFixture, writeCounts } from "../../pos/test-fixtures.js";
import { startFakePrinter } from "../../receipts/test-printer.js";
import { updateSettings } from "@mostrador/kernel/shop/settings";
import { createSession } from "@mostrador/kernel/staff/sessions";
import { bearer, openTestApi, type TestApi } from "../test-api.js";

/** Returns over HTTP: the card caps, the slip's preview and print, and the sales list's sign of a return. */
describe("returns API", () => {
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
        lines: [{ productId: f.products.gaseosa.id, quantity: 4 }],
        payments: [
          { method: "debit", amount: 600_000 },
          { method: "cash", amount: 400_000, tendered: 500_000 },
        ],
      },
    });
    expect(sale.statusCode).toBe(201);
    lineId = sale.json().lines[0].id;
  });
  afterEach(async () => t.close());

  const postReturn = (quantity: number, refunds: unknown[]) =>
    t.app.inject({
      method: "POST",
      url: `/api/sales/${saleId}/returns`,
      headers: manager,
      payload: { id: newId(), lines: [{ saleLineId: lineId, quantity }], refunds, reason: "Vencidas" },
    });
  const summary = async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/sales", headers: manager });
    return res.json()[0] as { id: string; total: number; returnedTotal: number };
  };

  it("answers 400 card_refund_exceeds_paid to a debit refund past what the card paid, changing nothing", async () => {
    const before = writeCounts(t.core);
    const res = await postReturn(4, [{ method: "debit", amount: 1_000_000 }]);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: "card_refund_exceeds_paid",
      message: "Con débito se pagaron $ 6.000,00: se pueden reintegrar como máximo $ 6.000,00 por ese medio",
    });
    expect(writeCounts(t.core)).toEqual(before);
    expect(
      (
        await postReturn(4, [
          { method: "debit", amount: 600_000 },
          { method: "cash", amount: 400_000 },
        ])
      ).statusCode,
    ).toBe(201);
  });

  it("marks the sale in the list with what came back: part of it, then all of it", async () => {
    expect(await summary()).toMatchObject({ id: saleId, total: 1_000_000, returnedTotal: 0 });
    await postReturn(1, [
      { method: "debit", amount: 150_000 },
      { method: "cash", amount: 100_000 },
    ]);
    expect(await summary()).toMatchObject({ returnedTotal: 250_000 });
    await postReturn(3, [
      { method: "debit", amount: 450_000 },
      { method: "cash", amount: 300_000 },
    ]);
    expect(await summary()).toMatchObject({ total: 1_000_000, returnedTotal: 1_000_000 });
  });

  it("previews the return slip like a ticket and prints it; without a printer the return stays recorded", async () => {
    const created = await postReturn(1, [
      { method: "debit", amount: 150_000 },
      { method: "cash", amount: 100_000 },
    ]);
    const returnId = created.json().id as string;
    const preview = await t.app.inject({
      method: "GET",
      url: `/api/returns/${returnId}/receipt?widthMm=58`,
      headers: manager,
    });
    expect(preview.statusCode).toBe(200);
    const body = preview.json() as { lines: string[]; widthChars: number; qr: null };
    expect(body.widthChars).toBe(32);
    expect(body.lines.join("\n")).toContain("NOTA DE DEVOLUCIÓN");
    expect(body.lines.find((l) => l.startsWith("Ticket original"))).toMatch(/0001-00000001$/);
    expect(body.lines.join("\n")).toContain("Motivo: Vencidas");

    const noPrinter = await t.app.inject({
      method: "POST",
      url: `/api/returns/${returnId}/print`,
      headers: manager,
      payload: {},
    });
    expect(noPrinter.statusCode).toBe(503);
    expect(noPrinter.json().error.code).toBe("printer_unavailable");

    const printer = await startFakePrinter();
    try {
      updateSettings(t.core.db, {
        printer: { interface: printer.uri, type: "epson", widthMm: 80, openDrawerOnCash: false },
      });
      const printed = await t.app.inject({
        method: "POST",
        url: `/api/returns/${returnId}/print`,
        headers: manager,
        payload: {},
      });
      expect(printed.json()).toEqual({ printed: true });
      expect((await printer.nextJob()).includes(Buffer.from("Vencidas"))).toBe(true);
    } finally {
      await printer.close();
    }
    const unknown = await t.app.inject({
      method: "GET",
      url: `/api/returns/${newId()}/receipt`,
      headers: manager,
    });
    expect(unknown.statusCode).toBe(404);
  });
});
