import { syncPayloadErrors } from "@mostrador/contracts/sync/check-payload";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeSession } from "../cash/close.js";
import { addCashMovement, openSession } from "../cash/sessions.js";
import { createCategory } from "../catalog/categories.js";
import { updateProduct } from "../catalog/product-writes.js";
import { isoNow } from "@mostrador/kernel/core/context";
import { openTestCore, type TestCore } from "../appliance/test-core.js";
import { newId } from "@mostrador/kernel/db/ids";
import { commitExchange } from "../pos/exchanges.js";
import { commitReturn } from "../pos/returns.js";
import { commitSale } from "../pos/sale.js";
import { seedSaleFixture, type SaleFixture } from "../pos/test-fixtures.js";
import { voidSale } from "../pos/voids.js";
import { createTerminal } from "@mostrador/kernel/shop/terminals";
import { changeSettings } from "@mostrador/kernel/staff/settings-changes";
import { updateStaff } from "@mostrador/kernel/staff/staff";
import { adjustStock } from "../stock/adjust.js";
import { enqueueOutbox } from "@mostrador/kernel/outbox/outbox";

interface OutboxRow {
  entity: string;
  op: string;
  payload: string;
}

const outboxRows = (core: TestCore) =>
  core.db.prepare("SELECT entity, op, payload FROM outbox ORDER BY seq").all() as OutboxRow[];

/** "entity/op: error" for every row the sync map's schema refuses. */
const refusals = (rows: OutboxRow[]) =>
  rows.flatMap((r) =>
    syncPayloadErrors(r.entity, r.op, JSON.parse(r.payload)).map((e) => `${r.entity}/${r.op} ${e}`),
  );

/**
 * The cross-side guarantee: what the appliance really writes to its outbox, through its own domain
 * functions on a real SQLite database, is what the cloud's ingest accepts (the same contract schemas,
 * contracts/src/sync/ops.ts). The gateway's entities have the same test in gateway/src/rules/.
 */
describe("the appliance's outbox rows against the sync operation map", () => {
  let core: TestCore;
  let f: SaleFixture;
  beforeEach(() => {
    core = openTestCore();
    f = seedSaleFixture(core, createTerminal(core, { code: 1, name: "Caja 1" }));
  });
  afterEach(() => core.close());

  function sell(payments: { method: "cash" | "debit"; amount: number }[], quantity = 2) {
    return commitSale(core, f.cashier, {
      id: newId(),
      lines: [{ productId: f.products.gaseosa.id, quantity }],
      payments,
    }).sale;
  }

  it("a day at the till: products, sales, a void, a return, cash, stock, a low-stock notification, staff and settings all conform", () => {
    const category = createCategory(core, { name: "Bebidas" });
    updateProduct(core, f.products.gaseosa.id, { price: 260_000, categoryId: category.id });
    const sale = sell([
      { method: "debit", amount: 200_000 },
      { method: "cash", amount: 320_000 },
    ]);
    const voided = sell([{ method: "cash", amount: 520_000 }]);
    voidSale(core, f.manager, voided.id, { reason: "Cobrado dos veces" });
    const line = sale.lines[0];
    if (!line) throw new Error("the sale has no line");
    commitReturn(core, f.manager, sale.id, {
      id: newId(),
      lines: [{ saleLineId: line.id, quantity: 1 }],
      refunds: [{ method: "cash", amount: line.total / 2 }],
      reason: "Vencido",
    });
    updateProduct(core, f.products.yerba.id, { lowStockThreshold: 47 });
    adjustStock(core, f.manager, {
      productId: f.products.yerba.id,
      quantity: -3,
      reason: "adjustment",
      note: "Rotos",
    }); // 50 → 47: at its threshold, the owner is notified
    adjustStock(core, f.manager, { productId: f.products.asado.id, quantity: 15_000, reason: "count" });
    addCashMovement(core, f.manager, { kind: "out", amount: 50_000, reason: "Pago al sodero" });
    updateStaff(core, f.cashier.staffId, { name: "Carla Gómez" });
    changeSettings(core, f.manager, { receiptFooter: "Gracias por su compra\nVuelva pronto" });
    closeSession(core, f.manager, 700_000);
    const second = createTerminal(core, { code: 2, name: "Caja 2" });
    openSession(core, { ...f.manager, terminalId: second.id }, 20_000);

    const rows = outboxRows(core);
    expect(new Set(rows.map((r) => `${r.entity}/${r.op}`))).toEqual(
      new Set([
        "staff/created",
        "staff/updated",
        "product/created",
        "product/updated",
        "category/created",
        "sale/created",
        "sale/voided",
        "return/created",
        "stock_movement/created",
        "notification/created",
        "cash_movement/created",
        "shop_settings/updated",
        "cash_session/closed",
        "cash_session/opened",
      ]),
    );
    expect(refusals(rows)).toEqual([]);
  });

  it("a payload that misses or misspells a field fails the typecheck and the cloud's schema alike", () => {
    const id = newId();
    const at = isoNow(core);
    core.db.transaction(() =>
      enqueueOutbox(core.db, {
        entity: "cash_session",
        entityId: id,
        op: "opened",
        // @ts-expect-error: openedby is not a field of cash_session/opened (openedBy is)
        payload: { id, terminalId: "t1", openedby: f.manager.staffId, openedAt: at, openingFloat: 0 },
        at,
      }),
    )();
    expect(refusals(outboxRows(core)).join("\n")).toMatch(/cash_session\/opened \/openedBy/);
  });

  it("an exchange travels as a return and a sale whose 'exchange' credit the sync map accepts", () => {
    const sale = sell([{ method: "cash", amount: 500_000 }]);
    const before = outboxRows(core).length;
    commitExchange(core, f.manager, {
      id: newId(),
      saleId: sale.id,
      returnLines: [{ saleLineId: sale.lines[0]?.id ?? "", quantity: 1 }],
      newLines: [{ productId: f.products.yerba.id }],
      payments: [{ method: "cash", amount: 230_000 }],
      refunds: [],
    });
    const rows = outboxRows(core).slice(before);
    expect(rows.map((r) => `${r.entity}/${r.op}`)).toEqual(["return/created", "sale/created"]);
    expect(rows.map((r) => r.payload).join()).toContain('"method":"exchange"');
    expect(refusals(rows)).toEqual([]);
  });
});
