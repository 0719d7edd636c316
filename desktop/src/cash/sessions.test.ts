import type { Terminal } from "@mostrador/contracts/http/settings";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, type TestCore } from "../appliance/test-core.js";
import { createTerminal } from "@mostrador/kernel/shop/terminals";
import type { Principal } from "@mostrador/kernel/staff/sessions";
import {
  addCashMovement,
  getCurrentSession,
  openSession,
  recordDrawerOpen,
  requireOpenSession,
} from "./sessions.js";
import { insertStaffRow } from "./test-sales.js";

const count = (core: TestCore, table: string) =>
  (core.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

describe("cash sessions", () => {
  let core: TestCore;
  let terminal: Terminal;
  let cashier: Principal;
  let manager: Principal;
  beforeEach(() => {
    core = openTestCore();
    terminal = createTerminal(core, { code: 1, name: "Caja 1" });
    cashier = insertStaffRow(core, "cashier", terminal.id, "Lucía");
    manager = insertStaffRow(core, "manager", terminal.id, "Martín");
  });
  afterEach(() => core.close());

  it("opens a till with its float, enqueues it and announces it after commit", () => {
    const events: unknown[] = [];
    core.bus.on("cash.changed", (e) => events.push(e));
    const session = openSession(core, cashier, 10000);
    expect(session).toMatchObject({
      status: "open",
      openingFloat: 10000,
      openedBy: "Lucía",
      terminalId: terminal.id,
      cashIn: 0,
    });
    expect(getCurrentSession(core, terminal.id)?.id).toBe(session.id);
    expect(core.db.prepare("SELECT op FROM outbox WHERE entity = 'cash_session'").all()).toEqual([
      { op: "opened" },
    ]);
    expect(events).toEqual([{ sessionId: session.id, terminalId: terminal.id, status: "open" }]);
  });

  it("refuses a second open session on the same till, changing nothing", () => {
    openSession(core, cashier, 10000);
    const outbox = count(core, "outbox");
    expect(() => openSession(core, manager, 5000)).toThrow(
      expect.objectContaining({ code: "session_already_open", kind: "conflict" }),
    );
    expect(count(core, "cash_sessions")).toBe(1);
    expect(count(core, "outbox")).toBe(outbox);
  });

  it("lets another till open its own session at the same time", () => {
    const other = createTerminal(core, { code: 2, name: "Caja 2" });
    openSession(core, cashier, 10000);
    expect(openSession(core, { ...manager, terminalId: other.id }, 0).terminalId).toBe(other.id);
  });

  it("refuses a float that is negative, fractional or beyond the maximum, and a session with no till", () => {
    for (const bad of [-1, 0.5, 2e12, Number.POSITIVE_INFINITY]) {
      expect(() => openSession(core, cashier, bad)).toThrow(
        expect.objectContaining({ code: "invalid_amount" }),
      );
    }
    expect(() => openSession(core, { ...cashier, terminalId: null }, 100)).toThrow(
      expect.objectContaining({ code: "no_terminal" }),
    );
    expect(count(core, "cash_sessions")).toBe(0);
  });

  it("records cash in and out with a reason, audited and sent to the cloud", () => {
    openSession(core, cashier, 10000);
    addCashMovement(core, cashier, { kind: "in", amount: 5000, reason: "  Cambio del banco " });
    const session = addCashMovement(core, cashier, { kind: "out", amount: 1200, reason: "Flete" });
    expect(session.cashIn).toBe(5000);
    expect(session.cashOut).toBe(1200);
    expect(session.movements.map((m) => [m.kind, m.amount, m.reason, m.staffName])).toEqual([
      ["in", 5000, "Cambio del banco", "Lucía"],
      ["out", 1200, "Flete", "Lucía"],
    ]);
    expect(core.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'cash.move'").get()).toEqual({
      n: 2,
    });
    expect(core.db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE entity = 'cash_movement'").get()).toEqual({
      n: 2,
    });
  });

  it("refuses a cash movement that is zero, negative, without reason, or on a closed till, changing nothing", () => {
    expect(() => addCashMovement(core, cashier, { kind: "in", amount: 100, reason: "x" })).toThrow(
      expect.objectContaining({ code: "no_open_session" }),
    );
    openSession(core, cashier, 0);
    const bad = [
      { kind: "in", amount: 0, reason: "x" },
      { kind: "out", amount: -5, reason: "x" },
      { kind: "in", amount: 100, reason: "   " },
      { kind: "in", amount: 100, reason: "x".repeat(201) },
      { kind: "sideways", amount: 100, reason: "x" },
    ] as const;
    for (const input of bad)
      expect(() => addCashMovement(core, cashier, input as never)).toThrow(
        expect.objectContaining({ kind: "invalid" }),
      );
    expect(count(core, "cash_movements")).toBe(0);
  });

  it("records a drawer opened without a sale in the session, and only audits it when the till is closed", () => {
    expect(() => recordDrawerOpen(core, cashier, "Cambio")).toThrow(
      expect.objectContaining({ kind: "forbidden" }),
    );
    expect(recordDrawerOpen(core, manager, "Cambio para la otra caja")).toEqual({ sessionId: null });
    const session = openSession(core, cashier, 1000);
    expect(recordDrawerOpen(core, manager, "Billete trabado")).toEqual({ sessionId: session.id });
    expect(getCurrentSession(core, terminal.id)?.movements).toMatchObject([
      { kind: "drawer_open", amount: 0, reason: "Billete trabado" },
    ]);
    expect(core.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'drawer.open'").get()).toEqual(
      { n: 2 },
    );
  });

  it("tells the sale code there is no open session with a conflict", () => {
    expect(() => requireOpenSession(core, terminal.id)).toThrow(
      expect.objectContaining({ kind: "conflict", code: "no_open_session" }),
    );
  });
});
