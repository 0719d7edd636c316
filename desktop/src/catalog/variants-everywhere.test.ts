import { newId } from "@mostrador/kernel/db/ids";
import { createTerminal } from "@mostrador/kernel/shop/terminals";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, refusal, type TestCore } from "../appliance/test-core.js";
import { commitReturn } from "../pos/returns.js";
import { commitSale } from "../pos/sale.js";
import { voidSale } from "../pos/voids.js";
import { type SaleFixture, seedSaleFixture } from "../pos/test-fixtures.js";
import { averageCost } from "../purchasing/costs.js";
import { createOrder, sendOrder } from "../purchasing/orders.js";
import { receiveGoods } from "../purchasing/receipts.js";
import { createSupplier } from "../purchasing/suppliers.js";
import { approveCount, recordCountEntry, startCount } from "../stock/counts.js";
import { onHand } from "../stock/movements.js";
import { applyBulkPrices } from "./bulk-prices.js";
import { createCategory } from "./categories.js";
import { priceHistory } from "./price-history.js";
import { updateProduct } from "./product-writes.js";
import { convertToModel, createModel, getVariantGrid } from "./variants.js";

/** Sales, returns, counts, purchase orders and price history name products rows: each variant is one. */
describe("each variant is a product everywhere", () => {
  let t: TestCore;
  let f: SaleFixture;
  let actor: { staffId: string };
  let model: string;
  let negro: string;
  let rojo: string;
  beforeEach(() => {
    t = openTestCore();
    f = seedSaleFixture(t, createTerminal(t, { code: 3, name: "Caja 3" }));
    actor = { staffId: f.manager.staffId };
    const grid = createModel(
      t,
      {
        sku: "REM",
        name: "Remera lisa",
        price: 1_000_000,
        ivaRate: 2100,
        unit: "each",
        axes: [{ name: "Color", values: ["Negro", "Rojo"] }],
      },
      actor,
    );
    model = grid.model.id;
    [negro, rojo] = grid.cells.map((c) => c.variantId) as [string, string];
  });
  afterEach(() => t.close());

  it("receives a purchase order per variant (stock and cost each), and refuses an order line for the model", () => {
    const s = createSupplier(t, { name: "Textil Sur", cuit: "20-12345678-6" });
    expect(
      refusal(() =>
        createOrder(t, actor, {
          supplierId: s.id,
          lines: [{ productId: model, quantity: 5, unitCost: 400_000 }],
        }),
      ).message,
    ).toBe('Línea 1: "Remera lisa" tiene variantes: pedí cada variante');
    const order = sendOrder(
      t,
      createOrder(t, actor, {
        supplierId: s.id,
        lines: [
          { productId: negro, quantity: 5, unitCost: 400_000 },
          { productId: rojo, quantity: 3, unitCost: 420_000 },
        ],
      }).id,
    );
    receiveGoods(t, actor, {
      orderId: order.id,
      lines: [
        { productId: negro, quantity: 5, unitCost: 400_000 },
        { productId: rojo, quantity: 3, unitCost: 420_000 },
      ],
    });
    expect([onHand(t.db, negro), onHand(t.db, rojo), onHand(t.db, model)]).toEqual([5, 3, 0]);
    expect([averageCost(t.db, negro), averageCost(t.db, rojo)]).toEqual([400_000, 420_000]);
  });

  it("counts variants, never the model", () => {
    const { count } = startCount(t, actor, { scope: "all" });
    const counted = t.db
      .prepare("SELECT product_id FROM stock_count_products WHERE count_id = ?")
      .pluck()
      .all(count.id);
    expect(counted).toContain(negro);
    expect(counted).not.toContain(model);
    recordCountEntry(t, actor, count.id, { clientId: "c1", productId: negro, quantity: 4 });
    approveCount(t, actor, count.id);
    expect(onHand(t.db, negro)).toBe(4);
    expect(refusal(() => startCount(t, actor, { scope: "products", productIds: [model] })).code).toBe(
      "model_not_stocked",
    );
  });

  it("sells and takes back a variant: the line names it and its stock moves, not the model's", () => {
    const sale = commitSale(t, f.cashier, {
      id: newId(),
      lines: [{ productId: rojo, quantity: 2 }],
      payments: [{ method: "cash", amount: 2_000_000 }],
    }).sale;
    expect(sale.lines[0]).toMatchObject({ productId: rojo, description: "Remera lisa · Rojo" });
    expect(onHand(t.db, rojo)).toBe(-2);
    commitReturn(t, f.manager, sale.id, {
      id: newId(),
      lines: [{ saleLineId: sale.lines[0]?.id ?? "", quantity: 1 }],
      refunds: [{ method: "cash", amount: 1_000_000 }],
      reason: "Cambio de talle",
    });
    expect([onHand(t.db, rojo), onHand(t.db, model)]).toEqual([-1, 0]);
  });

  it("keeps each variant's price history, from the model's change and its own", () => {
    updateProduct(t, model, { price: 1_200_000 }, actor);
    updateProduct(t, rojo, { price: 1_500_000 }, actor);
    expect(priceHistory(t, negro).map((h) => [h.oldPrice, h.newPrice])).toEqual([[1_000_000, 1_200_000]]);
    expect(priceHistory(t, rojo).map((h) => [h.oldPrice, h.newPrice])).toEqual([
      [1_200_000, 1_500_000],
      [1_000_000, 1_200_000],
    ]);
  });

  it("a bulk price change over a category moves the model and its following variants once, keeping them following", () => {
    const ropa = createCategory(t, { name: "Ropa" });
    updateProduct(t, model, { categoryId: ropa.id }, actor);
    updateProduct(t, rojo, { price: 1_500_000 }, actor);
    const result = applyBulkPrices(t, actor, {
      target: "category",
      categoryId: ropa.id,
      mode: "percent",
      amount: 1000,
    });
    expect(result.rows.map((r) => r.newPrice)).toEqual([1_100_000, 1_100_000, 1_650_000]);
    const cells = getVariantGrid(t, model).cells;
    expect(cells.map((c) => [c.price, c.priceFollowsModel])).toEqual([
      [1_100_000, true],
      [1_650_000, false],
    ]);
  });

  it("a return or void of a sale made before its product became a model puts the stock on the kept variant", () => {
    const yerba = f.products.yerba;
    const sell = (quantity: number) =>
      commitSale(t, f.cashier, {
        id: newId(),
        lines: [{ productId: yerba.id, quantity }],
        payments: [{ method: "cash", amount: yerba.price * quantity }],
      }).sale;
    const returned = sell(2);
    const voided = sell(1);
    const grid = convertToModel(
      t,
      yerba.id,
      { axes: [{ name: "Peso", values: ["500 g", "1 kg"] }], keep: ["1 kg"] },
      { staffId: f.manager.staffId },
    );
    const kept = grid.cells.find((c) => c.values[0] === "1 kg")!.variantId;
    const other = grid.cells.find((c) => c.values[0] === "500 g")!.variantId;
    const keptBefore = onHand(t.db, kept);
    expect(onHand(t.db, yerba.id)).toBe(0);
    // The conversion's op tells the cloud which variant kept the stock.
    const ops = t.db
      .prepare("SELECT payload FROM outbox WHERE entity = 'product' AND entity_id = ? ORDER BY seq")
      .all(yerba.id) as { payload: string }[];
    expect(ops.map((o) => (JSON.parse(o.payload) as { stockVariantId?: string }).stockVariantId)).toContain(
      kept,
    );

    commitReturn(t, f.manager, returned.id, {
      id: newId(),
      lines: [{ saleLineId: returned.lines[0]?.id ?? "", quantity: 2 }],
      refunds: [{ method: "cash", amount: yerba.price * 2 }],
      reason: "Vencida",
    });
    expect([onHand(t.db, kept), onHand(t.db, yerba.id), onHand(t.db, other)]).toEqual([keptBefore + 2, 0, 0]);
    voidSale(t, f.manager, voided.id, { reason: "Cobrada dos veces" });
    expect([onHand(t.db, kept), onHand(t.db, yerba.id), onHand(t.db, other)]).toEqual([keptBefore + 3, 0, 0]);
  });
});
