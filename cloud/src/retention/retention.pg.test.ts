import { v7 as uuidv7 } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCloudProduct, updateCloudProduct } from "../catalog/products.js";
import { OpFactory } from "../ingest/test-ops.js";
import {
  bearer,
  enrolledAppliance,
  json,
  openTestCloud,
  ownerWithStore,
  snapshot,
  type TestCloud,
} from "../test-support/test-cloud.js";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import { DEFAULT_RETENTION } from "./policy.js";
import { runRetention } from "./run-retention.js";

const DAY = 86_400_000;
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

const retain = () => runRetention(db.sql, cloud.clock, DEFAULT_RETENTION);

function send(token: string, ops: unknown[]) {
  return cloud.app.inject({ method: "POST", url: "/v1/ingest", headers: bearer(token), payload: { ops } });
}

async function count(table: string, tenantId: string): Promise<number> {
  const [row] = await db.owner.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${table} WHERE tenant_id = $1`,
    [tenantId],
  );
  return row?.n ?? 0;
}

describe("applied_ops retention: a resent op older than the horizon is never applied twice", () => {
  it("forgets old ops, refuses their resend by seq (422, nothing changed) and still applies new ones", async () => {
    const shop = await ownerWithStore(db.sql, cloud, "ops");
    const till = await enrolledAppliance(cloud, shop.token, shop.storeId);
    const f = new OpFactory();
    const old = [f.sale().op, f.sale().op];
    expect((await send(till.token, old)).statusCode).toBe(200);
    cloud.clock.advance((DEFAULT_RETENTION.appliedOpsKeepDays + 1) * DAY);
    const recent = f.sale().op;
    expect((await send(till.token, [recent])).statusCode).toBe(200);

    const run = await retain();
    expect(run.appliedOps).toBeGreaterThanOrEqual(2);
    expect(await count("applied_ops", shop.tenantId)).toBe(1);

    // The answer to the first batch "was lost" and the till resends it long after: refused by name.
    const before = await snapshot(db.owner);
    const resent = await send(till.token, [...old, f.sale().op]);
    expect(resent.statusCode).toBe(422);
    const body = json<{ rejected: { id: string; reason: string }[] }>(resent);
    expect(body.rejected.map((r) => r.id).sort()).toEqual(old.map((o) => o.id).sort());
    expect(body.rejected[0]!.reason).toMatch(/no se aplica para no duplicarla/);
    expect(await snapshot(db.owner)).toBe(before);
    expect(await count("sales", shop.tenantId)).toBe(3);

    // The till parks those and sends the rest: applied; a young op resent is still a plain duplicate.
    const next = f.sale().op;
    expect(json(await send(till.token, [next]))).toMatchObject({ applied: 1 });
    expect(json(await send(till.token, [recent]))).toMatchObject({ applied: 0, duplicates: 1 });
    expect(await count("sales", shop.tenantId)).toBe(4);
  });

  it("refuses an op born before a re-pairing and before the horizon, sent under the new pairing", async () => {
    const shop = await ownerWithStore(db.sql, cloud, "repair");
    const first = await enrolledAppliance(cloud, shop.token, shop.storeId, "Caja vieja");
    const f = new OpFactory();
    // Born at the cloud's "now" (the op id's UUIDv7 time is the till's clock).
    const bornAt = cloud.clock.now().getTime();
    const sale = f.sale().op;
    const op = { ...sale, id: uuidv7({ msecs: bornAt }) };
    expect((await send(first.token, [op])).statusCode).toBe(200);
    // Same till, paired again (a new appliance id, its seq mark 0) with that op's answer lost...
    cloud.clock.advance(60_000);
    const again = await enrolledAppliance(cloud, shop.token, shop.storeId, "Caja vieja");
    cloud.clock.advance((DEFAULT_RETENTION.appliedOpsKeepDays + 1) * DAY);
    await retain();
    expect(await count("applied_ops", shop.tenantId)).toBe(0);

    // ...resends it from the same outbox, after the horizon, under the new pairing.
    const resent = await send(again.token, [op]);
    expect(resent.statusCode).toBe(422);
    expect(json<{ rejected: { reason: string }[] }>(resent).rejected[0]!.reason).toMatch(
      /antes de vincular este equipo/,
    );
    expect(await count("sales", shop.tenantId)).toBe(1);
    // An op born now, under the new pairing, applies.
    const fresh = { ...f.sale().op, id: uuidv7({ msecs: cloud.clock.now().getTime() + 1 }) };
    expect(json(await send(again.token, [fresh]))).toMatchObject({ applied: 1 });
  });
});

describe("shape_log trim: a till behind the horizon re-reads, a caught-up one goes on", () => {
  it("answers an offset behind the trim with 409 and a new handle, and goes on from a caught-up one", async () => {
    const shop = await ownerWithStore(db.sql, cloud, "log");
    const till = await enrolledAppliance(cloud, shop.token, shop.storeId);
    const shape = (query: string) =>
      cloud.app.inject({
        method: "GET",
        url: `/v1/shape?table=products&${query}`,
        headers: bearer(till.token),
      });
    const p = await createCloudProduct(
      db.sql,
      shop.tenantId,
      { sku: "T-1", name: "Té", price: 1_000, ivaRate: 2100, unit: "each" },
      cloud.clock,
    );
    const behind = await shape("offset=-1");
    const behindOffset = String(behind.headers["electric-offset"]);
    const handle = String(behind.headers["electric-handle"]);
    // Logged now, then aged past the horizon by moving the log's clock back (logged_at is the database's).
    await updateCloudProduct(db.sql, shop.tenantId, p.id, { price: 2_000 }, cloud.clock);
    await db.owner.query(
      "UPDATE shape_log SET logged_at = logged_at - interval '400 days' WHERE tenant_id = $1",
      [shop.tenantId],
    );
    const caughtUp = await shape("offset=-1");
    const caughtUpOffset = String(caughtUp.headers["electric-offset"]);

    const run = await runRetention(db.sql, { now: () => new Date() }, DEFAULT_RETENTION);
    expect(run.shapeLogRows).toBeGreaterThanOrEqual(2);
    expect(await count("shape_log", shop.tenantId)).toBe(0);

    const stale = await shape(`offset=${behindOffset}&handle=${handle}`);
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toEqual([{ headers: { control: "must-refetch" } }]);
    // A handle the till has not seen: Electric's client refuses a 409 that names the one it sent.
    const fresh = String(stale.headers["electric-handle"]);
    expect(fresh).not.toBe(handle);

    await updateCloudProduct(db.sql, shop.tenantId, p.id, { price: 3_000 }, cloud.clock);
    const live = await shape(`offset=${caughtUpOffset}&handle=${handle}`);
    expect(live.statusCode).toBe(200);
    expect(live.headers["electric-handle"]).toBe(fresh);
    const changes = live.json<{ value?: { price?: string } }[]>();
    expect(changes.find((m) => m.value)?.value?.price).toBe("3000");
  });
});
