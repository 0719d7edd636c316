import type { Sale } from "@mostrador/contracts/http/sales";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, refusal, type TestCore } from "../appliance/test-core.js";
import { newId } from "@mostrador/kernel/db/ids";
import { createTerminal } from "@mostrador/kernel/shop/terminals";
import { onHand } from "../stock/movements.js";
import { commitReturn } from "./returns.js";
import { commitSale } from "./sale.js";

import {
  closeCashSessionRow,
  MANAGER_PIN,
  type SaleFixture,
  seedSaleFixture,
  writeCounts,
} from "./test-fixtures.js";
import { voidSale } from "./voids.js";

describe("voiding a sale", () => {
  let core: TestCore;
  let f: SaleFixture;
  let sale: Sale;
  beforeEach(() => {
    core = openTestCore();
    f = seedSaleFixture(core, createTerminal(core, { code: 1, name: "Caja 1" }));
    sale = commitSale(core, f.cashier, {
      id: newId(),
      lines: [{ productId: f.products.gaseosa.id, quantity: 4 }, { productId: f.products.yerba.id }],
      payments: [{ method: "cash", amount: 1_480_000 }],
    }).sale;
  });
  afterEach(() => core.close());

  it("lets a manager void: status, stock back, outbox, audit and events", () => {
    const events: string[] = [];
    core.bus.on("sale.voided", (e) => events.push(`voided ${e.saleId}`));
    core.bus.on("stock.changed", (e) => events.push(`stock ${e.productIds.length}`));
    core.clock.advance(5 * 60_000);
    const voided = voidSale(core, f.manager, sale.id, { reason: "  Cobrado dos veces " });
    expect(voided).toMatchObject({
      status: "voided",
      voidedBy: f.manager.staffId,
      voidApprovedBy: null,
      voidReason: "Cobrado dos veces",
      voidedAt: "2026-11-21T13:05:00.000Z",
    });
    expect(onHand(core.db, f.products.gaseosa.id)).toBe(100);
    expect(onHand(core.db, f.products.yerba.id)).toBe(50);
    expect(
      core.db
        .prepare("SELECT op FROM outbox WHERE entity = 'sale' AND entity_id = ? ORDER BY seq")
        .all(sale.id),
    ).toEqual([{ op: "created" }, { op: "voided" }]);
    expect(
      core.db.prepare("SELECT staff_id AS staffId FROM audit_log WHERE action = 'sale.void'").all(),
    ).toEqual([{ staffId: f.manager.staffId }]);
    expect(events).toEqual([`voided ${sale.id}`, "stock 2"]);
  });

  it("refuses a cashier without a manager's PIN, and accepts one with it", () => {
    const before = writeCounts(core);
    const e = refusal(() => voidSale(core, f.cashier, sale.id, { reason: "Error" }));
    expect([e.kind, e.code]).toEqual(["forbidden", "approval_required"]);
    expect(writeCounts(core)).toEqual(before);
    const voided = voidSale(core, f.cashier, sale.id, {
      reason: "Error",
      approval: { staffId: f.manager.staffId, pin: MANAGER_PIN },
    });
    expect(voided).toMatchObject({
      status: "voided",
      voidedBy: f.cashier.staffId,
      voidApprovedBy: f.manager.staffId,
    });
  });

  it("refuses a wrong approval PIN, writing no void", () => {
    const e = refusal(() =>
      voidSale(core, f.cashier, sale.id, {
        reason: "Error",
        approval: { staffId: f.manager.staffId, pin: "9999" },
      }),
    );
    expect(e.code).toBe("wrong_pin");
    expect(core.db.prepare("SELECT status FROM sales WHERE id = ?").get(sale.id)).toEqual({
      status: "completed",
    });
  });

  it("refuses voiding twice", () => {
    voidSale(core, f.manager, sale.id, { reason: "Error" });
    const before = writeCounts(core);
    expect(refusal(() => voidSale(core, f.manager, sale.id, { reason: "Error" })).code).toBe(
      "sale_already_voided",
    );
    expect(writeCounts(core)).toEqual(before);
  });

  it("refuses a sale with returns", () => {
    commitReturn(core, f.manager, sale.id, {
      id: newId(),
      lines: [{ saleLineId: sale.lines[1]?.id ?? "", quantity: 1 }],
      refunds: [{ method: "cash", amount: 480_000 }],
      reason: "Vencida",
    });
    expect(refusal(() => voidSale(core, f.manager, sale.id, { reason: "Error" })).code).toBe(
      "sale_has_returns",
    );
  });

  it("refuses once the sale's cash session is closed: use a return instead", () => {
    closeCashSessionRow(core, f.sessionId, f.manager.staffId);
    const before = writeCounts(core);
    const e = refusal(() => voidSale(core, f.manager, sale.id, { reason: "Error" }));
    expect([e.kind, e.code]).toEqual(["conflict", "session_closed"]);
    expect(e.message).toContain("devolución");
    expect(writeCounts(core)).toEqual(before);
  });

  it("requires a reason and a known sale", () => {
    expect(refusal(() => voidSale(core, f.manager, sale.id, { reason: "" })).code).toBe("reason_required");
    expect(refusal(() => voidSale(core, f.manager, newId(), { reason: "x" })).code).toBe("sale_not_found");
  });
});
