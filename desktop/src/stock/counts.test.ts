import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCategory } from "../catalog/categories.js";
import { makeProduct } from "../catalog/test-catalog.js";
import { openTestCore, refusal, type TestCore } from "../appliance/test-core.js";
import { approveCount, cancelCount, getCount, listCounts, recordCountEntry, startCount } from "./counts.js";
import { insertStockMovements, onHand } from "./movements.js";

const ana = { staffId: "s-1" };
const beto = { staffId: "s-2" };

function snapshot(t: TestCore) {
  const all = (table: string) => t.db.prepare(`SELECT * FROM ${table}`).all();
  return {
    counts: all("stock_counts"),
    countProducts: all("stock_count_products"),
    entries: all("stock_count_entries"),
    movements: all("stock_movements"),
    onHand: all("stock_on_hand"),
    outbox: all("outbox"),
  };
}

describe("stock counts", () => {
  let t: TestCore;
  let client = 0;
  const entry = (productId: string, quantity: number, clientId = `client-${++client}`) => ({
    clientId,
    productId,
    quantity,
  });
  const move = (productId: string, quantity: number, reason: "sale" | "receipt" = "sale") =>
    insertStockMovements(t.db, [
      { productId, quantity, reason, refId: null, staffId: null, at: t.clock.now().toISOString() },
    ]);

  beforeEach(() => {
    t = openTestCore();
    for (const [id, name] of [
      ["s-1", "Ana"],
      ["s-2", "Beto"],
    ]) {
      t.db
        .prepare(
          "INSERT INTO staff (id, name, role, pin_hash, created_at, updated_at) VALUES (?, ?, 'manager', 'x', '', '')",
        )
        .run(id, name);
    }
  });
  afterEach(() => t.close());

  it("a category count covers its active products with their on-hand at the start", () => {
    const drinks = createCategory(t, { name: "Bebidas" });
    const cola = makeProduct(t, { name: "Cola", categoryId: drinks.id });
    makeProduct(t, { name: "Pan" });
    move(cola.id, 12, "receipt");
    const count = startCount(t, ana, { scope: "category", categoryId: drinks.id });
    expect(count.count).toMatchObject({
      number: 1,
      status: "open",
      scope: "category",
      categoryName: "Bebidas",
      products: 1,
    });
    expect(count.lines).toHaveLength(1);
    expect(count.lines[0]).toMatchObject({
      onHandAtStart: 12,
      counted: null,
      expected: null,
      difference: null,
    });
  });

  it("sales during the count are not taken for a loss, whether the shelf was counted before or after them", () => {
    const a = makeProduct(t);
    const b = makeProduct(t);
    move(a.id, 10, "receipt");
    move(b.id, 10, "receipt");
    const { count } = startCount(t, ana, { scope: "products", productIds: [a.id, b.id] });
    // a: sold 2, then counted 8 (the shelf after the sale). b: counted 10, then sold 3.
    move(a.id, -2);
    recordCountEntry(t, ana, count.id, entry(a.id, 8));
    recordCountEntry(t, ana, count.id, entry(b.id, 10));
    move(b.id, -3);
    const lines = getCount(t, count.id).lines;
    expect(lines.map((l) => l.difference)).toEqual([0, 0]);
    approveCount(t, ana, count.id);
    expect(onHand(t.db, a.id)).toBe(8);
    expect(onHand(t.db, b.id)).toBe(7);
    expect(t.db.prepare("SELECT count(*) FROM stock_movements WHERE reason = 'count'").pluck().get()).toBe(0);
  });

  it("entries from two tills add up per product, and a retried entry counts once", () => {
    const p = makeProduct(t);
    move(p.id, 20, "receipt");
    const { count } = startCount(t, ana, { scope: "all" });
    const first = recordCountEntry(t, ana, count.id, entry(p.id, 6, "till-1-0001"));
    const second = recordCountEntry(t, beto, count.id, entry(p.id, 9, "till-2-0001"));
    const retry = recordCountEntry(t, ana, count.id, entry(p.id, 6, "till-1-0001"));
    expect(first.created).toBe(true);
    expect(second.line).toMatchObject({ counted: 15, expected: 20, difference: -5, entries: 2 });
    expect(retry).toMatchObject({ created: false, entryId: first.entryId, line: { counted: 15 } });
    expect(t.db.prepare("SELECT count(*) FROM stock_count_entries").pluck().get()).toBe(2);
  });

  it("a client id reused for another quantity is refused and changes nothing", () => {
    const p = makeProduct(t);
    const { count } = startCount(t, ana, { scope: "products", productIds: [p.id] });
    recordCountEntry(t, ana, count.id, entry(p.id, 3, "same-client"));
    const before = snapshot(t);
    expect(refusal(() => recordCountEntry(t, ana, count.id, entry(p.id, 4, "same-client"))).code).toBe(
      "client_id_reused",
    );
    expect(snapshot(t)).toEqual(before);
  });

  it("approval writes one count movement per difference with its outbox entry, and only once", () => {
    const over = makeProduct(t, { name: "Sobra" });
    const under = makeProduct(t, { name: "Falta" });
    const uncounted = makeProduct(t, { name: "Sin contar" });
    for (const p of [over, under, uncounted]) move(p.id, 5, "receipt");
    const { count } = startCount(t, ana, { scope: "all" });
    recordCountEntry(t, ana, count.id, entry(over.id, 7));
    recordCountEntry(t, ana, count.id, entry(under.id, 1));
    const outboxBefore = t.db.prepare("SELECT count(*) FROM outbox").pluck().get() as number;
    const approved = approveCount(t, beto, count.id);
    expect(approved.count.status).toBe("approved");
    expect([onHand(t.db, over.id), onHand(t.db, under.id), onHand(t.db, uncounted.id)]).toEqual([7, 1, 5]);
    const movements = t.db
      .prepare(
        "SELECT product_id, quantity, ref_id, note, staff_id FROM stock_movements WHERE reason = 'count' ORDER BY quantity",
      )
      .all();
    expect(movements).toEqual([
      { product_id: under.id, quantity: -4, ref_id: count.id, note: "Conteo 1", staff_id: "s-2" },
      { product_id: over.id, quantity: 2, ref_id: count.id, note: "Conteo 1", staff_id: "s-2" },
    ]);
    const outbox = t.db
      .prepare("SELECT entity, payload FROM outbox ORDER BY rowid")
      .all()
      .slice(outboxBefore) as { entity: string; payload: string }[];
    expect(
      outbox.map((o) => [o.entity, JSON.parse(o.payload).reason ?? JSON.parse(o.payload).status]),
    ).toEqual([
      ["stock_movement", "count"],
      ["stock_movement", "count"],
      ["stock_count", "approved"],
    ]);
    const before = snapshot(t);
    const again = refusal(() => approveCount(t, beto, count.id));
    expect(again).toMatchObject({ kind: "conflict", code: "count_approved" });
    expect(again.message).toMatch(/ya fue aprobado/);
    expect(refusal(() => recordCountEntry(t, ana, count.id, entry(over.id, 1))).code).toBe("count_approved");
    expect(snapshot(t)).toEqual(before);
  });

  it("a cancelled count moves no stock and takes no more entries", () => {
    const p = makeProduct(t);
    const { count } = startCount(t, ana, { scope: "products", productIds: [p.id] });
    recordCountEntry(t, ana, count.id, entry(p.id, 3));
    expect(cancelCount(t, ana, count.id).count.status).toBe("cancelled");
    expect(onHand(t.db, p.id)).toBe(0);
    const before = snapshot(t);
    expect(refusal(() => approveCount(t, ana, count.id)).code).toBe("count_cancelled");
    expect(refusal(() => recordCountEntry(t, ana, count.id, entry(p.id, 1))).code).toBe("count_cancelled");
    expect(snapshot(t)).toEqual(before);
    expect(listCounts(t).map((c) => c.status)).toEqual(["cancelled"]);
  });

  it("refuses bad entries and bad starts, changing nothing", () => {
    const p = makeProduct(t);
    const outside = makeProduct(t, { name: "Fuera" });
    const empty = createCategory(t, { name: "Vacía" });
    const { count } = startCount(t, ana, { scope: "products", productIds: [p.id] });
    const before = snapshot(t);
    expect(refusal(() => recordCountEntry(t, ana, count.id, entry(p.id, -1))).code).toBe("invalid_quantity");
    expect(refusal(() => recordCountEntry(t, ana, count.id, entry(p.id, 1.5))).code).toBe("invalid_quantity");
    expect(refusal(() => recordCountEntry(t, ana, count.id, entry("nope", 1))).code).toBe(
      "product_not_found",
    );
    expect(refusal(() => recordCountEntry(t, ana, count.id, entry(outside.id, 1))).message).toMatch(
      /"Fuera" no está en el conteo 1/,
    );
    expect(refusal(() => recordCountEntry(t, ana, "nope", entry(p.id, 1))).code).toBe("count_not_found");
    expect(refusal(() => startCount(t, ana, { scope: "category" })).code).toBe("category_required");
    expect(refusal(() => startCount(t, ana, { scope: "category", categoryId: "nope" })).kind).toBe(
      "not_found",
    );
    expect(refusal(() => startCount(t, ana, { scope: "products", productIds: [p.id, "nope"] })).code).toBe(
      "product_not_found",
    );
    expect(refusal(() => startCount(t, ana, { scope: "category", categoryId: empty.id })).code).toBe(
      "nothing_to_count",
    );
    expect(snapshot(t)).toEqual(before);
  });
});
