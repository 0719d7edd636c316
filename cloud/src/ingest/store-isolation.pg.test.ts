import type { IngestOp } from "@mostrador/contracts/sync/ingest-batch";
import type { AlarmStatus } from "@mostrador/contracts/alarms";
import { v7 as uuidv7 } from "uuid";
import { beforeAll, describe, expect, it } from "vitest";
import { createStore } from "../tenancy/stores.js";
import { enrolledAppliance, ingest, json, ownerWithStore, useTestCloud } from "../test-support/test-cloud.js";

import { OpFactory, productPayload } from "./test-ops.js";

/**
 * Probes from outside, as a compromised or careless appliance would: every entity the cloud projects,
 * aimed at rows of another store of the same tenant (refused by name, 422) and of another tenant
 * (never reachable). Either way the first store's rows do not change.
 */

const t = useTestCloud();
let shopA: Awaited<ReturnType<typeof ownerWithStore>>;
let tillA1: Awaited<ReturnType<typeof enrolledAppliance>>;
let tillA2: Awaited<ReturnType<typeof enrolledAppliance>>;
let tillB: Awaited<ReturnType<typeof enrolledAppliance>>;
const a1 = new OpFactory();

const send = (token: string, ops: unknown[]) => ingest(t.cloud, token, ops);

/** What store A1 owns in every projected table, read as the owner (bypassing RLS). */
async function storeA1Rows(): Promise<string> {
  const parts: Record<string, unknown> = {};
  for (const table of [
    "products",
    "sales",
    "sale_lines",
    "sale_voids",
    "returns",
    "cash_sessions",
    "stock_movements",
    "stock_levels",
    "alarms",
    "owner_notifications",
    "appliance_events",
  ])
    parts[table] = await t.db.owner.query(
      `SELECT * FROM ${table} WHERE tenant_id = $1 AND store_id = $2 ORDER BY 1, 2, 3`,
      [shopA.tenantId, shopA.storeId],
    );
  return JSON.stringify(parts);
}

const at = "2026-03-02T10:00:00.000Z";
const product = (id: string, name: string, price: number) => productPayload(id, { name, price });
const alarm = (id: string, status: AlarmStatus, updatedAt: string) => ({
  id,
  deviceId: "heladera",
  severity: 3,
  status,
  message: "Heladera caliente",
  raisedAt: at,
  updatedAt,
});
const closedZ = (sessionId: string) => ({
  sessionId,
  terminal: { id: "t1" },
  openedAt: at,
  closedAt: "2026-03-02T20:00:00.000Z",
  openedBy: "s1",
  closedBy: "s1",
  openingFloat: 0,
  expectedCash: 0,
  countedCash: 0,
  difference: 0,
});

/** A1's rows, one of each entity. */
const ids = {
  product: uuidv7(),
  session: uuidv7(),
  movement: uuidv7(),
  alarm: uuidv7(),
  notification: uuidv7(),
};
const sale = a1.sale([{ productId: ids.product, quantity: 2, unitPrice: 150_000 }]);
const ret = a1.returnOf(sale.payload, ids.product, 1);

beforeAll(async () => {
  shopA = await ownerWithStore(t.db.sql, t.cloud, "a");
  const storeA2 = await createStore(t.db.sql, shopA.tenantId, "Local A2", t.cloud.clock);
  const shopB = await ownerWithStore(t.db.sql, t.cloud, "b");
  tillA1 = await enrolledAppliance(t.cloud, shopA.token, shopA.storeId, "Caja A1");
  tillA2 = await enrolledAppliance(t.cloud, shopA.token, storeA2.id, "Caja A2");
  tillB = await enrolledAppliance(t.cloud, shopB.token, shopB.storeId, "Caja B");
  const res = await send(tillA1.token, [
    a1.op("product", ids.product, "created", product(ids.product, "Yerba 1 kg", 450_000)),
    sale.op,
    ret,
    a1.op("cash_session", ids.session, "opened", {
      id: ids.session,
      terminalId: "t1",
      openedBy: "s1",
      openedAt: at,
      openingFloat: 1_000_000,
    }),
    a1.op("stock_movement", ids.movement, "created", {
      id: ids.movement,
      productId: ids.product,
      quantity: 24,
      reason: "receipt",
      at,
    }),
    a1.op("alarm", ids.alarm, "raised", alarm(ids.alarm, "active", at)),
    a1.op("notification", ids.notification, "created", { message: "Heladera a 9 °C", at }),
    a1.op("staff", "s1", "created", { id: "s1", name: "Ana", role: "cashier", active: true }),
  ]);
  expect(res.statusCode).toBe(200);
});

