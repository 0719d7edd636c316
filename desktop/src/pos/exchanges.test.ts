import type { Terminal } from "@mostrador/contracts/http/settings";
import type { Sale } from "@mostrador/contracts/http/sales";
import { proposeRefunds, refundableByMethod } from "@mostrador/contracts/pos/refunds";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, refusal, type TestCore } from "../appliance/test-core.js";
import { updateProduct } from "../catalog/product-writes.js";
import { newId } from "@mostrador/kernel/db/ids";
import { createTerminal } from "@mostrador/kernel/shop/terminals";
import { buildReport } from "../cash/reports.js";
import { onHand } from "../stock/movements.js";
import { commitExchange, type ExchangeInput } from "./exchanges.js";
import { commitReturn } from "./returns.js";
import { commitSale } from "./sale.js";
import { getSale } from "./sale-view.js";
import { MANAGER_PIN, type SaleFixture, seedSaleFixture, writeCounts } from "./test-fixtures.js";
import { voidSale } from "./voids.js";

describe("exchanges (cambios)", () => {
  let core: TestCore;
  let terminal: Terminal;
  let f: SaleFixture;
  let sale: Sale;
  beforeEach(() => {
    core = openTestCore();
    terminal = createTerminal(core, { code: 2, name: "Caja 2" });
    f = seedSaleFixture(core, terminal);
    // 2 gaseosas ($ 2.500 each) and a lavandina ($ 999,99): $ 5.999,99, paid $ 3.000 debit + the rest cash
    sale = commitSale(core, f.manager, {
      id: newId(),
      lines: [
        { productId: f.products.gaseosa.id, quantity: 2 },
        { productId: f.products.lavandina.id, quantity: 1 },
      ],
      payments: [
        { method: "debit", amount: 300_000 },
        { method: "cash", amount: 299_999 },
      ],
    }).sale;
  });
  afterEach(() => core.close());

  const gaseosaLine = () => sale.lines[0]?.id ?? "";
  const lavandinaLine = () => sale.lines[1]?.id ?? "";
  /** One gaseosa back for one yerba ($ 4.800): $ 2.300 to pay. */
  const gaseosaForYerba = (extra: Partial<ExchangeInput> = {}): ExchangeInput => ({
    id: newId(),
    saleId: sale.id,
    returnLines: [{ saleLineId: gaseosaLine(), quantity: 1 }],
    newLines: [{ productId: f.products.yerba.id, quantity: 1 }],
    payments: [{ method: "cash", amount: 230_000, tendered: 300_000 }],
    refunds: [],
    reason: "Otro sabor",
    ...extra,
  });

  it("takes a dearer item back for one returned, the customer paying the difference in cash, in one go", () => {
    const { exchange, created } = commitExchange(core, f.manager, gaseosaForYerba());
    expect(created).toBe(true);
    expect(exchange).toMatchObject({ originalSaleId: sale.id, credit: 250_000, difference: 230_000 });
    expect(exchange.returned).toMatchObject({ saleId: sale.id, total: 250_000, reason: "Otro sabor" });
    expect(exchange.returned.refunds.map((r) => [r.method, r.amount])).toEqual([["exchange", 250_000]]);
    expect(exchange.sale).toMatchObject({ total: 480_000, changeGiven: 70_000 });
    expect(exchange.sale.payments.map((p) => [p.method, p.amount, p.tendered])).toEqual([
      ["exchange", 250_000, null],
      ["cash", 230_000, 300_000],
    ]);
    expect(onHand(core.db, f.products.gaseosa.id)).toBe(100 - 2 + 1);
    expect(onHand(core.db, f.products.yerba.id)).toBe(50 - 1);
    expect(getSale(core, sale.id).lines[0]?.returnedQuantity).toBe(1);
    // Both halves travel to the cloud as the ops they are: a return and a sale.
    const ops = core.db
      .prepare(
        "SELECT entity, entity_id AS id, op FROM outbox WHERE entity IN ('return', 'sale') ORDER BY seq",
      )
      .all();
    expect(ops.slice(-2)).toEqual([
      { entity: "return", id: exchange.returned.id, op: "created" },
      { entity: "sale", id: exchange.sale.id, op: "created" },
    ]);
  });

  it("refunds the difference when the new item costs less, by the original card within what it paid", () => {
    const input = gaseosaForYerba({
      newLines: [{ productId: f.products.lavandina.id, quantity: 1 }],
      payments: [],
      refunds: [{ method: "debit", amount: 150_001, reference: "Lote 7" }],
    });
    const { exchange } = commitExchange(core, f.manager, input);
    expect(exchange).toMatchObject({ credit: 99_999, difference: -150_001 });
    expect(exchange.returned.refunds.map((r) => [r.method, r.amount])).toEqual([
      ["exchange", 99_999],
      ["debit", 150_001],
    ]);
    expect(exchange.sale.payments.map((p) => [p.method, p.amount])).toEqual([["exchange", 99_999]]);
  });

  it("refuses a card refund of the difference beyond what the card paid on the original sale", () => {
    const before = writeCounts(core);
    const e = refusal(() =>
      commitExchange(
        core,
        f.manager,
        gaseosaForYerba({
          newLines: [{ productId: f.products.lavandina.id, quantity: 1 }],
          payments: [],
          refunds: [{ method: "credit", amount: 150_001 }],
        }),
      ),
    );
    expect(e.code).toBe("card_refund_exceeds_paid");
    expect(writeCounts(core)).toEqual(before);
  });

  it("moves no money in an even exchange", () => {
    const { exchange } = commitExchange(
      core,
      f.manager,
      gaseosaForYerba({ newLines: [{ productId: f.products.gaseosa.id, quantity: 1 }], payments: [] }),
    );
    expect(exchange).toMatchObject({ credit: 250_000, difference: 0 });
    expect(exchange.sale.payments.map((p) => p.method)).toEqual(["exchange"]);
    expect(exchange.returned.refunds.map((r) => r.method)).toEqual(["exchange"]);
  });

  it("refuses, changing nothing, every exchange it cannot honour", () => {
    commitReturn(core, f.manager, sale.id, {
      id: newId(),
      lines: [{ saleLineId: lavandinaLine(), quantity: 1 }],
      refunds: [{ method: "cash", amount: 99_999 }],
      reason: "Fallada",
    });
    const before = writeCounts(core);
    const code = (input: ExchangeInput) => refusal(() => commitExchange(core, f.manager, input)).code;
    expect(code(gaseosaForYerba({ returnLines: [{ saleLineId: gaseosaLine(), quantity: 3 }] }))).toBe(
      "return_exceeds_sold",
    );
    expect(code(gaseosaForYerba({ returnLines: [{ saleLineId: lavandinaLine(), quantity: 1 }] }))).toBe(
      "return_exceeds_sold",
    );
    expect(code(gaseosaForYerba({ returnLines: [] }))).toBe("empty_exchange");
    expect(code(gaseosaForYerba({ newLines: [] }))).toBe("empty_exchange");
    expect(code(gaseosaForYerba({ payments: [{ method: "cash", amount: 200_000 }] }))).toBe(
      "payments_mismatch",
    );
    expect(code(gaseosaForYerba({ payments: [{ method: "debit", amount: 300_000 }] }))).toBe(
      "payment_exceeds_due",
    );
    expect(code(gaseosaForYerba({ payments: [], refunds: [{ method: "cash", amount: 1 }] }))).toBe(
      "payments_mismatch",
    );
    expect(
      code(
        gaseosaForYerba({
          newLines: [{ productId: f.products.gaseosa.id, quantity: 1 }],
          payments: [{ method: "cash", amount: 1 }],
        }),
      ),
    ).toBe("exchange_nothing_to_pay");
    expect(
      code(
        gaseosaForYerba({
          newLines: [{ productId: f.products.gaseosa.id, quantity: 1 }],
          payments: [],
          refunds: [{ method: "cash", amount: 1 }],
        }),
      ),
    ).toBe("exchange_nothing_to_refund");
    expect(code(gaseosaForYerba({ payments: [{ method: "exchange", amount: 230_000 }] }))).toBe(
      "exchange_credit_outside_exchange",
    );
    expect(code(gaseosaForYerba({ saleId: newId() }))).toBe("sale_not_found");
    expect(code(gaseosaForYerba({ id: "no-uuid" }))).toBe("invalid_id");
    expect(writeCounts(core)).toEqual(before);
    updateProduct(core, f.products.yerba.id, { active: false });
    const beforeInactive = writeCounts(core);
    const inactive = refusal(() => commitExchange(core, f.manager, gaseosaForYerba()));
    expect(inactive.code).toBe("product_inactive");
    expect(inactive.message).toMatch(/Línea 1: .*dado de baja/);
    expect(writeCounts(core)).toEqual(beforeInactive);
  });

  it("refuses an exchange against a voided sale", () => {
    voidSale(core, f.manager, sale.id, { reason: "Error de carga" });
    const e = refusal(() => commitExchange(core, f.manager, gaseosaForYerba()));
    expect([e.kind, e.code]).toEqual(["conflict", "sale_voided"]);
  });

  it("needs a manager's PIN for a cashier, as a return does, and records who approved", () => {
    const before = writeCounts(core);
    expect(refusal(() => commitExchange(core, f.cashier, gaseosaForYerba())).code).toBe("approval_required");
    expect(writeCounts(core)).toEqual(before);
    const { exchange } = commitExchange(
      core,
      f.cashier,
      gaseosaForYerba({ approval: { staffId: f.manager.staffId, pin: MANAGER_PIN } }),
    );
    expect(exchange.returned).toMatchObject({ staffId: f.cashier.staffId, approvedBy: f.manager.staffId });
    expect(exchange.sale.staffId).toBe(f.cashier.staffId);
  });

  it("returns the same exchange for a resent id without writing twice", () => {
    const input = gaseosaForYerba();
    const first = commitExchange(core, f.manager, input).exchange;
    const before = writeCounts(core);
    const again = commitExchange(core, f.manager, { ...input, id: input.id.toUpperCase() });
    expect(again.created).toBe(false);
    expect(again.exchange).toEqual(first);
    expect(writeCounts(core)).toEqual(before);
  });

  it("keeps the credit inside the exchange: no plain sale or return may use it, nor void the new sale", () => {
    const plainSale = refusal(() =>
      commitSale(core, f.manager, {
        id: newId(),
        lines: [{ productId: f.products.yerba.id }],
        payments: [{ method: "exchange", amount: 480_000 }],
      }),
    );
    expect(plainSale.code).toBe("exchange_credit_outside_exchange");
    const plainReturn = refusal(() =>
      commitReturn(core, f.manager, sale.id, {
        id: newId(),
        lines: [{ saleLineId: gaseosaLine(), quantity: 1 }],
        refunds: [{ method: "exchange", amount: 250_000 }],
        reason: "x",
      }),
    );
    expect(plainReturn.code).toBe("exchange_credit_outside_exchange");
    const { exchange } = commitExchange(core, f.manager, gaseosaForYerba());
    const e = refusal(() => voidSale(core, f.manager, exchange.sale.id, { reason: "Me equivoqué" }));
    expect(e.code).toBe("sale_is_exchange");
  });

  it("proposes cash, not the credit, when the new item of an exchange is returned later", () => {
    const { exchange } = commitExchange(core, f.manager, gaseosaForYerba());
    const proposal = proposeRefunds(480_000, refundableByMethod(exchange.sale.payments));
    expect(proposal).toEqual([{ method: "cash", amount: 480_000 }]);
    const later = commitReturn(core, f.manager, exchange.sale.id, {
      id: newId(),
      lines: [{ saleLineId: exchange.sale.lines[0]?.id ?? "", quantity: 1 }],
      refunds: proposal,
      reason: "Arrepentido",
    }).saleReturn;
    expect(later.total).toBe(480_000);
  });

  it("counts the exchange apart in the X/Z figures: only the difference moves the drawer", () => {
    const before = buildReport(core, f.sessionId);
    commitExchange(core, f.manager, gaseosaForYerba()); // $ 2.300 paid in cash
    commitExchange(
      core,
      f.manager,
      gaseosaForYerba({
        returnLines: [{ saleLineId: lavandinaLine(), quantity: 1 }],
        newLines: [{ barcode: f.codes.gaseosa }],
        payments: [{ method: "debit", amount: 150_001 }],
      }),
    );
    const after = buildReport(core, f.sessionId);
    expect(after.exchanges).toEqual({ count: 2, credit: 250_000 + 99_999 });
    expect(after.expectedCash - before.expectedCash).toBe(230_000);
    const method = (m: string) => after.byMethod.find((x) => x.method === m);
    expect(method("exchange")).toEqual({ method: "exchange", sales: 349_999, refunds: 349_999, net: 0 });
    expect((method("debit")?.net ?? 0) - (before.byMethod.find((x) => x.method === "debit")?.net ?? 0)).toBe(
      150_001,
    );
    expect(after.returns.count - before.returns.count).toBe(2);
    expect(after.salesCount - before.salesCount).toBe(2);
  });
});
