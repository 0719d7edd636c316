import { syncPayloadErrors } from "@mostrador/contracts/sync/check-payload";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeProduct } from "../catalog/test-catalog.js";
import { openTestCore, type TestCore } from "../appliance/test-core.js";
import { cancelOrder, createOrder, sendOrder } from "./orders.js";
import { receiveGoods } from "./receipts.js";
import { createSupplier, updateSupplier } from "./suppliers.js";

/**
 * What purchasing really writes to the outbox conforms to the sync operation map the cloud's ingest
 * validates with (the same check as desktop/src/outbox/outbox-contract.test.ts).
 */
describe("purchasing's outbox rows against the sync operation map", () => {
  let t: TestCore;
  beforeEach(() => {
    t = openTestCore();
  });
  afterEach(() => t.close());

  it("suppliers, orders in every state, receipts with and without an order, and their stock movements conform", () => {
    const each = makeProduct(t);
    const kg = makeProduct(t, { unit: "kg" });
    const s = createSupplier(t, { name: "Sur", cuit: "20-12345678-6", email: "ventas@sur.com.ar" });
    updateSupplier(t, s.id, { notes: "Entrega martes", contact: null });
    const lines = [
      { productId: each.id, quantity: 12, unitCost: 1_234 },
      { productId: kg.id, quantity: 2_500, unitCost: 900_000 },
    ];
    const order = sendOrder(t, createOrder(t, { staffId: null }, { supplierId: s.id, lines }).id);
    receiveGoods(t, { staffId: null }, { orderId: order.id, lines: [lines[0]!] });
    cancelOrder(t, { staffId: null }, order.id);
    receiveGoods(t, { staffId: null }, { supplierId: s.id, lines });
    receiveGoods(t, { staffId: null }, { lines: [{ productId: each.id, quantity: 1, unitCost: 0 }] });

    const rows = t.db.prepare("SELECT entity, op, payload FROM outbox ORDER BY seq").all() as {
      entity: string;
      op: string;
      payload: string;
    }[];
    const seen = new Set(rows.map((r) => `${r.entity}/${r.op}`));
    for (const op of [
      "supplier/created",
      "supplier/updated",
      "purchase_order/created",
      "purchase_order/sent",
      "purchase_order/received",
      "purchase_order/cancelled",
      "purchase_receipt/created",
      "stock_movement/created",
    ])
      expect(seen).toContain(op);
    const refusals = rows.flatMap((r) =>
      syncPayloadErrors(r.entity, r.op, JSON.parse(r.payload)).map((e) => `${r.entity}/${r.op} ${e}`),
    );
    expect(refusals).toEqual([]);
  });
});
