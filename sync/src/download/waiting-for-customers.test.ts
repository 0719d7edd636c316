import { rmSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ManualClock as CloudClock } from "@mostrador/cloud/core/clock";
import { buildCloudServer, type CloudServer } from "@mostrador/cloud/server";
import { enrolledAppliance, ownerWithStore } from "@mostrador/cloud/test-support/test-cloud";
import { createTestDatabase, type TestDatabase } from "@mostrador/cloud/test-support/test-database";
import { applianceMigrations } from "@mostrador/desktop/appliance/open-appliance-core";
import { openTestCore, type TestCore } from "@mostrador/desktop/appliance/test-core";
import { runPendingMaintenance } from "@mostrador/desktop/maintenance/stored-text";
import type { Ctx } from "@mostrador/kernel/core/context";
import { openCore } from "@mostrador/kernel/core/open-core";
import { downloadShapes, startDownload } from "./download.js";
import { startShapeConsumer, type ShapeConsumer, type ShapeName } from "./shape-consumer.js";

// Test-only reach into cloud/: the appliance talks to it over HTTP only. The owner's SQL connection
// makes the deliveries the dashboard never makes (a grant or recall changed or deleted).
let db: TestDatabase;
let app: CloudServer;
let url: string;
const cloudClock = new CloudClock("2026-11-21T13:00:00.000Z");
const testCloud = () => ({ app, clock: cloudClock, close: () => app.close() });

beforeAll(async () => {
  db = await createTestDatabase();
  process.env.CLOUD_SHAPE_LIVE_TIMEOUT_MS = "2000";
  process.env.CLOUD_SHAPE_POLL_MS = "50";
  app = await buildCloudServer(db.sql, { clock: cloudClock });
  delete process.env.CLOUD_SHAPE_LIVE_TIMEOUT_MS;
  delete process.env.CLOUD_SHAPE_POLL_MS;
  url = (await app.listen({ port: 0, host: "127.0.0.1" })).replace("[::1]", "127.0.0.1");
});
afterAll(async () => {
  await app.close();
  await db.drop();
});

let core: TestCore;
let running: { stop(): void }[] = [];
afterEach(() => {
  for (const r of running) r.stop();
  running = [];
  core?.close();
});

const waitFor = async (check: () => boolean, ms = 10_000) => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error("timeout esperando la condición");
    await new Promise((r) => setTimeout(r, 20));
  }
};

type Spec = keyof ReturnType<typeof downloadShapes>;

/** Starts only the named shapes' consumers (as startDownload wires them) and waits for their first batch. */
async function consume(ctx: Ctx, token: string, ...names: Spec[]): Promise<ShapeConsumer[]> {
  const shapes = downloadShapes(ctx);
  const consumers = names.map((n) => startShapeConsumer(ctx, { cloudUrl: url, token, ...shapes[n] }));
  running.push(...consumers);
  await Promise.all(consumers.map((c) => c.ready));
  return consumers;
}

/** A tenant with one store, its enrolled appliance, and a customer typed in the dashboard. */
async function shop(label: string) {
  const owner = await ownerWithStore(db.sql, testCloud(), label);
  const till = await enrolledAppliance(testCloud(), owner.token, owner.storeId);
  const send = async (method: "POST" | "PUT", path: string, payload: object) => {
    const res = await app.inject({
      method,
      url: `/v1${path}`,
      headers: { authorization: `Bearer ${owner.token}` },
      payload,
    });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json() as { id?: string };
  };
  const customerId = String((await send("POST", "/customers", { name: "Rosa Benítez" })).id);
  return { owner, token: till.token, customerId, send };
}
type Shop = Awaited<ReturnType<typeof shop>>;

const parked = (ctx: Ctx, shape: ShapeName) =>
  ctx.db.prepare("SELECT key, waits_for_id, row FROM download_waiting WHERE shape = ?").all(shape) as {
    key: string;
    waits_for_id: string;
    row: string;
  }[];

