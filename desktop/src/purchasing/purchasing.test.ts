import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCategory } from "../catalog/categories.js";
import { makeProduct } from "../catalog/test-catalog.js";
import { openTestCore, refusal, type TestCore } from "../appliance/test-core.js";
import { insertStockMovements, onHand } from "../stock/movements.js";
import { averageCost, weightedAverage } from "./costs.js";
import { cancelOrder, createOrder, getOrder, sendOrder } from "./orders.js";
import { receiveGoods } from "./receipts.js";
import { orderFromLowStock, reorderList, suggestedQuantity } from "./reorder.js";
import { createSupplier, updateSupplier } from "./suppliers.js";
import { stockValuation } from "./valuation.js";

const actor = { staffId: "s-1" };

/** Everything a purchasing write touches: equal before and after a refusal. */
function snapshot(t: TestCore) {
  const all = (table: string) => t.db.prepare(`SELECT * FROM ${table}`).all();
  return {
    suppliers: all("suppliers"),
    orders: all("purchase_orders"),
    orderLines: all("purchase_order_lines"),
    receipts: all("purchase_receipts"),
    receiptLines: all("purchase_receipt_lines"),
    costs: all("product_costs"),
    movements: all("stock_movements"),
    onHand: all("stock_on_hand"),
    outbox: all("outbox"),
  };
}

