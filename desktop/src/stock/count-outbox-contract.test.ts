import { syncPayloadErrors } from "@mostrador/contracts/sync/check-payload";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCategory } from "../catalog/categories.js";
import { makeProduct } from "../catalog/test-catalog.js";
import { openTestCore, type TestCore } from "../appliance/test-core.js";
import { receiveGoods } from "../purchasing/receipts.js";
import { approveCount, cancelCount, recordCountEntry, startCount } from "./counts.js";

/**
 * What stock counts write to the outbox conforms to the sync operation map the cloud's ingest validates
 * with (as desktop/src/outbox/outbox-contract.test.ts), and carries the differences valued at cost.
 */
describe("stock counts' outbox rows against the sync operation map", () => {
  let t: TestCore;
  const ana = { staffId: "s-1" };
  beforeEach(() => {
    t = openTestCore();
    t.db
      .prepare(
        "INSERT INTO staff (id, name, role, pin_hash, created_at, updated_at) VALUES ('s-1', 'Ana', 'manager', 'x', '', '')",
      )
      .run();
  });
  afterEach(() => t.close());

  const rows = () =>
    (
      t.db.prepare("SELECT entity, op, payload FROM outbox ORDER BY seq").all() as {
        entity: string;
        op: string;
        payload: string;
      }[]
    ).map((r) => ({ ...r, payload: JSON.parse(r.payload) as Record<string, unknown> }));

  it("started, approved (with lines valued at the average cost) and cancelled counts conform", () => {
    const drinks = createCategory(t, { name: "Bebidas" });
    const cola = makeProduct(t, { name: "Cola", categoryId: drinks.id });
    const cheese = makeProduct(t, { name: "Queso", unit: "kg", categoryId: drinks.id });
    const water = makeProduct(t, { name: "Agua", categoryId: drinks.id });
    receiveGoods(t, ana, {
      lines: [
        { productId: cola.id, quantity: 10, unitCost: 1_000 },
        { productId: cheese.id, quantity: 2_000, unitCost: 900_000 },
      ],
    });
    const count = startCount(t, ana, { scope: "category", categoryId: drinks.id, note: "Góndola 3" });
    let n = 0;
    const entry = (productId: string, quantity: number) =>
      recordCountEntry(t, ana, count.count.id, { clientId: `c-${++n}`, productId, quantity });
    entry(cola.id, 8);
    entry(cheese.id, 2_250);
    entry(water.id, 0);
    approveCount(t, ana, count.count.id);
    const other = startCount(t, ana, { scope: "all" });
    cancelCount(t, ana, other.count.id);

    const all = rows();
    const counts = all.filter((r) => r.entity === "stock_count");
    expect(counts.map((r) => r.op)).toEqual(["started", "approved", "started", "cancelled"]);
    expect(counts[0]!.payload).toMatchObject({ status: "open", scope: "category", products: 3, lines: [] });
    expect(counts[1]!.payload).toMatchObject({ status: "approved", closedBy: "s-1", note: "Góndola 3" });
    const byProduct = new Map(
      (counts[1]!.payload.lines as { productId: string }[]).map((l) => [l.productId, l]),
    );
    expect(byProduct.get(cola.id)).toEqual({
      productId: cola.id,
      expected: 10,
      counted: 8,
      difference: -2,
      unitCost: 1_000,
      value: -2_000,
    });
    // 250 g over at $9.000 the kg.
    expect(byProduct.get(cheese.id)).toMatchObject({ difference: 250, unitCost: 900_000, value: 225_000 });
    // Never costed: the difference travels, its value is unknown.
    expect(byProduct.get(water.id)).toMatchObject({ difference: 0, unitCost: null, value: null });
    expect(counts[3]!.payload).toMatchObject({ status: "cancelled", lines: [] });

    const refusals = all.flatMap((r) =>
      syncPayloadErrors(r.entity, r.op, r.payload).map((e) => `${r.entity}/${r.op} ${e}`),
    );
    expect(refusals).toEqual([]);
  });

  it("a refused approval enqueues nothing", () => {
    const cola = makeProduct(t, { name: "Cola" });
    const count = startCount(t, ana, { scope: "products", productIds: [cola.id] });
    cancelCount(t, ana, count.count.id);
    const before = rows().length;
    expect(() => approveCount(t, ana, count.count.id)).toThrow();
    expect(rows().length).toBe(before);
  });
});