/** One probe per entity and op: each aims at a row of A1. */
function probes(f: OpFactory): [string, IngestOp][] {
  const later = "2026-03-02T23:00:00.000Z";
  return [
    [
      "product updated (price 1 centavo)",
      f.op("product", ids.product, "updated", product(ids.product, "X", 1)),
    ],
    ["sale voided", f.voidOf(sale.payload)],
    ["sale created again under its id", f.op("sale", sale.payload.id, "created", { ...sale.payload })],
    ["return of A1's sale", f.returnOf(sale.payload, ids.product, 1)],
    ["return created again under its id", f.rawOp("return", ret.entityId, "created", ret.payload)],
    ["cash session closed", f.op("cash_session", ids.session, "closed", closedZ(ids.session))],
    [
      "stock movement under its id",
      f.op("stock_movement", ids.movement, "created", {
        id: ids.movement,
        productId: ids.product,
        quantity: -999,
        reason: "count",
        at: later,
      }),
    ],
    ["alarm cleared", f.op("alarm", ids.alarm, "cleared", alarm(ids.alarm, "cleared", later))],
    [
      "notification under its id",
      f.op("notification", ids.notification, "created", { message: "Otro texto", at: later }),
    ],
  ];
}

describe("an appliance writes only its own store's rows", () => {
  it("refuses, by name, every op aimed at another store of the same tenant, and changes nothing", async () => {
    const before = await storeA1Rows();
    for (const [what, op] of probes(new OpFactory())) {
      const res = await send(tillA2.token, [op]);
      expect(res.statusCode, what).toBe(422);
      const body = json<{ rejected: { id: string; reason: string }[] }>(res);
      expect(body.rejected, what).toEqual([{ id: op.id, reason: expect.stringMatching(/otro local/) }]);
    }
    expect(await storeA1Rows()).toBe(before);
  });

  it("refuses only the foreign op of a mixed batch; the appliance's own ops then apply", async () => {
    const f = new OpFactory();
    const own = f.sale([{ productId: "leche", quantity: 1, unitPrice: 120_000 }]);
    const foreign = f.voidOf(sale.payload);
    const res = await send(tillA2.token, [own.op, foreign]);
    expect(res.statusCode).toBe(422);
    expect(json<{ rejected: { id: string }[] }>(res).rejected.map((r) => r.id)).toEqual([foreign.id]);
    // What the drainer does next: park the refused op, resend the rest.
    expect((await send(tillA2.token, [own.op])).statusCode).toBe(200);
    const [row] = await t.db.owner.query<{ store_id: string }>("SELECT store_id FROM sales WHERE id = $1", [
      own.payload.id,
    ]);
    expect(row?.store_id).toBe(tillA2.storeId);
  });

  it("keeps kept-verbatim entities (staff, devices...) per store: another store's op under the same id is its own", async () => {
    const before = await storeA1Rows();
    const res = await send(tillA2.token, [
      new OpFactory().op("staff", "s1", "updated", {
        id: "s1",
        name: "Intruso",
        role: "owner",
        active: true,
      }),
    ]);
    expect(res.statusCode).toBe(200);
    expect(await storeA1Rows()).toBe(before);
  });

  it("never lets another tenant's appliance reach the store's rows, whatever ids it names", async () => {
    const before = await storeA1Rows();
    for (const [what, op] of probes(new OpFactory())) {
      const res = await send(tillB.token, [op]);
      expect([200, 422], what).toContain(res.statusCode);
    }
    expect(await storeA1Rows()).toBe(before);
    // What tenant B's ops created is tenant B's own product, under the same id.
    const [b] = await t.db.owner.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM products WHERE tenant_id = $1",
      [tillB.tenantId],
    );
    expect(b?.n).toBe(1);
  });

  it("lets the store go on writing its own rows (a void and a close of its own session)", async () => {
    const res = await send(tillA1.token, [
      a1.voidOf(sale.payload),
      a1.op("cash_session", ids.session, "closed", closedZ(ids.session)),
    ]);
    expect(res.statusCode).toBe(200);
    const [s] = await t.db.owner.query<{ status: string }>("SELECT status FROM sales WHERE id = $1", [
      sale.payload.id,
    ]);
    expect(s?.status).toBe("voided");
  });
});
