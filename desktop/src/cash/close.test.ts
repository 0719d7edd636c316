import type { Terminal } from "@mostrador/contracts/http/settings";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, type TestCore } from "../appliance/test-core.js";
import { createTerminal } from "@mostrador/kernel/shop/terminals";
import type { Principal } from "@mostrador/kernel/staff/sessions";
import { closeSession, getXReport, getZReport } from "./close.js";
import { addCashMovement, openSession } from "./sessions.js";
import { insertProductRow, insertReturn, insertSale, insertStaffRow } from "./test-sales.js";

describe("blind close and X/Z reports", () => {
  let core: TestCore;
  let terminal: Terminal;
  let cashier: Principal;
  let manager: Principal;
  let sessionId: string;
  let productId: string;
  beforeEach(() => {
    core = openTestCore();
    terminal = createTerminal(core, { code: 3, name: "Caja 3" });
    cashier = insertStaffRow(core, "cashier", terminal.id, "Lucía");
    manager = insertStaffRow(core, "manager", terminal.id, "Martín");
    productId = insertProductRow(core);
    sessionId = openSession(core, cashier, 10000).id;
  });
  afterEach(() => core.close());

  /** Float 10000; cash, mixed, card and voided sales; a cash refund; cash in 2000 and out 1500. */
  function ringUpTheDay() {
    const base = { sessionId, terminalId: terminal.id, staffId: cashier.staffId, productId };
    // Cash sale of 2500 paid with 5000: the payment row holds 2500 (tendered minus change).
    const cashSale = insertSale(core, {
      ...base,
      lines: [{ rate: 2100, total: 2500, net: 2066, iva: 434 }],
      payments: [{ method: "cash", amount: 2500, tendered: 5000 }],
      changeGiven: 2500,
    });
    // Mixed sale: 6600 before 400 line and 200 ticket discount = 6000, paid 1000 cash + 5000 debit.
    insertSale(core, {
      ...base,
      lineDiscount: 400,
      ticketDiscount: 200,
      lines: [
        { rate: 2100, total: 4000, net: 3306, iva: 694 },
        { rate: 1050, total: 2000, net: 1810, iva: 190 },
      ],
      payments: [
        { method: "cash", amount: 1000 },
        { method: "debit", amount: 5000 },
      ],
    });
    insertSale(core, {
      ...base,
      lines: [{ rate: 2100, total: 3000, net: 2479, iva: 521 }],
      payments: [{ method: "credit", amount: 3000 }],
    });
    // Voided: must not move cash, sales or IVA.
    insertSale(core, {
      ...base,
      status: "voided",
      lines: [{ rate: 2100, total: 9999, net: 8264, iva: 1735 }],
      payments: [{ method: "cash", amount: 9999 }],
    });
    insertReturn(core, {
      saleId: cashSale.saleId,
      saleLineId: cashSale.lineIds[0] as string,
      sessionId,
      terminalId: terminal.id,
      staffId: manager.staffId,
      line: { rate: 2100, total: 1000, net: 826, iva: 174 },
      refunds: [{ method: "cash", amount: 1000 }],
    });
    addCashMovement(core, cashier, { kind: "in", amount: 2000, reason: "Cambio del banco" });
    addCashMovement(core, cashier, { kind: "out", amount: 1500, reason: "Pago a proveedor" });
  }

  it("expects float + cash sales − cash refunds + cash in − cash out, ignoring voided and card sales", () => {
    ringUpTheDay();
    core.clock.advance(8 * 3600_000);
    const z = closeSession(core, manager, 12800);
    // 10000 + (2500 + 1000) − 1000 + 2000 − 1500
    expect(z.expectedCash).toBe(13000);
    expect(z.countedCash).toBe(12800);
    expect(z.difference).toBe(-200);
    expect(z.salesCount).toBe(3);
    expect(z.grossSales).toBe(12100);
    expect(z.discounts).toBe(600);
    expect(z.voids).toEqual({ count: 1, total: 9999 });
    expect(z.returns).toEqual({ count: 1, total: 1000 });
    expect(z.byMethod).toEqual([
      { method: "cash", sales: 3500, refunds: 1000, net: 2500 },
      { method: "debit", sales: 5000, refunds: 0, net: 5000 },
      { method: "credit", sales: 3000, refunds: 0, net: 3000 },
      { method: "transfer", sales: 0, refunds: 0, net: 0 },
      { method: "account", sales: 0, refunds: 0, net: 0 },
      { method: "points", sales: 0, refunds: 0, net: 0 },
      { method: "card", sales: 0, refunds: 0, net: 0 },
    ]);
    expect(z.byIvaRate).toEqual([
      { rate: 2100, net: 7025, iva: 1475, total: 8500 },
      { rate: 1050, net: 1810, iva: 190, total: 2000 },
      { rate: 0, net: 0, iva: 0, total: 0 },
    ]);
    expect(z.cashIn).toBe(2000);
    expect(z.cashOut).toBe(1500);
    expect(z).toMatchObject({
      openedBy: "Lucía",
      closedBy: "Martín",
      closedAt: "2026-11-21T21:00:00.000Z",
      terminal: { code: 3 },
    });
  });

  it("gives the same figures in a mid-shift X report without closing or writing anything", () => {
    ringUpTheDay();
    const outboxBefore = core.db.prepare("SELECT COUNT(*) AS n FROM outbox").get();
    const x = getXReport(core, manager);
    expect(x.expectedCash).toBe(13000);
    expect(x.countedCash).toBeNull();
    expect(x.difference).toBeNull();
    expect(x.closedAt).toBeNull();
    expect(core.db.prepare("SELECT status FROM cash_sessions WHERE id = ?").get(sessionId)).toEqual({
      status: "open",
    });
    expect(core.db.prepare("SELECT COUNT(*) AS n FROM outbox").get()).toEqual(outboxBefore);
  });

  it("freezes the Z report, closes the session, audits, enqueues it and announces the change", () => {
    ringUpTheDay();
    const events: unknown[] = [];
    core.bus.on("cash.changed", (e) => events.push(e));
    const z = closeSession(core, manager, 13000);
    expect(z.difference).toBe(0);
    // A sale row inserted later (it should never happen) does not change the printed Z report.
    insertSale(core, {
      sessionId,
      terminalId: terminal.id,
      staffId: cashier.staffId,
      productId,
      lines: [{ rate: 0, total: 500, net: 500, iva: 0 }],
      payments: [{ method: "cash", amount: 500 }],
    });
    expect(getZReport(core, sessionId)).toEqual(z);
    const row = core.db
      .prepare("SELECT status, counted_cash, expected_cash, closed_by FROM cash_sessions WHERE id = ?")
      .get(sessionId);
    expect(row).toEqual({
      status: "closed",
      counted_cash: 13000,
      expected_cash: 13000,
      closed_by: manager.staffId,
    });
    const outbox = core.db
      .prepare("SELECT payload FROM outbox WHERE entity = 'cash_session' AND op = 'closed'")
      .all() as { payload: string }[];
    expect(outbox.map((o) => JSON.parse(o.payload))).toEqual([z]);
    const audit = core.db
      .prepare("SELECT staff_id, details FROM audit_log WHERE action = 'cash.close_z'")
      .get() as { staff_id: string; details: string };
    expect(audit.staff_id).toBe(manager.staffId);
    expect(JSON.parse(audit.details)).toEqual({ countedCash: 13000, expectedCash: 13000, difference: 0 });
    expect(events).toEqual([{ sessionId, terminalId: terminal.id, status: "closed" }]);
  });

  it("refuses to close a till with no open session, and a second close, changing nothing", () => {
    closeSession(core, manager, 10000);
    expect(() => closeSession(core, manager, 10000)).toThrow(
      expect.objectContaining({ code: "no_open_session" }),
    );
    expect(
      core.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'cash.close_z'").get(),
    ).toEqual({ n: 1 });
  });

  it("refuses a close by a cashier and a counted amount that is negative, fractional or absurd", () => {
    expect(() => closeSession(core, cashier, 10000)).toThrow(expect.objectContaining({ kind: "forbidden" }));
    for (const bad of [-1, 10.5, Number.NaN, 1e15]) {
      expect(() => closeSession(core, manager, bad)).toThrow(
        expect.objectContaining({ code: "invalid_amount" }),
      );
    }
    expect(core.db.prepare("SELECT status FROM cash_sessions WHERE id = ?").get(sessionId)).toEqual({
      status: "open",
    });
  });

  it("refuses the Z report of a session that is still open", () => {
    expect(() => getZReport(core, sessionId)).toThrow(
      expect.objectContaining({ code: "session_still_open" }),
    );
    expect(() => getZReport(core, "nope")).toThrow(expect.objectContaining({ kind: "not_found" }));
  });
});
