import type { Terminal } from "@mostrador/contracts/http/settings";
import type { Sale } from "@mostrador/contracts/http/sales";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, refusal, type TestCore } from "../appliance/test-core.js";
import { newId } from "@mostrador/kernel/db/ids";
import { createTerminal } from "@mostrador/kernel/shop/terminals";
import { onHand } from "../stock/movements.js";
import { commitReturn, type ReturnInput } from "./returns.js";
import { commitSale } from "./sale.js";
import { getSale } from "./sale-view.js";
import {
  closeCashSessionRow,
  MANAGER_PIN,
  openCashSessionRow,
  type SaleFixture,
  seedSaleFixture,
  writeCounts,
} from "./test-fixtures.js";
import { voidSale } from "./voids.js";

describe("returns against a sale", () => {
  let core: TestCore;
  let terminal: Terminal;
  let f: SaleFixture;
  let sale: Sale;
  beforeEach(() => {
    core = openTestCore();
    terminal = createTerminal(core, { code: 3, name: "Caja 3" });
    f = seedSaleFixture(core, terminal);
    // 3 × $ 999,99 with a $ 100,00 ticket discount spread over the line and 2 gaseosas: awkward shares on purpose
    sale = commitSale(core, f.cashier, {
      id: newId(),
      lines: [
        { productId: f.products.lavandina.id, quantity: 3 },
        { productId: f.products.gaseosa.id, quantity: 2 },
      ],
      ticketDiscount: { kind: "amount", value: 10_000 },
      payments: [{ method: "cash", amount: 299_997 + 500_000 - 10_000 }],
    }).sale;
  });
  afterEach(() => core.close());

  const lavandinaLine = () => sale.lines[0]?.id ?? "";
  const giveBack = (quantity: number, total: number, extra: Partial<ReturnInput> = {}): ReturnInput => ({
    id: newId(),
    lines: [{ saleLineId: lavandinaLine(), quantity }],
    refunds: [{ method: "cash", amount: total }],
    reason: "Producto fallado",
    ...extra,
  });

  it("refunds a partial return in proportion to the line total, and puts the stock back", () => {
    const line = sale.lines[0];
    if (!line) throw new Error("no line");
    const expected = Math.round((line.total * 1) / 3);
    const { saleReturn, created } = commitReturn(core, f.manager, sale.id, giveBack(1, expected));
    expect(created).toBe(true);
    expect(saleReturn).toMatchObject({
      number: 1,
      displayNumber: "0003-00000001",
      saleDisplayNumber: "0003-00000001",
      total: expected,
    });
    expect(saleReturn.lines[0]).toMatchObject({
      saleLineId: line.id,
      quantity: 1,
      total: expected,
      ivaRate: 2100,
    });
    expect(saleReturn.netTotal + saleReturn.ivaTotal).toBe(saleReturn.total);
    expect(onHand(core.db, f.products.lavandina.id)).toBe(30 - 3 + 1);
    expect(getSale(core, sale.id).lines[0]?.returnedQuantity).toBe(1);
    expect(getSale(core, sale.id).returns.map((r) => r.id)).toEqual([saleReturn.id]);
    expect(
      core.db.prepare("SELECT op FROM outbox WHERE entity = 'return' AND entity_id = ?").all(saleReturn.id),
    ).toEqual([{ op: "created" }]);
    expect(core.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'sale.return'").get()).toEqual(
      { n: 1 },
    );
  });

  it("refunds exactly what was paid once everything has come back", () => {
    const line = sale.lines[0];
    if (!line) throw new Error("no line");
    const first = commitReturn(core, f.manager, sale.id, giveBack(1, Math.round(line.total / 3))).saleReturn;
    const second = commitReturn(
      core,
      f.manager,
      sale.id,
      giveBack(1, Math.round((line.total * 2) / 3) - first.total),
    ).saleReturn;
    const rest = line.total - first.total - second.total;
    const last = commitReturn(core, f.manager, sale.id, giveBack(1, rest)).saleReturn;
    expect(first.total + second.total + last.total).toBe(line.total);
    expect(first.netTotal + second.netTotal + last.netTotal).toBe(line.net);
    expect(first.ivaTotal + second.ivaTotal + last.ivaTotal).toBe(line.iva);
    expect(last.number).toBe(3);
  });

  it("returns the whole sale for exactly the sale total", () => {
    const { saleReturn } = commitReturn(core, f.manager, sale.id, {
      id: newId(),
      lines: sale.lines.map((l) => ({ saleLineId: l.id, quantity: l.quantity })),
      refunds: [
        { method: "transfer", amount: 500_000, reference: "CBU 99" },
        { method: "cash", amount: sale.total - 500_000 },
      ],
      reason: "Cliente arrepentido",
    });
    expect(saleReturn.total).toBe(sale.total);
    expect(saleReturn.netTotal).toBe(sale.netTotal);
    expect(saleReturn.ivaTotal).toBe(sale.ivaTotal);
  });

  it("never refunds a negative amount however tiny the line: 8 units for 5 centavos, one by one", () => {
    const tiny = commitSale(core, f.manager, {
      id: newId(),
      lines: [
        { productId: f.products.yerba.id, quantity: 8, discount: { kind: "amount", value: 480_000 * 8 - 5 } },
      ],
      payments: [{ method: "cash", amount: 5 }],
    }).sale;
    const lineId = tiny.lines[0]?.id ?? "";
    const totals: number[] = [];
    for (let i = 0; i < 8; i++) {
      const left = 5 - totals.reduce((s, v) => s + v, 0);
      // the domain decides the amount; find it by trying the proportional figure first
      const amount = Math.round((5 * (i + 1)) / 8) - (5 - left);
      const input = {
        id: newId(),
        lines: [{ saleLineId: lineId, quantity: 1 }],
        refunds: amount > 0 ? [{ method: "cash" as const, amount }] : [],
        reason: "prueba",
      };
      totals.push(commitReturn(core, f.manager, tiny.id, input).saleReturn.total);
    }
    expect(totals.every((t) => t >= 0)).toBe(true);
    expect(totals.reduce((s, v) => s + v, 0)).toBe(5);
  });

  it("refuses returning more than was sold minus what already came back, writing nothing", () => {
    commitReturn(core, f.manager, sale.id, giveBack(2, Math.round(((sale.lines[0]?.total ?? 0) * 2) / 3)));
    const before = writeCounts(core);
    const e = refusal(() => commitReturn(core, f.manager, sale.id, giveBack(2, 1)));
    expect(e.code).toBe("return_exceeds_sold");
    expect(e.message).toContain("quedan 1 para devolver");
    expect(writeCounts(core)).toEqual(before);
  });

  it("refunds a debit + cash sale by each card at most what it paid, across returns, writing nothing when refused", () => {
    const mixed = commitSale(core, f.cashier, {
      id: newId(),
      lines: [{ productId: f.products.gaseosa.id, quantity: 2 }],
      payments: [
        { method: "debit", amount: 300_000, reference: "cupón 7" },
        { method: "cash", amount: 200_000 },
      ],
    }).sale;
    const one = (refunds: ReturnInput["refunds"]): ReturnInput => ({
      id: newId(),
      lines: [{ saleLineId: mixed.lines[0]?.id ?? "", quantity: 1 }],
      refunds,
      reason: "Vencida",
    });
    // One gaseosa is $ 2.500: more than that by debit is fine once, but not past the $ 3.000 the card paid.
    commitReturn(core, f.manager, mixed.id, one([{ method: "debit", amount: 250_000 }]));
    const before = writeCounts(core);
    const e = refusal(() =>
      commitReturn(core, f.manager, mixed.id, one([{ method: "debit", amount: 250_000 }])),
    );
    expect(e.code).toBe("card_refund_exceeds_paid");
    expect(e.message).toContain("se pueden reintegrar como máximo $ 500,00 por ese medio");
    expect(writeCounts(core)).toEqual(before);
    const last = commitReturn(
      core,
      f.manager,
      mixed.id,
      one([
        { method: "debit", amount: 50_000 },
        { method: "cash", amount: 200_000 },
      ]),
    ).saleReturn;
    expect(last.refunds.map((r) => [r.method, r.amount])).toEqual([
      ["debit", 50_000],
      ["cash", 200_000],
    ]);
  });

  it("refuses a card refund of a sale paid only in cash", () => {
    const total = Math.round((sale.lines[0]?.total ?? 0) / 3);
    const e = refusal(() =>
      commitReturn(
        core,
        f.manager,
        sale.id,
        giveBack(1, total, { refunds: [{ method: "credit", amount: total }] }),
      ),
    );
    expect(e.code).toBe("card_refund_exceeds_paid");
  });

  it("refuses refunds that do not add up to the return total", () => {
    const before = writeCounts(core);
    const e = refusal(() => commitReturn(core, f.manager, sale.id, giveBack(1, 1)));
    expect(e.code).toBe("refunds_mismatch");
    expect(e.message).toMatch(/faltan \$ /);
    expect(writeCounts(core)).toEqual(before);
  });

  it("needs a manager for a cashier's return, and records who approved", () => {
    const amount = Math.round((sale.lines[0]?.total ?? 0) / 3);
    expect(refusal(() => commitReturn(core, f.cashier, sale.id, giveBack(1, amount))).code).toBe(
      "approval_required",
    );
    const { saleReturn } = commitReturn(
      core,
      f.cashier,
      sale.id,
      giveBack(1, amount, { approval: { staffId: f.manager.staffId, pin: MANAGER_PIN } }),
    );
    expect(saleReturn).toMatchObject({ staffId: f.cashier.staffId, approvedBy: f.manager.staffId });
  });

  it("refuses a return against a voided sale", () => {
    voidSale(core, f.manager, sale.id, { reason: "Error de carga" });
    const e = refusal(() => commitReturn(core, f.manager, sale.id, giveBack(1, 1)));
    expect([e.kind, e.code]).toEqual(["conflict", "sale_voided"]);
  });

  it("returns the same return for a resent id without writing twice", () => {
    const input = giveBack(1, Math.round((sale.lines[0]?.total ?? 0) / 3));
    const first = commitReturn(core, f.manager, sale.id, input);
    const before = writeCounts(core);
    const again = commitReturn(core, f.manager, sale.id, input);
    expect(again).toEqual({ saleReturn: first.saleReturn, created: false });
    expect(writeCounts(core)).toEqual(before);
  });

  it("takes a return at another till into that till's open session and numbering", () => {
    const other = createTerminal(core, { code: 7, name: "Caja 7" });
    const otherSession = openCashSessionRow(core, other.id, f.manager.staffId);
    const { saleReturn } = commitReturn(
      core,
      { ...f.manager, terminalId: other.id },
      sale.id,
      giveBack(1, Math.round((sale.lines[0]?.total ?? 0) / 3)),
    );
    expect(saleReturn).toMatchObject({
      cashSessionId: otherSession,
      displayNumber: "0007-00000001",
      saleDisplayNumber: "0003-00000001",
    });
  });

  it.each([
    ["no open cash session", "no_open_cash_session"],
    ["an unknown sale line", "sale_line_not_found"],
    ["a zero quantity", "invalid_quantity"],
    ["a repeated line", "duplicate_return_line"],
    ["no reason", "reason_required"],
    ["an unknown sale", "sale_not_found"],
  ])("refuses %s, writing nothing", (what, code) => {
    let saleId = sale.id;
    let input = giveBack(1, Math.round((sale.lines[0]?.total ?? 0) / 3));
    if (what === "no open cash session") closeCashSessionRow(core, f.sessionId, f.manager.staffId);
    if (what === "an unknown sale line") input = { ...input, lines: [{ saleLineId: newId(), quantity: 1 }] };
    if (what === "a zero quantity")
      input = { ...input, lines: [{ saleLineId: lavandinaLine(), quantity: 0 }] };
    if (what === "a repeated line") input = { ...input, lines: [...input.lines, ...input.lines] };
    if (what === "no reason") input = { ...input, reason: "   " };
    if (what === "an unknown sale") saleId = newId();
    const before = writeCounts(core);
    expect(refusal(() => commitReturn(core, f.manager, saleId, input)).code).toBe(code);
    expect(writeCounts(core)).toEqual(before);
  });
});
