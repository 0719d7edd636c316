import { v7 as uuidv7 } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bearer,
  enrolledAppliance,
  json,
  openTestCloud,
  ownerWithStore,
  type TestCloud,
} from "../test-support/test-cloud.js";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import { OpFactory } from "./test-ops.js";

// Sales land set-based: one statement writes a batch's sales with their lines and payments
// (projections/sales.ts). These check that the set-based write keeps ingest's guarantees at the size
// the appliance really sends (500 ops): one op the database refuses is named alone, and nothing is
// ever applied twice, whether the op or only the sale comes again.

let db: TestDatabase;
let cloud: TestCloud;

beforeAll(async () => {
  db = await createTestDatabase();
  cloud = await openTestCloud(db.sql);
});
afterAll(async () => {
  await cloud.close();
  await db.drop();
});

function send(token: string, ops: unknown[]) {
  return cloud.app.inject({ method: "POST", url: "/v1/ingest", headers: bearer(token), payload: { ops } });
}

async function freshAppliance(label: string) {
  const shop = await ownerWithStore(db.sql, cloud, label);
  return enrolledAppliance(cloud, shop.token, shop.storeId);
}

/**
 * Rows the four foreign keys dropped by ingest/migrations/0036 would have refused: a line or payment
 * without its sale, a sale of a store that does not exist, an applied op of an unknown appliance.
 * Ingest keeps them at zero by construction; these tests hold it to that.
 */
async function orphans(tenantId: string): Promise<number> {
  const [row] = await db.owner.query<{ n: string }>(
    `SELECT (SELECT count(*) FROM sale_lines c WHERE c.tenant_id = $1
               AND NOT EXISTS (SELECT 1 FROM sales p WHERE p.tenant_id = c.tenant_id AND p.id = c.sale_id))
          + (SELECT count(*) FROM sale_payments c WHERE c.tenant_id = $1
               AND NOT EXISTS (SELECT 1 FROM sales p WHERE p.tenant_id = c.tenant_id AND p.id = c.sale_id))
          + (SELECT count(*) FROM sales c WHERE c.tenant_id = $1
               AND NOT EXISTS (SELECT 1 FROM stores p WHERE p.tenant_id = c.tenant_id AND p.id = c.store_id))
          + (SELECT count(*) FROM applied_ops c WHERE c.tenant_id = $1
               AND NOT EXISTS (SELECT 1 FROM appliances p WHERE p.tenant_id = c.tenant_id AND p.id = c.appliance_id))
          AS n`,
    [tenantId],
  );
  return Number(row?.n);
}

/** What the tenant holds: rows per table, the stock of `productId` and rows without their parent. */
async function holdings(tenantId: string, productId: string) {
  const n = async (table: string) =>
    Number(
      (
        await db.owner.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE tenant_id = $1`, [
          tenantId,
        ])
      )[0]?.n,
    );
  const [stock] = await db.owner.query<{ on_hand: string }>(
    "SELECT on_hand FROM stock_levels WHERE tenant_id = $1 AND product_id = $2",
    [tenantId, productId],
  );
  return {
    applied: await n("applied_ops"),
    sales: await n("sales"),
    lines: await n("sale_lines"),
    payments: await n("sale_payments"),
    onHand: Number(stock?.on_hand ?? 0),
    orphans: await orphans(tenantId),
  };
}

/** `count` sales of one or two lines of `productId` (2 units each line). */
function sales(f: OpFactory, productId: string, count: number) {
  return Array.from({ length: count }, (_, i) =>
    f.sale(Array.from({ length: 1 + (i % 2) }, () => ({ productId, quantity: 2, unitPrice: 100_000 }))),
  );
}

const linesOf = (batch: ReturnType<typeof sales>) => batch.reduce((n, s) => n + s.payload.lines.length, 0);

describe("set-based sales ingest", () => {
  it("names the one sale of 500 the database refuses; the other 499 apply once with lines, payments and stock", async () => {
    const appliance = await freshAppliance("set-bad");
    const f = new OpFactory();
    const batch = sales(f, "yerba", 500);
    const bad = batch[250]!;
    // Passes the payload checks (a well-formed date-time) but PostgreSQL has no year 0: SQLSTATE 22008.
    bad.payload.createdAt = "0000-01-01T00:00:00Z";
    const before = await holdings(appliance.tenantId, "yerba");

    const refused = await send(
      appliance.token,
      batch.map((s) => s.op),
    );
    expect(refused.statusCode).toBe(422);
    const { rejected } = json<{ rejected: { id: string; reason: string }[] }>(refused);
    expect(rejected).toEqual([{ id: bad.op.id, reason: expect.stringMatching(/^La nube no puede guardar/) }]);
    expect(await holdings(appliance.tenantId, "yerba")).toEqual(before);

    const rest = batch.filter((s) => s !== bad);
    expect(
      json(
        await send(
          appliance.token,
          rest.map((s) => s.op),
        ),
      ),
    ).toEqual({
      applied: 499,
      duplicates: 0,
      lastSeq: 500,
    });
    const after = {
      applied: 499,
      sales: 499,
      lines: linesOf(rest),
      payments: 499,
      onHand: -2 * linesOf(rest),
      orphans: 0,
    };
    expect(await holdings(appliance.tenantId, "yerba")).toEqual(after);
    // The appliance's retry of the same batch (its answer lost) changes nothing.
    expect(
      json(
        await send(
          appliance.token,
          rest.map((s) => s.op),
        ),
      ),
    ).toMatchObject({ applied: 0, duplicates: 499 });
    expect(await holdings(appliance.tenantId, "yerba")).toEqual(after);
  });

  it("applies only the new half of a batch resent after a crash, and never a sale's lines or stock twice", async () => {
    const appliance = await freshAppliance("set-resend");
    const f = new OpFactory();
    const first = sales(f, "leche", 300);
    const second = sales(f, "leche", 200);
    expect(
      json(
        await send(
          appliance.token,
          first.map((s) => s.op),
        ),
      ),
    ).toMatchObject({ applied: 300 });
    // The appliance crashed before it saw the answer: it resends the batch with more queued behind it.
    const resent = await send(
      appliance.token,
      [...first, ...second].map((s) => s.op),
    );
    expect(json(resent)).toEqual({ applied: 200, duplicates: 300, lastSeq: 500 });
    const all = [...first, ...second];
    const expected = {
      applied: 500,
      sales: 500,
      lines: linesOf(all),
      payments: 500,
      onHand: -2 * linesOf(all),
      orphans: 0,
    };
    expect(await holdings(appliance.tenantId, "leche")).toEqual(expected);

    // The same sales under new op ids (an outbox rebuilt by a restore): the sales are there already, so
    // their lines, payments and stock are not written again.
    const again = first.slice(0, 50).map((s) => ({ ...s.op, id: uuidv7(), seq: s.op.seq + 1000 }));
    expect(json(await send(appliance.token, again))).toMatchObject({ applied: 50, duplicates: 0 });
    expect(await holdings(appliance.tenantId, "leche")).toEqual({ ...expected, applied: 550 });
  });
});
