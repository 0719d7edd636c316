import type { ChangeMessage, Row } from "@electric-sql/client";
import type { Terminal } from "@mostrador/contracts/http/settings";
import { getProduct } from "@mostrador/desktop/catalog/products";
import { openTestCore, refusal, type TestCore } from "@mostrador/desktop/appliance/test-core";
import { giveBackOnlineOrder } from "@mostrador/desktop/online-orders/give-back";
import { getOnlineOrder } from "@mostrador/desktop/online-orders/orders";
import { prepareOnlineOrder } from "@mostrador/desktop/online-orders/prepare";
import { type SaleFixture, seedSaleFixture, writeCounts } from "@mostrador/desktop/pos/test-fixtures";
import { commitSale } from "@mostrador/desktop/pos/sale";
import { onHand } from "@mostrador/desktop/stock/movements";
import { reservedOf } from "@mostrador/desktop/stock/reservations";
import { newId } from "@mostrador/kernel/db/ids";
import { updateSettings } from "@mostrador/kernel/shop/settings";
import { createTerminal } from "@mostrador/kernel/shop/terminals";
import { v7 as uuidv7 } from "uuid";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyOnlineOrderMessages } from "./online-orders-apply.js";

// The till's side of issue 20: the online_orders shape holds stock, "Preparar" sells it once, a
// cancellation gives it back (before the sale: the hold; after: the till's return).

let core: TestCore;
let terminal: Terminal;
let f: SaleFixture;
beforeEach(() => {
  core = openTestCore();
  terminal = createTerminal(core, { code: 2, name: "Caja 2" });
  f = seedSaleFixture(core, terminal); // 30 lavandinas, 50 yerbas, 20 kg of asado on hand
});
afterEach(() => core.close());

const lineOf = (productId: string | null, quantity: number, unitPrice = 120_000) => ({
  productId,
  remoteProductId: "501",
  remoteVariantId: productId ?? "x",
  sku: null,
  title: "Artículo",
  quantity,
  unitPrice,
});

let version = 0;
/** The order's next state as the cloud's shape sends it, each newer than the last unless `at` says. */
const orderRow = (id: string, changes: Record<string, unknown>, at?: string) =>
  ({
    key: id,
    value: {
      id,
      channel: "tiendanube",
      remote_order_id: id.slice(-10),
      remote_pack_id: null,
      number: "1042",
      status: "paid",
      buyer_name: "Ana Compradora",
      total: "0",
      placed_at: "2026-03-02 12:00:00+00",
      updated_at: at ?? `2026-03-02 12:${String(++version).padStart(2, "0")}:00+00`,
      ...changes,
      lines: JSON.stringify(changes.lines ?? []),
    },
    headers: { operation: "insert" },
  }) as unknown as ChangeMessage<Row>;

const deliver = (...messages: ChangeMessage<Row>[]) =>
  core.db.transaction(() => applyOnlineOrderMessages(core, messages)).immediate();
const available = (id: string) => getProduct(core, id).onHand;