describe("purchasing", () => {
  let t: TestCore;
  beforeEach(() => {
    t = openTestCore();
    t.db
      .prepare(
        "INSERT INTO staff (id, name, role, pin_hash, created_at, updated_at) VALUES ('s-1', 'Ana', 'manager', 'x', '', '')",
      )
      .run();
  });
  afterEach(() => t.close());

  const supplier = () => createSupplier(t, { name: "Distribuidora Sur", cuit: "20-12345678-6" });

  function sentOrder(lines: { productId: string; quantity: number; unitCost: number }[]) {
    const s = supplier();
    return sendOrder(t, createOrder(t, actor, { supplierId: s.id, lines }).id);
  }

  describe("suppliers", () => {
    it("stores the CUIT normalized and refuses a wrong check digit or a duplicate, changing nothing", () => {
      const s = createSupplier(t, { name: " Lácteos SA ", cuit: "20123456786", leadTimeDays: 3 });
      expect(s).toMatchObject({ name: "Lácteos SA", cuit: "20-12345678-6", leadTimeDays: 3, active: true });
      const before = snapshot(t);
      expect(refusal(() => createSupplier(t, { name: "Otro", cuit: "20-12345678-5" })).code).toBe(
        "invalid_cuit",
      );
      expect(refusal(() => createSupplier(t, { name: "Otro", cuit: "123" })).message).toMatch(/11 dígitos/);
      expect(refusal(() => createSupplier(t, { name: "Otro", cuit: "20.12345678.6" })).code).toBe(
        "duplicate_cuit",
      );
      expect(refusal(() => createSupplier(t, { name: "  " })).code).toBe("invalid_name");
      expect(refusal(() => updateSupplier(t, s.id, { email: "no-es-correo" })).code).toBe("invalid_email");
      expect(snapshot(t)).toEqual(before);
    });

    it("a change is a supplier/updated op with the whole supplier; deactivating keeps it listed", () => {
      const s = supplier();
      const off = updateSupplier(t, s.id, { active: false, paymentTerms: "30 días" });
      expect(off).toMatchObject({ active: false, paymentTerms: "30 días", cuit: "20-12345678-6" });
      const ops = t.db.prepare("SELECT op FROM outbox WHERE entity = 'supplier' ORDER BY seq").pluck().all();
      expect(ops).toEqual(["created", "updated"]);
    });
  });

  describe("weighted average cost", () => {
    it("rounds half away from zero, and stock at or below zero takes the new cost", () => {
      expect(weightedAverage(10, 100, 10, 101)).toBe(101); // 100.5 → 101
      expect(weightedAverage(2, 100, 1, 101)).toBe(100); // 100.33 → 100
      expect(weightedAverage(0, 500, 4, 300)).toBe(300);
      expect(weightedAverage(-3, 500, 4, 300)).toBe(300);
      expect(weightedAverage(5, null, 4, 300)).toBe(300);
    });

    it("moves with each partial receipt of an order, weighing what was on hand", () => {
      const p = makeProduct(t);
      insertStockMovements(t.db, [
        {
          productId: p.id,
          quantity: 10,
          reason: "adjustment",
          refId: null,
          staffId: null,
          at: "2026-11-01T00:00:00Z",
        },
      ]);
      const order = sentOrder([{ productId: p.id, quantity: 20, unitCost: 1_000 }]);
      // Never costed before: the 10 on hand carry no cost, so the first receipt sets it.
      receiveGoods(t, actor, {
        orderId: order.id,
        lines: [{ productId: p.id, quantity: 5, unitCost: 1_000 }],
      });
      expect(averageCost(t.db, p.id)).toBe(1_000);
      expect(getOrder(t, order.id).status).toBe("partly_received");
      // 15 at 10,00 and 15 at 12,01: (15 000 + 18 015) / 30 = 1100,5 → 1101.
      const r = receiveGoods(t, actor, {
        orderId: order.id,
        lines: [{ productId: p.id, quantity: 15, unitCost: 1_201 }],
      });
      expect(r.lines[0]).toMatchObject({ averageCost: 1_101, onHand: 30 });
      expect(r.order).toMatchObject({ status: "received", lines: [{ quantity: 20, received: 20 }] });
      expect(averageCost(t.db, p.id)).toBe(1_101);
    });

    it("weighed goods: grams at a cost per kg value the line by the kilo", () => {
      const cheese = makeProduct(t, { unit: "kg" });
      const r = receiveGoods(t, actor, {
        lines: [{ productId: cheese.id, quantity: 2_500, unitCost: 800_001 }],
      });
      expect(r.total).toBe(2_000_003); // 2,5 kg × $8000,01 = $20 000,025 → $20 000,03
      expect(stockValuation(t).total).toBe(2_000_003);
    });
  });

  describe("receiving", () => {
    it("writes the ledger movement, the cost, the receipt and its outbox ops in one transaction", () => {
      const p = makeProduct(t);
      const order = sentOrder([{ productId: p.id, quantity: 6, unitCost: 2_000 }]);
      const changed: unknown[] = [];
      t.bus.on("stock.changed", (e) => changed.push(e));
      const r = receiveGoods(t, actor, {
        orderId: order.id,
        lines: [{ productId: p.id, quantity: 6, unitCost: 2_000 }],
      });
      const movement = t.db.prepare("SELECT * FROM stock_movements WHERE ref_id = ?").get(r.id);
      expect(movement).toMatchObject({ product_id: p.id, quantity: 6, reason: "receipt", staff_id: "s-1" });
      expect(onHand(t.db, p.id)).toBe(6);
      const ops = t.db.prepare("SELECT entity, op FROM outbox ORDER BY seq").all().slice(-3);
      expect(ops).toEqual([
        { entity: "stock_movement", op: "created" },
        { entity: "purchase_receipt", op: "created" },
        { entity: "purchase_order", op: "received" },
      ]);
      expect(changed).toEqual([{ productIds: [p.id] }]);
    });

    it("a line that fails rolls back the lines before it: no movement, no cost, no outbox", () => {
      const a = makeProduct(t);
      const before = snapshot(t);
      const e = refusal(() =>
        receiveGoods(t, actor, {
          lines: [
            { productId: a.id, quantity: 3, unitCost: 100 },
            { productId: "no-existe", quantity: 1, unitCost: 100 },
          ],
        }),
      );
      expect(e).toMatchObject({ kind: "invalid", code: "unknown_product" });
      expect(e.message).toMatch(/Línea 2/);
      expect(snapshot(t)).toEqual(before);
    });

    it("is audited, and a line or a total past the maximum amount is refused, changing nothing", () => {
      const p = makeProduct(t);
      const r = receiveGoods(t, actor, { lines: [{ productId: p.id, quantity: 2, unitCost: 100 }] });
      expect(
        t.db.prepare("SELECT action, entity_id FROM audit_log WHERE action LIKE 'purchasing.%'").all(),
      ).toEqual([{ action: "purchasing.receive", entity_id: r.id }]);
      const s = supplier();
      const q = makeProduct(t);
      const before = snapshot(t);
      const huge = { productId: p.id, quantity: 1_000_000, unitCost: 1_000_000_000_000 };
      expect(refusal(() => receiveGoods(t, actor, { lines: [huge] })).code).toBe("line_too_large");
      expect(refusal(() => createOrder(t, actor, { supplierId: s.id, lines: [huge] })).code).toBe(
        "line_too_large",
      );
      const big = { quantity: 1, unitCost: 600_000_000_000 };
      const twoBig = [
        { ...big, productId: p.id },
        { ...big, productId: q.id },
      ];
      expect(refusal(() => receiveGoods(t, actor, { lines: twoBig })).code).toBe("total_too_large");
      expect(snapshot(t)).toEqual(before);
    });

    it("more than ordered is refused until the receiver confirms it came; then the line shows the excess", () => {
      const p = makeProduct(t);
      const order = sentOrder([{ productId: p.id, quantity: 10, unitCost: 500 }]);
      const before = snapshot(t);
      const over = { orderId: order.id, lines: [{ productId: p.id, quantity: 12, unitCost: 500 }] };
      expect(refusal(() => receiveGoods(t, actor, over))).toMatchObject({
        kind: "conflict",
        code: "over_received",
      });
      expect(snapshot(t)).toEqual(before);
      const r = receiveGoods(t, actor, { ...over, allowOver: true });
      expect(r.order).toMatchObject({ status: "received", lines: [{ quantity: 10, received: 12 }] });
      expect(onHand(t.db, p.id)).toBe(12);
    });

    it("a draft, a received or a cancelled order cannot be received; a product not on it neither", () => {
      const p = makeProduct(t);
      const other = makeProduct(t);
      const s = supplier();
      const draft = createOrder(t, actor, {
        supplierId: s.id,
        lines: [{ productId: p.id, quantity: 1, unitCost: 1 }],
      });
      const line = [{ productId: p.id, quantity: 1, unitCost: 1 }];
      expect(refusal(() => receiveGoods(t, actor, { orderId: draft.id, lines: line })).message).toMatch(
        /borrador/,
      );
      sendOrder(t, draft.id);
      expect(
        refusal(() =>
          receiveGoods(t, actor, {
            orderId: draft.id,
            lines: [{ productId: other.id, quantity: 1, unitCost: 1 }],
          }),
        ).code,
      ).toBe("not_on_order");
      receiveGoods(t, actor, { orderId: draft.id, lines: line });
      expect(refusal(() => receiveGoods(t, actor, { orderId: draft.id, lines: line })).message).toMatch(
        /completa/,
      );
    });
  });

  describe("order states", () => {
    it("draft → sent once; cancel works on draft, sent and partly received, never on received or cancelled", () => {
      const p = makeProduct(t);
      const s = supplier();
      const lines = [{ productId: p.id, quantity: 4, unitCost: 100 }];
      const a = createOrder(t, actor, { supplierId: s.id, lines });
      expect(a).toMatchObject({ status: "draft", number: 1, total: 400, supplierName: "Distribuidora Sur" });
      sendOrder(t, a.id);
      expect(refusal(() => sendOrder(t, a.id)).code).toBe("order_not_draft");
      receiveGoods(t, actor, { orderId: a.id, lines: [{ productId: p.id, quantity: 1, unitCost: 100 }] });
      expect(cancelOrder(t, actor, a.id)).toMatchObject({ status: "cancelled", lines: [{ received: 1 }] });
      expect(onHand(t.db, p.id)).toBe(1); // what arrived stays
      expect(refusal(() => cancelOrder(t, actor, a.id)).code).toBe("order_cancelled");
      const b = createOrder(t, actor, { supplierId: s.id, lines });
      expect(b.number).toBe(2);
      expect(cancelOrder(t, actor, b.id).status).toBe("cancelled");
      const c = sendOrder(t, createOrder(t, actor, { supplierId: s.id, lines }).id);
      receiveGoods(t, actor, { orderId: c.id, lines });
      expect(refusal(() => cancelOrder(t, actor, c.id)).code).toBe("order_received");
    });

    it("refuses an order for an inactive supplier, a repeated product, a zero quantity, changing nothing", () => {
      const p = makeProduct(t);
      const s = supplier();
      const before = snapshot(t);
      const line = { productId: p.id, quantity: 1, unitCost: 1 };
      expect(refusal(() => createOrder(t, actor, { supplierId: s.id, lines: [line, line] })).code).toBe(
        "duplicate_product",
      );
      expect(
        refusal(() => createOrder(t, actor, { supplierId: s.id, lines: [{ ...line, quantity: 0 }] })).code,
      ).toBe("invalid_quantity");
      expect(refusal(() => createOrder(t, actor, { supplierId: "x", lines: [line] })).code).toBe(
        "unknown_supplier",
      );
      expect(snapshot(t)).toEqual(before);
      updateSupplier(t, s.id, { active: false });
      expect(refusal(() => createOrder(t, actor, { supplierId: s.id, lines: [line] })).code).toBe(
        "inactive_supplier",
      );
    });
  });

  describe("valuation and reorder", () => {
    it("values stock at average cost per category and in total; negative or uncosted stock adds nothing", () => {
      const drinks = createCategory(t, { name: "Bebidas" });
      const a = makeProduct(t, { categoryId: drinks.id });
      const b = makeProduct(t);
      const c = makeProduct(t);
      receiveGoods(t, actor, {
        lines: [
          { productId: a.id, quantity: 10, unitCost: 150 },
          { productId: b.id, quantity: 2, unitCost: 1_000 },
        ],
      });
      insertStockMovements(t.db, [
        {
          productId: c.id,
          quantity: 5,
          reason: "adjustment",
          refId: null,
          staffId: null,
          at: "2026-11-01T00:00:00Z",
        },
      ]);
      const v = stockValuation(t);
      expect(v.total).toBe(3_500);
      expect(v.withoutCost).toBe(1);
      expect(v.categories).toEqual([
        { categoryId: null, categoryName: null, products: 2, value: 2_000 },
        { categoryId: drinks.id, categoryName: "Bebidas", products: 1, value: 1_500 },
      ]);
    });

    it("suggests the cover days' sales at the recent pace, at least back to the threshold", () => {
      expect(
        suggestedQuantity({ soldInWindow: 56, coverDays: 7, onHand: 3, threshold: 5, unit: "each" }),
      ).toBe(11);
      expect(
        suggestedQuantity({ soldInWindow: 0, coverDays: 7, onHand: 2, threshold: 5, unit: "each" }),
      ).toBe(3);
      expect(
        suggestedQuantity({ soldInWindow: 0, coverDays: 7, onHand: -4, threshold: 5, unit: "each" }),
      ).toBe(5);
      expect(suggestedQuantity({ soldInWindow: 0, coverDays: 7, onHand: 5, threshold: 5, unit: "kg" })).toBe(
        1_000,
      );
    });

    it("lists low stock with its sales pace and turns a selection into a draft at the average cost", () => {
      const p = makeProduct(t, { lowStockThreshold: 5 });
      const s = createSupplier(t, { name: "Sur", leadTimeDays: 14 });
      receiveGoods(t, actor, { supplierId: s.id, lines: [{ productId: p.id, quantity: 30, unitCost: 250 }] });
      // 28 sold in the window, 2 before it (not counted).
      t.db.transaction(() =>
        insertStockMovements(t.db, [
          {
            productId: p.id,
            quantity: -2,
            reason: "sale",
            refId: null,
            staffId: null,
            at: "2026-10-01T00:00:00Z",
          },
          {
            productId: p.id,
            quantity: -28,
            reason: "sale",
            refId: null,
            staffId: null,
            at: "2026-11-20T00:00:00Z",
          },
        ]),
      )();
      const [item] = reorderList(t);
      expect(item).toMatchObject({
        productId: p.id,
        onHand: 0,
        dailySales: 1,
        suggested: 14,
        averageCost: 250,
        supplierId: s.id,
      });
      const order = orderFromLowStock(t, actor, {
        supplierId: s.id,
        lines: [{ productId: p.id, quantity: item!.suggested }],
      });
      expect(order).toMatchObject({
        status: "draft",
        total: 3_500,
        lines: [{ quantity: 14, unitCost: 250 }],
      });
    });
  });
});