/** One kind of row that depends on a customer: how the cloud makes it, changes it, deletes it, and reads it here. */
interface Dependent {
  spec: Spec;
  shape: ShapeName;
  /** Makes the row in the cloud; returns its key in the shape. */
  make(s: Shop): Promise<string>;
  /** A newer delivery of the same key; returns the value it carries. */
  renew(s: Shop, key: string): Promise<number | string>;
  remove(s: Shop, key: string): Promise<void>;
  /** The value as this appliance applied it, undefined when not here. */
  applied(ctx: Ctx, key: string): number | string | undefined;
  /** The value the row carries when made. */
  first: number | string;
  /** The same value read from the parked row's JSON. */
  fromParked(row: Record<string, unknown>): number | string;
}

const value = (ctx: Ctx, sql: string, key: string) =>
  (ctx.db.prepare(sql).pluck().get(key) ?? undefined) as number | string | undefined;

const cloudId = async (table: string, customerId: string): Promise<string> => {
  const rows = await db.owner.query<{ id: string }>(`SELECT id FROM ${table} WHERE customer_id = $1`, [
    customerId,
  ]);
  return String(rows[0]?.id);
};

// A grant needs a limit with credit no store holds; a recall needs the store to hold some.
const grant = (s: Shop) =>
  s.send("PUT", `/dashboard/accounts/${s.customerId}/credit-limit`, { creditLimit: 1_000_000 }).then(() =>
    s.send("POST", `/dashboard/accounts/${s.customerId}/grants`, {
      storeId: s.owner.storeId,
      kind: "credit",
      amount: 300_000,
    }),
  );

const DEPENDENTS: Dependent[] = [
  {
    spec: "creditLimits",
    shape: "credit_limits",
    first: 500_000,
    async make(s) {
      await s.send("PUT", `/dashboard/accounts/${s.customerId}/credit-limit`, { creditLimit: 500_000 });
      return s.customerId;
    },
    async renew(s) {
      cloudClock.advance(60_000);
      await s.send("PUT", `/dashboard/accounts/${s.customerId}/credit-limit`, { creditLimit: 700_000 });
      return 700_000;
    },
    async remove(s) {
      await db.owner.query("DELETE FROM credit_limits WHERE customer_id = $1", [s.customerId]);
    },
    applied: (ctx, key) =>
      value(ctx, "SELECT credit_limit FROM customer_credit_limits WHERE customer_id = ?", key),
    fromParked: (row) => Number(row.credit_limit),
  },
  {
    spec: "allowances",
    shape: "allowance_grants",
    first: 300_000,
    async make(s) {
      await grant(s);
      return cloudId("allowance_grants", s.customerId);
    },
    async renew(_s, key) {
      // Grants never change in the cloud; a newer delivery of one still replaces what waits.
      await db.owner.query("UPDATE allowance_grants SET amount = 250000, updated_at = now() WHERE id = $1", [
        key,
      ]);
      return 250_000;
    },
    async remove(_s, key) {
      await db.owner.query("DELETE FROM allowance_grants WHERE id = $1", [key]);
    },
    applied: (ctx, key) => value(ctx, "SELECT amount FROM allowance_entries WHERE grant_id = ?", key),
    fromParked: (row) => Number(row.amount),
  },
  {
    spec: "recalls",
    shape: "allowance_recalls",
    first: 100_000,
    async make(s) {
      await grant(s);
      await s.send("POST", `/dashboard/accounts/${s.customerId}/recalls`, {
        storeId: s.owner.storeId,
        kind: "credit",
        amount: 100_000,
      });
      return cloudId("allowance_recalls", s.customerId);
    },
    async renew(_s, key) {
      await db.owner.query("UPDATE allowance_recalls SET amount = 50000, updated_at = now() WHERE id = $1", [
        key,
      ]);
      return 50_000;
    },
    async remove(_s, key) {
      await db.owner.query("DELETE FROM allowance_recalls WHERE id = $1", [key]);
    },
    applied: (ctx, key) => value(ctx, "SELECT amount FROM allowance_recalls WHERE id = ?", key),
    fromParked: (row) => Number(row.amount),
  },
];

