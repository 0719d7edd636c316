import type { Terminal } from "@mostrador/contracts/http/settings";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, refusal, type TestCore } from "../appliance/test-core.js";
import { newId } from "@mostrador/kernel/db/ids";
import { updateSettings } from "@mostrador/kernel/shop/settings";
import { createTerminal } from "@mostrador/kernel/shop/terminals";
import { onHand } from "../stock/movements.js";
import { type CommitSaleInput, commitSale } from "./sale.js";
import { getSale, listSales } from "./sale-view.js";
import {
  closeCashSessionRow,
  MANAGER_PIN,
  openCashSessionRow,
  type SaleFixture,
  seedSaleFixture,
  writeCounts,
} from "./test-fixtures.js";

describe("committing a sale", () => {
  let core: TestCore;
  let terminal: Terminal;
  let f: SaleFixture;
  beforeEach(() => {
    core = openTestCore();
    terminal = createTerminal(core, { code: 1, name: "Caja 1" });
    f = seedSaleFixture(core, terminal);
  });
  afterEach(() => core.close());

  const twoGaseosasCash = (id = newId()): CommitSaleInput => ({
    id,
    lines: [{ productId: f.products.gaseosa.id, quantity: 2 }],
    payments: [{ method: "cash", amount: 500_000, tendered: 600_000 }],
  });

  it("writes the sale, its lines, payments, stock movements and outbox entry, with change", () => {
    const { sale, created } = commitSale(core, f.cashier, twoGaseosasCash());
    expect(created).toBe(true);
    expect(sale).toMatchObject({
      number: 1,
      displayNumber: "0001-00000001",
      terminalCode: 1,
      status: "completed",
      staffName: "Carla Cajera",
      cashSessionId: f.sessionId,
      subtotal: 500_000,
      total: 500_000,
      netTotal: 413_223,
      ivaTotal: 86_777,
      changeGiven: 100_000,
      warnings: [],
      returns: [],
    });
    expect(sale.ivaByRate).toEqual([{ rate: 2100, net: 413_223, iva: 86_777, total: 500_000 }]);
    expect(sale.lines).toHaveLength(1);
    expect(sale.lines[0]).toMatchObject({
      lineNo: 1,
      description: "Gaseosa cola 2,25 L",
      quantity: 2,
      unitPrice: 250_000,
      total: 500_000,
    });
    expect(sale.payments).toMatchObject([
      { method: "cash", amount: 500_000, tendered: 600_000, change: 100_000 },
    ]);
    expect(onHand(core.db, f.products.gaseosa.id)).toBe(98);
    const movement = core.db
      .prepare("SELECT quantity, reason, ref_id AS refId FROM stock_movements WHERE reason = 'sale'")
      .get();
    expect(movement).toEqual({ quantity: -2, reason: "sale", refId: sale.id });
    const outbox = core.db
      .prepare("SELECT op, payload FROM outbox WHERE entity = 'sale' AND entity_id = ?")
      .all(sale.id) as {
      op: string;
      payload: string;
    }[];
    expect(outbox).toHaveLength(1);
    expect(outbox[0]?.op).toBe("created");
    const payload = JSON.parse(outbox[0]?.payload ?? "{}");
    expect(payload.lines).toHaveLength(1);
    expect(payload.payments[0].amount).toBe(500_000);
    expect(payload.total).toBe(500_000);
  });

  it("announces the sale and the stock change only after the commit", () => {
    const seen: string[] = [];
    core.bus.on("sale.committed", (e) => {
      // the listener re-reads the database: the sale must already be there
      expect(getSale(core, e.saleId).total).toBe(e.total);
      seen.push(`sale ${e.number}`);
    });
    core.bus.on("stock.changed", (e) => seen.push(`stock ${e.productIds.join(",")}`));
    commitSale(core, f.cashier, twoGaseosasCash());
    expect(seen).toEqual(["sale 1", `stock ${f.products.gaseosa.id}`]);
  });

  it("numbers sales consecutively per terminal, each terminal from 1", () => {
    expect(commitSale(core, f.cashier, twoGaseosasCash()).sale.number).toBe(1);
    expect(commitSale(core, f.cashier, twoGaseosasCash()).sale.number).toBe(2);
    const other = createTerminal(core, { code: 12, name: "Caja 12" });
    openCashSessionRow(core, other.id, f.cashier.staffId);
    const there = commitSale(core, { ...f.cashier, terminalId: other.id }, twoGaseosasCash()).sale;
    expect(there).toMatchObject({ number: 1, displayNumber: "0012-00000001" });
  });

  it("returns the same sale for a resent id and never writes twice, even if the content differs", () => {
    const input = twoGaseosasCash();
    const first = commitSale(core, f.cashier, input);
    const before = writeCounts(core);
    const again = commitSale(core, f.cashier, input);
    expect(again.created).toBe(false);
    expect(again.sale).toEqual(first.sale);
    const different = commitSale(core, f.cashier, {
      ...input,
      lines: [{ productId: f.products.yerba.id }],
      payments: [{ method: "debit", amount: 480_000 }],
    });
    expect(different).toMatchObject({ created: false, sale: { total: 500_000 } });
    // upper-case spelling of the same UUID is the same sale
    expect(commitSale(core, f.cashier, { ...input, id: input.id.toUpperCase() }).created).toBe(false);
    expect(writeCounts(core)).toEqual(before);
  });

  it("refuses to sell with the cash session closed, writing nothing", () => {
    closeCashSessionRow(core, f.sessionId, f.manager.staffId);
    const before = writeCounts(core);
    const e = refusal(() => commitSale(core, f.cashier, twoGaseosasCash()));
    expect([e.kind, e.code]).toEqual(["conflict", "no_open_cash_session"]);
    expect(writeCounts(core)).toEqual(before);
  });

  it("refuses payments that do not add up, and the number is not used up", () => {
    const before = writeCounts(core);
    const e = refusal(() =>
      commitSale(core, f.cashier, { ...twoGaseosasCash(), payments: [{ method: "cash", amount: 400_000 }] }),
    );
    expect(e.code).toBe("payments_mismatch");
    expect(e.message).toContain("faltan $ 1.000,00");
    expect(writeCounts(core)).toEqual(before);
    expect(commitSale(core, f.cashier, twoGaseosasCash()).sale.number).toBe(1);
  });

  it("splits a payment between debit and cash", () => {
    const { sale } = commitSale(core, f.cashier, {
      ...twoGaseosasCash(),
      payments: [
        { method: "debit", amount: 300_000, reference: "A-123" },
        { method: "cash", amount: 200_000, tendered: 250_000 },
      ],
    });
    expect(sale.payments.map((p) => [p.method, p.amount, p.change, p.reference])).toEqual([
      ["debit", 300_000, 0, "A-123"],
      ["cash", 200_000, 50_000, null],
    ]);
    expect(sale.changeGiven).toBe(50_000);
  });

  it("sells by scanned barcode, weight label and price label", () => {
    const { sale } = commitSale(core, f.cashier, {
      id: newId(),
      lines: [
        { barcode: f.codes.gaseosa, quantity: 3 },
        { barcode: f.codes.asadoWeight750g },
        { barcode: f.codes.quesoPrice4945 },
      ],
      payments: [{ method: "credit", amount: 750_000 + 900_000 + 494_500 }],
    });
    expect(sale.lines.map((l) => [l.description, l.unit, l.quantity, l.gross, l.barcode])).toEqual([
      ["Gaseosa cola 2,25 L", "each", 3, 750_000, f.codes.gaseosa],
      ["Asado", "kg", 750, 900_000, f.codes.asadoWeight750g],
      // price label: the label's amount; the grams it implies (494500 / 10000 per g) go to stock
      ["Queso cremoso", "kg", 495, 494_500, f.codes.quesoPrice4945],
    ]);
    expect(sale.ivaByRate.map((r) => r.rate)).toEqual([2100, 1050]);
    expect(onHand(core.db, f.products.asado.id)).toBe(20_000 - 750);
  });

  it("refuses an unknown product or barcode naming the line, writing nothing", () => {
    const before = writeCounts(core);
    const unknownProduct = refusal(() =>
      commitSale(core, f.cashier, {
        ...twoGaseosasCash(),
        lines: [{ productId: f.products.yerba.id }, { productId: newId() }],
      }),
    );
    expect([unknownProduct.kind, unknownProduct.code]).toEqual(["not_found", "product_not_found"]);
    expect(unknownProduct.message).toMatch(/^Línea 2: /);
    const unknownCode = refusal(() =>
      commitSale(core, f.cashier, { ...twoGaseosasCash(), lines: [{ barcode: f.codes.unknown }] }),
    );
    expect(unknownCode.code).toBe("unknown_barcode");
    expect(writeCounts(core)).toEqual(before);
  });

  it("refuses a product taken off sale", () => {
    core.db.prepare("UPDATE products SET active = 0 WHERE id = ?").run(f.products.yerba.id);
    const e = refusal(() =>
      commitSale(core, f.cashier, { ...twoGaseosasCash(), lines: [{ productId: f.products.yerba.id }] }),
    );
    expect(e.code).toBe("product_inactive");
  });

  it("asks for the weight of a weighed product sold without a label", () => {
    const e = refusal(() =>
      commitSale(core, f.cashier, { ...twoGaseosasCash(), lines: [{ productId: f.products.asado.id }] }),
    );
    expect(e.code).toBe("quantity_required");
  });

  it.each([
    ["an empty ticket", { lines: [] }, "empty_sale"],
    ["a negative quantity", { lines: [{ quantity: -1 }] }, "invalid_quantity"],
    [
      "an unknown payment method",
      { payments: [{ method: "cheque", amount: 500_000 }] },
      "invalid_payment_method",
    ],
    ["an absurd quantity", { lines: [{ quantity: 100_001 }] }, "invalid_quantity"],
    ["a malformed id", { id: "venta-1" }, "invalid_id"],
  ])("refuses %s", (_, patch, code) => {
    const base = twoGaseosasCash();
    const lines = (patch as { lines?: object[] }).lines?.map((l) => ({
      productId: f.products.gaseosa.id,
      ...l,
    }));
    const before = writeCounts(core);
    const input = { ...base, ...patch, ...(lines ? { lines } : {}) } as CommitSaleInput;
    expect(refusal(() => commitSale(core, f.cashier, input)).code).toBe(code);
    expect(writeCounts(core)).toEqual(before);
  });

  describe("discounts above the shop's limit (10 %)", () => {
    const discounted = (value: number, approval?: { staffId: string; pin: string }): CommitSaleInput => ({
      id: newId(),
      lines: [{ productId: f.products.yerba.id, discount: { kind: "percent", value } }],
      payments: [{ method: "cash", amount: 480_000 - 480_000 * (value / 10000) }],
      ...(approval ? { approval } : {}),
    });

    it("lets a cashier give a discount up to the limit", () => {
      const { sale } = commitSale(core, f.cashier, discounted(1000));
      expect(sale).toMatchObject({ lineDiscountTotal: 48_000, total: 432_000, discountApprovedBy: null });
    });

    it("refuses a cashier's discount above the limit without approval, writing nothing", () => {
      const before = writeCounts(core);
      const e = refusal(() => commitSale(core, f.cashier, discounted(1500)));
      expect([e.kind, e.code]).toEqual(["forbidden", "approval_required"]);
      expect(e.message).toContain("15 %");
      expect(e.details).toMatchObject({ discountShareBp: 1500, limitBp: 1000 });
      expect(writeCounts(core)).toEqual(before);
    });

    it("accepts it with a manager's PIN and records who approved", () => {
      const { sale } = commitSale(
        core,
        f.cashier,
        discounted(1500, { staffId: f.manager.staffId, pin: MANAGER_PIN }),
      );
      expect(sale).toMatchObject({ total: 408_000, discountApprovedBy: f.manager.staffId });
      const audit = core.db
        .prepare(
          "SELECT staff_id AS staffId, entity_id AS entityId FROM audit_log WHERE action = 'sale.discount_approved'",
        )
        .all();
      expect(audit).toEqual([{ staffId: f.manager.staffId, entityId: sale.id }]);
    });

    it("refuses a wrong manager PIN, writes no sale, and counts the failed attempt", () => {
      const before = writeCounts(core);
      const e = refusal(() =>
        commitSale(core, f.cashier, discounted(1500, { staffId: f.manager.staffId, pin: "0000" })),
      );
      expect([e.kind, e.code]).toEqual(["unauthorized", "wrong_pin"]);
      const { audit_log: _a, ...after } = writeCounts(core);
      const { audit_log: _b, ...expected } = before;
      expect(after).toEqual(expected);
      const staff = core.db
        .prepare("SELECT failed_attempts AS n FROM staff WHERE id = ?")
        .get(f.manager.staffId) as { n: number };
      expect(staff.n).toBe(1);
    });

    it("refuses an approval by a cashier, who lacks the permission", () => {
      const e = refusal(() =>
        commitSale(core, f.cashier, discounted(1500, { staffId: f.cashier.staffId, pin: "1111" })),
      );
      expect(e.code).toBe("approver_lacks_permission");
    });

    it("lets a manager discount above the limit on their own, audited", () => {
      const { sale } = commitSale(core, f.manager, discounted(5000));
      expect(sale.discountApprovedBy).toBe(f.manager.staffId);
      expect(
        core.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'sale.discount_approved'").get(),
      ).toEqual({ n: 1 });
    });

    it("counts an amount ticket discount a centavo above the limit as above it", () => {
      const e = refusal(() =>
        commitSale(core, f.cashier, {
          id: newId(),
          lines: [{ productId: f.products.yerba.id }],
          ticketDiscount: { kind: "amount", value: 48_001 },
          payments: [{ method: "cash", amount: 431_999 }],
        }),
      );
      expect(e.code).toBe("approval_required");
    });
  });

  describe("the negative-stock policy", () => {
    const tooMuchLavandina = (): CommitSaleInput => ({
      id: newId(),
      lines: [{ productId: f.products.lavandina.id, quantity: 31 }],
      payments: [{ method: "transfer", amount: 99_999 * 31 }],
    });

    it("sells below zero with a warning kept on the sale when the shop warns", () => {
      const input = tooMuchLavandina();
      const { sale } = commitSale(core, f.cashier, input);
      expect(sale.warnings).toHaveLength(1);
      expect(sale.warnings[0]).toContain("Lavandina 1 L");
      expect(onHand(core.db, f.products.lavandina.id)).toBe(-1);
      expect(commitSale(core, f.cashier, input).sale.warnings).toEqual(sale.warnings);
    });

    it("refuses the sale when the shop blocks, writing nothing", () => {
      updateSettings(core.db, { negativeStock: "block" });
      const before = writeCounts(core);
      const e = refusal(() => commitSale(core, f.cashier, tooMuchLavandina()));
      expect([e.kind, e.code]).toEqual(["conflict", "insufficient_stock"]);
      expect(writeCounts(core)).toEqual(before);
    });
  });

  it("lists a session's sales newest first", () => {
    const a = commitSale(core, f.cashier, twoGaseosasCash()).sale;
    core.clock.advance(60_000);
    const b = commitSale(core, f.cashier, {
      ...twoGaseosasCash(),
      payments: [{ method: "debit", amount: 500_000 }],
    }).sale;
    const list = listSales(core, { sessionId: f.sessionId, limit: 10 });
    expect(list.map((s) => s.id)).toEqual([b.id, a.id]);
    expect(list[0]).toMatchObject({
      displayNumber: "0001-00000002",
      total: 500_000,
      lineCount: 1,
      methods: ["debit"],
      status: "completed",
    });
    expect(listSales(core, { sessionId: newId() })).toEqual([]);
    expect(listSales(core, { limit: 1 })).toHaveLength(1);
  });

  it("answers not found for an unknown sale id", () => {
    expect(refusal(() => getSale(core, newId())).code).toBe("sale_not_found");
  });
});