describe("online orders at the till", () => {
  it("holds an order's stock once, whatever replays and reordered versions arrive", () => {
    const { lavandina, yerba } = f.products;
    const id = uuidv7();
    const first = orderRow(id, { lines: [lineOf(lavandina.id, 2), lineOf(yerba.id, 1), lineOf(null, 5)] });
    deliver(first);
    deliver(first, first); // the same version again, twice in one batch
    expect(reservedOf(core.db, lavandina.id)).toBe(2);
    expect(available(lavandina.id)).toBe(28);
    expect(onHand(core.db, lavandina.id)).toBe(30); // the shelf still has them: the ledger is untouched
    // A newer version with other lines (a quantity changed): the hold follows it, never adds up.
    const newer = orderRow(id, { lines: [lineOf(lavandina.id, 3)] });
    const older = orderRow(id, { lines: [lineOf(lavandina.id, 7)] }, "2026-03-02 11:00:00+00");
    deliver(newer);
    deliver(older); // late and older: changes nothing
    expect(reservedOf(core.db, lavandina.id)).toBe(3);
    expect(reservedOf(core.db, yerba.id)).toBe(0);
    expect(getOnlineOrder(core, id).reserved).toBe(true);
  });

  it("two orders competing for the last unit: the second leaves it below zero for the till to see", () => {
    const { lavandina } = f.products;
    deliver(orderRow(uuidv7(), { lines: [lineOf(lavandina.id, 29)] }));
    expect(available(lavandina.id)).toBe(1);
    deliver(orderRow(uuidv7(), { lines: [lineOf(lavandina.id, 2)] }));
    expect(available(lavandina.id)).toBe(-1);
    // Under "block" the till cannot sell what the orders hold.
    updateSettings(core.db, { negativeStock: "block" });
    const refused = refusal(() =>
      commitSale(core, f.cashier, {
        id: newId(),
        lines: [{ productId: lavandina.id, quantity: 1 }],
        payments: [{ method: "cash", amount: 99_999 }],
      }),
    );
    expect(refused.code).toBe("insufficient_stock");
  });

  it("cancelled before the sale: the hold is released and nothing is left to prepare", () => {
    const { lavandina } = f.products;
    const id = uuidv7();
    deliver(orderRow(id, { lines: [lineOf(lavandina.id, 4)] }));
    deliver(orderRow(id, { status: "cancelled", lines: [lineOf(lavandina.id, 4)] }));
    expect(available(lavandina.id)).toBe(30);
    const before = writeCounts(core);
    expect(refusal(() => prepareOnlineOrder(core, f.cashier, id)).code).toBe("online_order_cancelled");
    expect(writeCounts(core)).toEqual(before);
  });

  it("Preparar: one sale at the channel's prices, paid online, the hold consumed exactly once, in one transaction", () => {
    const { lavandina, asado } = f.products;
    const id = uuidv7();
    deliver(orderRow(id, { lines: [lineOf(lavandina.id, 2, 150_000), lineOf(asado.id, 1, 1_300_000)] }));
    expect(reservedOf(core.db, asado.id)).toBe(1000); // sold by weight: a unit is a kilo
    const sale = prepareOnlineOrder(core, f.cashier, id);
    expect(sale.total).toBe(2 * 150_000 + 1_300_000);
    expect(sale.payments).toEqual([expect.objectContaining({ method: "online", amount: sale.total })]);
    expect(sale.lines.map((l) => [l.productId, l.quantity])).toEqual([
      [lavandina.id, 2],
      [asado.id, 1000],
    ]);
    expect(onHand(core.db, lavandina.id)).toBe(28);
    expect(available(lavandina.id)).toBe(28); // not 26: the hold went when the sale took the stock
    expect(reservedOf(core.db, asado.id)).toBe(0);
    const ops = core.db
      .prepare("SELECT entity, op FROM outbox WHERE entity IN ('sale', 'online_order') ORDER BY seq")
      .all();
    expect(ops).toEqual([
      { entity: "sale", op: "created" },
      { entity: "online_order", op: "prepared" },
    ]);
    expect(getOnlineOrder(core, id).sale).toMatchObject({ id: sale.id, displayNumber: sale.displayNumber });
    // Again (a double press, a second till): refused, nothing written.
    const before = writeCounts(core);
    expect(refusal(() => prepareOnlineOrder(core, f.cashier, id)).code).toBe("online_order_prepared");
    expect(writeCounts(core)).toEqual(before);
    // A replay of the order after its sale holds nothing again.
    deliver(orderRow(id, { status: "paid", lines: [lineOf(lavandina.id, 5)] }));
    expect(reservedOf(core.db, lavandina.id)).toBe(0);
  });

  it("a failure inside the sale rolls back the whole preparation (the hold, the order, the outbox)", () => {
    const { lavandina } = f.products;
    const id = uuidv7();
    deliver(orderRow(id, { lines: [lineOf(lavandina.id, 2)] }));
    const before = writeCounts(core);
    core.db.exec(
      "CREATE TRIGGER fail_sale BEFORE INSERT ON sale_payments BEGIN SELECT RAISE(ABORT, 'disk full'); END",
    );
    expect(() => prepareOnlineOrder(core, f.cashier, id)).toThrow("disk full");
    expect(writeCounts(core)).toEqual(before);
    expect(reservedOf(core.db, lavandina.id)).toBe(2);
    expect(getOnlineOrder(core, id).sale).toBeNull();
  });

  it("refuses an unpaid order and a line on no product, with the line named", () => {
    const { lavandina } = f.products;
    const unpaid = uuidv7();
    deliver(orderRow(unpaid, { status: "open", lines: [lineOf(lavandina.id, 1)] }));
    expect(reservedOf(core.db, lavandina.id)).toBe(1); // held from the start: the channel shows it sold
    expect(refusal(() => prepareOnlineOrder(core, f.cashier, unpaid)).code).toBe("online_order_unpaid");
    const unlinked = uuidv7();
    deliver(orderRow(unlinked, { lines: [lineOf(lavandina.id, 1), lineOf(null, 1)] }));
    const refused = refusal(() => prepareOnlineOrder(core, f.cashier, unlinked));
    expect(refused.code).toBe("online_order_line_unlinked");
    expect(refused.message).toMatch(/^Línea 2/);
    // Linked since in the cloud: the order comes down again with the product, and holds it too.
    deliver(orderRow(unlinked, { lines: [lineOf(lavandina.id, 1), lineOf(f.products.yerba.id, 1)] }));
    expect(reservedOf(core.db, f.products.yerba.id)).toBe(1);
  });

  it("cancelled after the sale: the till's return gives the stock back, once", () => {
    const { lavandina } = f.products;
    const id = uuidv7();
    deliver(orderRow(id, { lines: [lineOf(lavandina.id, 3)] }));
    expect(refusal(() => giveBackOnlineOrder(core, f.manager, id, null)).code).toBe(
      "online_order_not_returnable",
    );
    prepareOnlineOrder(core, f.cashier, id);
    deliver(orderRow(id, { status: "cancelled", lines: [lineOf(lavandina.id, 3)] }));
    expect(onHand(core.db, lavandina.id)).toBe(27); // nothing comes back on its own
    expect(getOnlineOrder(core, id).returnOwed).toBe(true);
    const saleReturn = giveBackOnlineOrder(core, f.manager, id, null);
    expect(saleReturn.refunds).toEqual([expect.objectContaining({ method: "online", amount: 360_000 })]);
    expect(onHand(core.db, lavandina.id)).toBe(30);
    expect(getOnlineOrder(core, id).returnOwed).toBe(false);
    expect(refusal(() => giveBackOnlineOrder(core, f.manager, id, null)).code).toBe("online_order_returned");
  });
});