const knows = (ctx: Ctx, customerId: string) =>
  ctx.db.prepare("SELECT 1 FROM customers WHERE id = ?").get(customerId) !== undefined;

for (const d of DEPENDENTS)
  describe(`${d.shape} of a customer the appliance has not received yet`, () => {
    it("customer first: applied at once, nothing waits", async () => {
      core = openTestCore();
      const s = await shop(`${d.shape}-first`);
      const key = await d.make(s);
      await consume(core, s.token, "customers");
      await waitFor(() => knows(core, s.customerId));
      await consume(core, s.token, d.spec);
      await waitFor(() => d.applied(core, key) !== undefined);
      expect(d.applied(core, key)).toBe(d.first);
      expect(parked(core, d.shape)).toEqual([]);
    });

    it("customer last: parked with its shape's offset, applied when the customer arrives, with its event", async () => {
      core = openTestCore();
      const s = await shop(`${d.shape}-last`);
      const key = await d.make(s);
      await consume(core, s.token, d.spec);
      expect(parked(core, d.shape)).toMatchObject([{ key, waits_for_id: s.customerId }]);
      expect(d.applied(core, key)).toBeUndefined();

      const events: string[] = [];
      core.bus.on("account.changed", (e) => events.push(e.customerId));
      await consume(core, s.token, "customers");
      await waitFor(() => d.applied(core, key) !== undefined);
      expect(d.applied(core, key)).toBe(d.first);
      expect(parked(core, d.shape)).toEqual([]);
      // account.changed is raised after the customers' batch commits, as the shape's own batch would.
      await waitFor(() => events.includes(s.customerId));
    });

    it("a newer delivery of a parked row replaces it, and the newer one is applied", async () => {
      core = openTestCore();
      const s = await shop(`${d.shape}-newer`);
      const key = await d.make(s);
      await consume(core, s.token, d.spec);
      expect(parked(core, d.shape)).toHaveLength(1);
      const newer = await d.renew(s, key);
      await waitFor(() => {
        const rows = parked(core, d.shape);
        return (
          rows.length === 1 && d.fromParked(JSON.parse(rows[0]!.row) as Record<string, unknown>) === newer
        );
      });
      await consume(core, s.token, "customers");
      await waitFor(() => d.applied(core, key) !== undefined);
      expect(d.applied(core, key)).toBe(newer);
    });

    it("a parked row deleted in the cloud stops waiting and is never applied", async () => {
      core = openTestCore();
      const s = await shop(`${d.shape}-deleted`);
      const key = await d.make(s);
      await consume(core, s.token, d.spec);
      expect(parked(core, d.shape)).toHaveLength(1);
      await d.remove(s, key);
      await waitFor(() => parked(core, d.shape).length === 0);
      await consume(core, s.token, "customers");
      await waitFor(() => knows(core, s.customerId));
      expect(d.applied(core, key)).toBeUndefined();
    });

    it("a parked row survives closing the appliance: the whole download after a restart applies it", async () => {
      core = openTestCore();
      const s = await shop(`${d.shape}-restart`);
      const key = await d.make(s);
      const [consumer] = await consume(core, s.token, d.spec);
      expect(parked(core, d.shape)).toHaveLength(1);
      consumer!.stop();
      core.db.close();
      // The same SQLite file opened again, as the appliance does at start. Its shape resumes past the
      // row (the cloud will not send it again): only download_waiting still has it.
      const reopened = openCore(core.dataDir, {
        clock: core.clock,
        migrations: applianceMigrations(),
        afterMigrate: runPendingMaintenance,
      });
      try {
        const download = startDownload(reopened, { cloudUrl: url, token: s.token });
        running.push(download);
        await download.ready;
        await waitFor(() => d.applied(reopened, key) !== undefined);
        expect(d.applied(reopened, key)).toBe(d.first);
        expect(parked(reopened, d.shape)).toEqual([]);
      } finally {
        for (const r of running) r.stop();
        running = [];
        reopened.db.close();
        rmSync(core.dataDir, { recursive: true, force: true });
        core = undefined as unknown as TestCore;
      }
    });
  });
