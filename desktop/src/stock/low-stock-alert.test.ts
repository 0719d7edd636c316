import { syncPayloadErrors } from "@mostrador/contracts/sync/check-payload";
import { newId } from "@mostrador/kernel/db/ids";
import { updateSettings } from "@mostrador/kernel/shop/settings";
import { createTerminal } from "@mostrador/kernel/shop/terminals";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, type TestCore } from "../appliance/test-core.js";
import { updateProduct } from "../catalog/product-writes.js";
import { commitReturn } from "../pos/returns.js";
import { commitSale } from "../pos/sale.js";
import { type SaleFixture, seedSaleFixture } from "../pos/test-fixtures.js";
import { voidSale } from "../pos/voids.js";
import { adjustStock } from "./adjust.js";
import { lowStockMessage } from "./low-stock-alert.js";
import { onHand } from "./movements.js";

const YERBA_PRICE = 480_000;

describe("the owner is told when stock reaches its minimum", () => {
  let core: TestCore;
  let f: SaleFixture;
  let yerba: string;
  beforeEach(() => {
    core = openTestCore();
    f = seedSaleFixture(core, createTerminal(core, { code: 1, name: "Caja 1" }));
    yerba = f.products.yerba.id;
    updateProduct(core, yerba, { name: "Yerba Playadito 1 kg", lowStockThreshold: 5 });
    adjustStock(core, f.manager, { productId: yerba, quantity: 8, reason: "count" }); // 50 → 8
  });
  afterEach(() => core.close());

  interface Notification {
    entityId: string;
    payload: Record<string, unknown>;
  }
  const notifications = (): Notification[] =>
    (
      core.db
        .prepare(
          "SELECT entity_id AS entityId, payload FROM outbox WHERE entity = 'notification' ORDER BY seq",
        )
        .all() as { entityId: string; payload: string }[]
    ).map((r) => ({ entityId: r.entityId, payload: JSON.parse(r.payload) as Record<string, unknown> }));

  const sellYerba = (quantity: number) =>
    commitSale(core, f.cashier, {
      id: newId(),
      lines: [{ productId: yerba, quantity }],
      payments: [{ method: "cash", amount: YERBA_PRICE * quantity }],
    }).sale;

  it("a sale that takes a product from above its minimum to below it queues exactly one notification", () => {
    const sale = sellYerba(5); // 8 → 3
    const movement = core.db
      .prepare("SELECT id FROM stock_movements WHERE ref_id = ? AND product_id = ?")
      .get(sale.id, yerba) as { id: string };
    const [only, ...more] = notifications();
    expect(more).toEqual([]);
    expect(only?.payload).toEqual({
      kind: "low_stock",
      dedupeKey: `low_stock:${yerba}:${movement.id}`,
      productId: yerba,
      onHand: 3,
      threshold: 5,
      message: "Stock bajo: Yerba Playadito 1 kg — quedan 3 u. (mínimo 5 u.)",
      at: sale.createdAt,
    });
    expect(syncPayloadErrors("notification", "created", only?.payload)).toEqual([]);
  });

  it("a sale that fails after its stock movements queues no notification: it is the sale's transaction", () => {
    // The sale's own outbox row is written after its movements: refusing it aborts the whole commit.
    core.db.exec(`CREATE TEMP TRIGGER refuse_sales BEFORE INSERT ON outbox WHEN new.entity = 'sale'
                  BEGIN SELECT RAISE(ABORT, 'disco lleno'); END`);
    expect(() => sellYerba(5)).toThrow(/disco lleno/);
    expect(onHand(core.db, yerba)).toBe(8);
    expect(notifications()).toEqual([]);
    core.db.exec("DROP TRIGGER refuse_sales");
    sellYerba(5);
    expect(notifications()).toHaveLength(1);
  });

  it("reaching the minimum exactly counts; staying above it does not", () => {
    sellYerba(2); // 8 → 6
    expect(notifications()).toEqual([]);
    sellYerba(1); // 6 → 5
    expect(notifications().map((n) => n.payload.onHand)).toEqual([5]);
  });

  it("a second sale below the minimum does not notify again", () => {
    sellYerba(4); // 8 → 4
    sellYerba(1); // 4 → 3
    sellYerba(3); // 3 → 0
    expect(notifications()).toHaveLength(1);
  });

  it("restocking above the minimum re-arms it: the next crossing notifies again, under its own key", () => {
    sellYerba(4); // 8 → 4
    adjustStock(core, f.manager, { productId: yerba, quantity: 10, reason: "receipt" }); // 4 → 14
    expect(notifications()).toHaveLength(1);
    sellYerba(10); // 14 → 4
    const sent = notifications();
    expect(sent.map((n) => n.payload.onHand)).toEqual([4, 4]);
    expect(new Set(sent.map((n) => n.payload.dedupeKey)).size).toBe(2);
  });

  it("a restock that stays at or below the minimum does not re-arm it", () => {
    sellYerba(6); // 8 → 2
    adjustStock(core, f.manager, { productId: yerba, quantity: 3, reason: "receipt" }); // 2 → 5
    sellYerba(1); // 5 → 4
    expect(notifications()).toHaveLength(1);
  });

  it("an adjustment down and a count below the books notify; a return and a void, which add stock, never do", () => {
    adjustStock(core, f.manager, { productId: yerba, quantity: -3, reason: "adjustment", note: "Rotos" }); // 8 → 5
    adjustStock(core, f.manager, { productId: yerba, quantity: 20, reason: "count" }); // 5 → 20
    adjustStock(core, f.manager, { productId: yerba, quantity: 1, reason: "count" }); // 20 → 1
    expect(notifications().map((n) => n.payload.onHand)).toEqual([5, 1]);

    adjustStock(core, f.manager, { productId: yerba, quantity: 9, reason: "receipt" }); // 1 → 10
    const sale = sellYerba(2); // 10 → 8
    const line = sale.lines[0];
    if (!line) throw new Error("the sale has no line");
    commitReturn(core, f.manager, sale.id, {
      id: newId(),
      lines: [{ saleLineId: line.id, quantity: 1 }],
      refunds: [{ method: "cash", amount: YERBA_PRICE }],
      reason: "Vencida",
    }); // 8 → 9
    voidSale(core, f.manager, sellYerba(1).id, { reason: "Cobrada dos veces" }); // 9 → 8 → 9
    expect(onHand(core.db, yerba)).toBe(9);
    expect(notifications()).toHaveLength(2);
  });

  it("with the shop's low-stock notifications turned off, a crossing queues nothing", () => {
    updateSettings(core.db, { notifyLowStock: false });
    sellYerba(5); // 8 → 3
    expect(onHand(core.db, yerba)).toBe(3);
    expect(notifications()).toEqual([]);
  });

  it("products without a minimum, and products taken off sale, never notify", () => {
    adjustStock(core, f.manager, { productId: f.products.gaseosa.id, quantity: 0, reason: "count" }); // no minimum
    updateProduct(core, yerba, { active: false });
    adjustStock(core, f.manager, { productId: yerba, quantity: -8, reason: "adjustment" }); // 8 → 0
    expect(notifications()).toEqual([]);
  });

  it("two lines of the same product in one sale cross once", () => {
    commitSale(core, f.cashier, {
      id: newId(),
      lines: [
        { productId: yerba, quantity: 3 },
        { productId: yerba, quantity: 2 },
      ],
      payments: [{ method: "cash", amount: YERBA_PRICE * 5 }],
    }); // 8 → 5 → 3
    expect(notifications().map((n) => n.payload.onHand)).toEqual([5]);
  });

  it("tells weighed goods in kg", () => {
    const asado = f.products.asado.id;
    updateProduct(core, asado, { lowStockThreshold: 5_000 });
    adjustStock(core, f.manager, { productId: asado, quantity: -16_750, reason: "adjustment" }); // 20 kg → 3,25 kg
    expect(notifications().map((n) => n.payload.message)).toEqual([
      "Stock bajo: Asado — quedan 3,250 kg (mínimo 5,000 kg)",
    ]);
  });
});

describe("the low-stock message", () => {
  it("says how much is left and the minimum, in the product's unit", () => {
    expect(lowStockMessage("Yerba Playadito 1 kg", 3, 5, "each")).toBe(
      "Stock bajo: Yerba Playadito 1 kg — quedan 3 u. (mínimo 5 u.)",
    );
    expect(lowStockMessage("Queso cremoso", 1_500, 2_000, "kg")).toBe(
      "Stock bajo: Queso cremoso — quedan 1,500 kg (mínimo 2,000 kg)",
    );
  });

  it("says there is no stock at zero or below, with what the books show", () => {
    expect(lowStockMessage("Lavandina 1 L", 0, 4, "each")).toBe(
      "Sin stock: Lavandina 1 L — el sistema marca 0 u. (mínimo 4 u.)",
    );
    expect(lowStockMessage("Lavandina 1 L", -2, 4, "each")).toBe(
      "Sin stock: Lavandina 1 L — el sistema marca -2 u. (mínimo 4 u.)",
    );
  });
});
