import type { ChangeMessage, Row } from "@electric-sql/client";
import { openTestCore, type TestCore } from "@mostrador/desktop/appliance/test-core";
import { getOnlineOrder, listOnlineOrders } from "@mostrador/desktop/online-orders/orders";
import { v7 as uuidv7 } from "uuid";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyOnlineOrderMessages } from "./online-orders-apply.js";

let core: TestCore;
beforeEach(() => {
  core = openTestCore();
});
afterEach(() => core.close());

const line = {
  productId: null,
  remoteProductId: "501",
  remoteVariantId: "502",
  sku: "REM-M",
  title: "Remera — M",
  quantity: 1,
  unitPrice: 4500_00,
};

/** An order as the cloud's online_orders shape sends it (Postgres text values, jsonb as text). */
const orderRow = (id: string, changes: Record<string, unknown> = {}) =>
  ({
    key: id,
    value: {
      id,
      channel: "tiendanube",
      remote_order_id: "900",
      remote_pack_id: null,
      number: "101",
      status: "paid",
      buyer_name: "Ana Compradora",
      total: "450000",
      lines: JSON.stringify([line]),
      placed_at: "2026-03-02 12:00:00+00",
      updated_at: "2026-03-02 12:00:05+00",
      ...changes,
    },
    headers: { operation: "insert" },
  }) as unknown as ChangeMessage<Row>;

const deliver = (...messages: ChangeMessage<Row>[]) =>
  core.db.transaction(() => applyOnlineOrderMessages(core, messages)).immediate();

describe("the online_orders shape at the appliance", () => {
  it("keeps each order once, the latest state winning and an older one never replacing it", () => {
    const id = uuidv7();
    expect(deliver(orderRow(id))).toEqual([id]);
    expect(deliver(orderRow(id, { status: "cancelled", updated_at: "2026-03-02 12:10:00+00" }))).toEqual([
      id,
    ]);
    // A late, older state arrives after: kept as it was.
    expect(deliver(orderRow(id, { status: "paid", updated_at: "2026-03-02 12:00:05+00" }))).toEqual([]);
    expect(listOnlineOrders(core)).toEqual([
      expect.objectContaining({
        id,
        status: "cancelled",
        total: 4500_00,
        placedAt: "2026-03-02T12:00:00.000Z",
        unlinkedLines: 1,
      }),
    ]);
    expect(getOnlineOrder(core, id).lines).toEqual([{ ...line, productName: null }]);
  });

  it("skips a row this version cannot read instead of jamming the shape", () => {
    const bad = [
      orderRow(uuidv7(), { status: "shipped" }),
      orderRow(uuidv7(), { channel: "amazon" }),
      orderRow(uuidv7(), { total: "-1" }),
      orderRow(uuidv7(), { lines: '[{"quantity":0}]' }),
      orderRow(uuidv7(), { lines: "no es json" }),
    ];
    const good = uuidv7();
    expect(deliver(...bad, orderRow(good, { remote_order_id: "901" }))).toEqual([good]);
    expect(listOnlineOrders(core).map((o) => o.id)).toEqual([good]);
  });

  it("an unknown order is refused with a Spanish message", () => {
    expect(() => getOnlineOrder(core, uuidv7())).toThrow("Ese pedido online no existe");
  });
});
