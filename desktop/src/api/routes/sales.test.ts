import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newId } from "@mostrador/kernel/db/ids";
import { MAX_AMOUNT } from "@mostrador/contracts/money";
import { MANAGER_PIN, type SaleFixture, seedSaleFixture, writeCounts } from "../../pos/test-fixtures.js";
import { createSession } from "@mostrador/kernel/staff/sessions";
import { bearer, openTestApi, type TestApi } from "../test-api.js";

describe("sales API", () => {
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

  const saleBody = (extra: Record<string, unknown> = {}) => ({
    id: newId(),
    lines: [{ productId: f.products.gaseosa.id, quantity: 2 }, { barcode: f.codes.asadoWeight750g }],
    payments: [{ method: "cash", amount: 1_400_000, tendered: 1_500_000 }],
    ...extra,
  });
  const postSale = (payload: unknown, headers = cashier) =>
    t.app.inject({ method: "POST", url: "/api/sales", headers, payload: payload as object });

  /** Sends a bad request and proves it was refused with a Spanish message and changed nothing. */
  async function expectRefused(
    send: () => Promise<{ statusCode: number; json(): unknown }>,
    status: number,
    code?: string,
  ) {
    const before = writeCounts(t.core);
    const res = await send();
    expect(res.statusCode).toBe(status);
    const body = res.json() as { error: { code: string; message: string } };
    if (code) expect(body.error.code).toBe(code);
    expect(body.error.message).toMatch(/[a-záéíóúñ]{3}/i);
    const { audit_log: _a, ...after } = writeCounts(t.core);
    const { audit_log: _b, ...expected } = before;
    expect(after).toEqual(expected);
    return body;
  }

  describe("POST /api/sales", () => {
    it("answers 201 with the sale the first time and 200 with the same sale on a resend", async () => {
      const body = saleBody();
      const first = await postSale(body);
      expect(first.statusCode).toBe(201);
      const sale = first.json();
      expect(sale).toMatchObject({
        id: body.id,
        displayNumber: "0001-00000001",
        status: "completed",
        total: 1_400_000,
        changeGiven: 100_000,
        staffName: "Carla Cajera",
        warnings: [],
      });
      expect(sale.ivaByRate.map((r: { rate: number }) => r.rate)).toEqual([2100, 1050]);
      const again = await postSale(body);
      expect(again.statusCode).toBe(200);
      expect(again.json()).toEqual(sale);
      expect(writeCounts(t.core).sales).toBe(1);
    });

    it("refuses malformed JSON", async () => {
      await expectRefused(
        () =>
          t.app.inject({
            method: "POST",
            url: "/api/sales",
            headers: { ...cashier, "content-type": "application/json" },
            payload: '{"id": "x", lines: [',
          }),
        400,
        "malformed_json",
      );
    });

    it.each([
      ["a missing id", { id: undefined }],
      ["a malformed id", { id: "venta-1" }],
      ["missing lines", { lines: undefined }],
      ["an empty ticket", { lines: [] }],
      ["missing payments", { payments: undefined }],
      ["an unknown field", { cliente: "Juan" }],
      ["a quantity of the wrong type", { lines: [{ productId: "p", quantity: "muchos" }] }],
      ["a negative quantity", { lines: [{ productId: "p", quantity: -2 }] }],
      ["a zero quantity", { lines: [{ productId: "p", quantity: 0 }] }],
      ["a fractional quantity", { lines: [{ productId: "p", quantity: 1.5 }] }],
      ["an absurd quantity", { lines: [{ productId: "p", quantity: 50_000_000 }] }],
      ["an overflowing payment", { payments: [{ method: "cash", amount: MAX_AMOUNT + 1 }] }],
      ["an unsafe integer payment", { payments: [{ method: "cash", amount: 2 ** 60 }] }],
      ["a negative payment", { payments: [{ method: "debit", amount: -100 }] }],
      ["an unknown payment method", { payments: [{ method: "cheque", amount: 100 }] }],
      ["an unknown discount kind", { ticketDiscount: { kind: "regalo", value: 1 } }],
      ["a too long reference", { payments: [{ method: "debit", amount: 1, reference: "x".repeat(81) }] }],
    ])("answers 400 to %s, changing nothing", async (_, patch) => {
      await expectRefused(() => postSale(saleBody(patch)), 400, "invalid_input");
    });

    it("answers 400 to more units than a shop could sell, changing nothing", async () => {
      const body = await expectRefused(
        () => postSale(saleBody({ lines: [{ productId: f.products.gaseosa.id, quantity: 100_001 }] })),
        400,
        "invalid_quantity",
      );
      expect(body.error.message).toContain("Línea 1");
    });

    it("answers 400 to a line price past the maximum amount, changing nothing", async () => {
      t.core.db.prepare("UPDATE products SET price = ? WHERE id = ?").run(MAX_AMOUNT, f.products.gaseosa.id);
      await expectRefused(
        () => postSale(saleBody({ lines: [{ productId: f.products.gaseosa.id, quantity: 2 }] })),
        400,
        "amount_too_large",
      );
    });

    it("answers 404 to an unknown product id, changing nothing", async () => {
      const body = await expectRefused(
        () => postSale(saleBody({ lines: [{ productId: newId(), quantity: 1 }] })),
        404,
        "product_not_found",
      );
      expect(body.error.message).toContain("Línea 1");
    });

    it("answers 404 to an unknown barcode, changing nothing", async () => {
      await expectRefused(
        () => postSale(saleBody({ lines: [{ barcode: f.codes.unknown }] })),
        404,
        "unknown_barcode",
      );
    });

    it("answers 400 to a misread barcode, changing nothing", async () => {
      const misread = `${f.codes.gaseosa.slice(0, 12)}${(Number(f.codes.gaseosa[12]) + 1) % 10}`;
      await expectRefused(
        () => postSale(saleBody({ lines: [{ barcode: misread }] })),
        400,
        "bad_check_digit",
      );
    });

    it("answers 400 with the missing amount in pesos when payments do not add up, changing nothing", async () => {
      const body = await expectRefused(
        () => postSale(saleBody({ payments: [{ method: "cash", amount: 1_000_000 }] })),
        400,
        "payments_mismatch",
      );
      expect(body.error.message).toBe("Los pagos no cubren el total: faltan $ 4.000,00 de $ 14.000,00");
    });

    it("answers 400 to a card paying more than the total, changing nothing", async () => {
      await expectRefused(
        () => postSale(saleBody({ payments: [{ method: "credit", amount: 1_500_000 }] })),
        400,
        "payment_exceeds_due",
      );
    });

    it("answers 403 to a discount above the limit without approval, changing nothing", async () => {
      const body = await expectRefused(
        () =>
          postSale(
            saleBody({
              ticketDiscount: { kind: "percent", value: 2000 },
              payments: [{ method: "cash", amount: 1_120_000 }],
            }),
          ),
        403,
        "approval_required",
      );
      expect(body.error.message).toContain("20 %");
    });

    it("answers 401 to a wrong approval PIN, changing nothing but the attempt count", async () => {
      const res = await expectRefused(
        () =>
          postSale(
            saleBody({
              ticketDiscount: { kind: "percent", value: 2000 },
              payments: [{ method: "cash", amount: 1_120_000 }],
              approval: { staffId: f.manager.staffId, pin: "0000" },
            }),
          ),
        401,
        "wrong_pin",
      );
      expect(res.error.message).toMatch(/PIN incorrecto/);
    });

    it("accepts a discount above the limit with a manager's PIN", async () => {
      const res = await postSale(
        saleBody({
          ticketDiscount: { kind: "percent", value: 2000 },
          payments: [{ method: "cash", amount: 1_120_000 }],
          approval: { staffId: f.manager.staffId, pin: MANAGER_PIN },
        }),
      );
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({
        total: 1_120_000,
        ticketDiscountTotal: 280_000,
        discountApprovedBy: f.manager.staffId,
      });
    });

    it("answers 409 when the till's cash session is not open, changing nothing", async () => {
      t.core.db.prepare("DELETE FROM cash_sessions").run();
      await expectRefused(() => postSale(saleBody()), 409, "no_open_cash_session");
    });

    it("answers 401 without a session", async () => {
      await expectRefused(() => postSale(saleBody(), {}), 401, "not_logged_in");
    });
  });

  describe("reading sales", () => {
    it("lists the session's sales and reads one with lines and payments", async () => {
      const body = saleBody();
      await postSale(body);
      const list = await t.app.inject({
        method: "GET",
        url: `/api/sales?sessionId=${f.sessionId}&limit=5`,
        headers: cashier,
      });
      expect(list.statusCode).toBe(200);
      expect(list.json()).toMatchObject([{ id: body.id, displayNumber: "0001-00000001", total: 1_400_000 }]);
      const one = await t.app.inject({ method: "GET", url: `/api/sales/${body.id}`, headers: cashier });
      expect(one.statusCode).toBe(200);
      expect(one.json().lines).toHaveLength(2);
      expect(one.json().payments).toHaveLength(1);
      expect(one.json().returns).toEqual([]);
    });

    it.each(["limit=0", "limit=100000", "limit=abc", "desde=ayer"])(
      "answers 400 to a list query with %s",
      async (q) => {
        const res = await t.app.inject({ method: "GET", url: `/api/sales?${q}`, headers: cashier });
        expect(res.statusCode).toBe(400);
        expect(res.json().error.code).toBe("invalid_input");
      },
    );

    it("answers 404 to an unknown sale", async () => {
      const res = await t.app.inject({ method: "GET", url: `/api/sales/${newId()}`, headers: cashier });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe("sale_not_found");
    });
  });

  describe("POST /api/sales/:id/void", () => {
    let saleId: string;
    beforeEach(async () => {
      saleId = (await postSale(saleBody())).json().id;
    });
    const voidIt = (payload: unknown, headers = cashier, id = saleId) =>
      t.app.inject({ method: "POST", url: `/api/sales/${id}/void`, headers, payload: payload as object });

    it("answers 403 to a cashier without approval, changing nothing", async () => {
      await expectRefused(() => voidIt({ reason: "Error" }), 403, "approval_required");
    });

    it("voids with a manager's approval and answers the voided sale", async () => {
      const res = await voidIt({
        reason: "Cobrado dos veces",
        approval: { staffId: f.manager.staffId, pin: MANAGER_PIN },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        status: "voided",
        voidReason: "Cobrado dos veces",
        voidApprovedBy: f.manager.staffId,
      });
    });

    it("answers 409 to voiding twice", async () => {
      expect((await voidIt({ reason: "Error" }, manager)).statusCode).toBe(200);
      await expectRefused(() => voidIt({ reason: "Error" }, manager), 409, "sale_already_voided");
    });

    it.each([
      ["no reason", {}],
      ["an empty reason", { reason: "" }],
      ["a reason too long", { reason: "x".repeat(201) }],
      ["an approval without a PIN", { reason: "x", approval: { staffId: "m" } }],
      ["an unknown field", { reason: "x", force: true }],
    ])("answers 400 to %s, changing nothing", async (_, payload) => {
      await expectRefused(() => voidIt(payload, manager), 400, "invalid_input");
    });

    it("answers 404 to an unknown sale", async () => {
      await expectRefused(() => voidIt({ reason: "Error" }, manager, newId()), 404, "sale_not_found");
    });
  });

  describe("POST /api/sales/:id/returns", () => {
    let sale: { id: string; lines: { id: string; total: number; quantity: number }[] };
    beforeEach(async () => {
      sale = (await postSale(saleBody())).json();
    });
    const gaseosaLine = () => sale.lines[0] ?? { id: "", total: 0, quantity: 0 };
    const returnBody = (extra: Record<string, unknown> = {}) => ({
      id: newId(),
      lines: [{ saleLineId: gaseosaLine().id, quantity: 1 }],
      refunds: [{ method: "cash", amount: 250_000 }],
      reason: "Envase roto",
      ...extra,
    });
    const postReturn = (payload: unknown, headers = manager, id = sale.id) =>
      t.app.inject({ method: "POST", url: `/api/sales/${id}/returns`, headers, payload: payload as object });

    it("answers 201 with the return, then 200 with the same return on a resend", async () => {
      const body = returnBody();
      const first = await postReturn(body);
      expect(first.statusCode).toBe(201);
      expect(first.json()).toMatchObject({
        id: body.id,
        total: 250_000,
        displayNumber: "0001-00000001",
        reason: "Envase roto",
      });
      const again = await postReturn(body);
      expect(again.statusCode).toBe(200);
      expect(again.json()).toEqual(first.json());
      const read = await t.app.inject({ method: "GET", url: `/api/sales/${sale.id}`, headers: cashier });
      expect(read.json().returns).toHaveLength(1);
      expect(read.json().lines[0].returnedQuantity).toBe(1);
    });

    it("answers 403 to a cashier without approval, changing nothing", async () => {
      await expectRefused(() => postReturn(returnBody(), cashier), 403, "approval_required");
    });

    it.each([
      ["a zero quantity", { lines: [{ saleLineId: "l", quantity: 0 }] }],
      ["a negative quantity", { lines: [{ saleLineId: "l", quantity: -1 }] }],
      ["no lines", { lines: [] }],
      ["no reason", { reason: undefined }],
      ["a refund of zero", { refunds: [{ method: "cash", amount: 0 }] }],
      ["a refund with change", { refunds: [{ method: "cash", amount: 250_000, tendered: 300_000 }] }],
      ["a malformed id", { id: "dev-1" }],
    ])("answers 400 to %s, changing nothing", async (_, patch) => {
      await expectRefused(() => postReturn(returnBody(patch)), 400, "invalid_input");
    });

    it("answers 400 to returning more than was sold, changing nothing", async () => {
      await expectRefused(
        () => postReturn(returnBody({ lines: [{ saleLineId: gaseosaLine().id, quantity: 3 }] })),
        400,
        "return_exceeds_sold",
      );
    });

    it("answers 400 to refunds that do not add up, changing nothing", async () => {
      await expectRefused(
        () => postReturn(returnBody({ refunds: [{ method: "cash", amount: 200_000 }] })),
        400,
        "refunds_mismatch",
      );
    });

    it("answers 404 to an unknown sale line or sale, changing nothing", async () => {
      await expectRefused(
        () => postReturn(returnBody({ lines: [{ saleLineId: newId(), quantity: 1 }] })),
        404,
        "sale_line_not_found",
      );
      await expectRefused(() => postReturn(returnBody(), manager, newId()), 404, "sale_not_found");
    });
  });
});
