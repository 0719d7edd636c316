import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ManualClock as CloudClock } from "@mostrador/cloud/core/clock";
import { buildCloudServer, type CloudServer } from "@mostrador/cloud/server";
import { enrolledAppliance, ownerWithStore } from "@mostrador/cloud/test-support/test-cloud";
import { createTestDatabase, type TestDatabase } from "@mostrador/cloud/test-support/test-database";
import { openTestCore, type TestCore } from "@mostrador/desktop/appliance/test-core";
import {
  createCustomer,
  customerByLoyaltyCode,
  updateCustomer,
} from "@mostrador/desktop/customers/customers";
import { startDownload, type Download } from "./download.js";

// Test-only reach into cloud/: the appliance talks to it over HTTP only (ingest up, shapes down).
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
let download: Download | undefined;
afterEach(() => {
  download?.stop();
  download = undefined;
  core?.close();
});

const waitFor = async (check: () => boolean, ms = 10_000) => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error("timeout esperando la condición");
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** A tenant with one store and its appliance; the owner's token for the dashboard. */
async function shop(label: string) {
  const owner = await ownerWithStore(db.sql, testCloud(), label);
  const till = await enrolledAppliance(testCloud(), owner.token, owner.storeId);
  return { owner, till };
}

/** Uploads the appliance's customer ops as the drainer does (POST /v1/ingest), then clears them. */
async function upload(token: string): Promise<void> {
  const rows = core.db.prepare("SELECT * FROM outbox WHERE entity = 'customer' ORDER BY seq").all() as {
    seq: number;
    id: string;
    entity: string;
    entity_id: string;
    op: string;
    payload: string;
    created_at: string;
  }[];
  const ops = rows.map((r) => ({
    id: r.id,
    seq: r.seq,
    entity: r.entity,
    entityId: r.entity_id,
    op: r.op,
    payload: JSON.parse(r.payload) as unknown,
    createdAt: r.created_at,
  }));
  const res = await app.inject({
    method: "POST",
    url: "/v1/ingest",
    headers: { authorization: `Bearer ${token}` },
    payload: { ops },
  });
  expect(res.statusCode, res.body).toBe(200);
  core.db.prepare("DELETE FROM outbox WHERE entity = 'customer'").run();
}

const dashboard = (token: string, method: "POST" | "PATCH", path: string, payload?: object) =>
  app.inject({
    method,
    url: `/v1${path}`,
    headers: { authorization: `Bearer ${token}` },
    ...(payload ? { payload } : {}),
  });

const FIELDS =
  "id, name, doc_type, doc_number, phone, email, loyalty_code, merged_into, (erased_at IS NOT NULL) AS erased";
const edgeRows = (): Record<string, unknown>[] =>
  (core.db.prepare(`SELECT ${FIELDS} FROM customers ORDER BY id`).all() as Record<string, unknown>[]).map(
    (r) => ({
      ...r,
      erased: r.erased === 1,
    }),
  );
const cloudRows = (tenantId: string) =>
  db.owner.query(`SELECT ${FIELDS} FROM customers WHERE tenant_id = $1 ORDER BY id`, [tenantId]);

describe("customers both ways: a till's and the dashboard's records of one person converge", () => {
  for (const order of ["till born first", "dashboard born first"] as const)
    it(`${order}: one survivor, the same on both sides`, async () => {
      core = openTestCore();
      const { owner, till } = await shop(`conv-${order.split(" ")[0]}`);
      const fromTill = () =>
        createCustomer(core, {
          name: "Lucía Fernández",
          docNumber: "30.123.456",
          phone: "11 2233 4455",
          loyaltyCode: "LF-1",
        });
      const fromDashboard = () =>
        dashboard(owner.token, "POST", "/customers", {
          name: "Lucía F.",
          docNumber: "30123456",
          email: "lucia@example.com",
        });
      // Each place is offline from the other while it creates; then the till uploads and downloads.
      let tillId: string;
      if (order === "till born first") {
        tillId = fromTill().id;
        expect((await fromDashboard()).statusCode).toBe(201);
      } else {
        expect((await fromDashboard()).statusCode).toBe(201);
        tillId = fromTill().id;
      }
      await upload(till.token);
      download = startDownload(core, { cloudUrl: url, token: till.token });
      await download.ready;
      await waitFor(() => edgeRows().length === 2 && edgeRows().some((r) => r.merged_into !== null));

      const cloud = await cloudRows(owner.tenantId);
      expect(edgeRows()).toEqual(cloud);
      const survivor = cloud.find((r) => r.merged_into === null)!;
      const ids = cloud.map((r) => String(r.id)).sort();
      expect(survivor.id).toBe(ids[0]); // the earliest born
      expect(survivor).toMatchObject({
        doc_number: "30123456",
        phone: "+541122334455",
        email: "lucia@example.com",
      });
      // The till's card attaches the survivor, whichever record it was printed for.
      expect(customerByLoyaltyCode(core, "LF-1")?.id).toBe(survivor.id);
      expect(tillId).toBeTruthy();
    });

  it("an edit at the till after the download wins over the older cloud value, and reaches the cloud", async () => {
    core = openTestCore();
    const { owner, till } = await shop("lww");
    const created = await dashboard(owner.token, "POST", "/customers", {
      name: "Ana",
      email: "ana@example.com",
    });
    const id = String(created.json().id);
    download = startDownload(core, { cloudUrl: url, token: till.token });
    await download.ready;
    await waitFor(() => edgeRows().some((r) => r.id === id));
    updateCustomer(core, id, { email: "ana.nueva@example.com" });
    await upload(till.token);
    await waitFor(() => edgeRows().find((r) => r.id === id)?.email === "ana.nueva@example.com");
    const [cloud] = await cloudRows(owner.tenantId);
    expect(cloud).toMatchObject({ email: "ana.nueva@example.com", name: "Ana" });
    expect(edgeRows()).toEqual(await cloudRows(owner.tenantId));
  });

  it("an erasure in the dashboard reaches the till: the row and every waiting outbox payload lose the personal data", async () => {
    core = openTestCore();
    const { owner, till } = await shop("erase");
    const c = createCustomer(core, {
      name: "Secreta Pérez",
      email: "secreta@example.com",
      phone: "11 5555 6666",
    });
    await upload(till.token);
    // Edited again while offline: this op is still waiting in the outbox when the erasure arrives.
    updateCustomer(core, c.id, { notes: "vive en Calle Falsa 123" });
    const erased = await dashboard(owner.token, "POST", `/customers/${c.id}/erase`);
    expect(erased.statusCode).toBe(200);
    download = startDownload(core, { cloudUrl: url, token: till.token });
    await download.ready;
    await waitFor(() => edgeRows().find((r) => r.id === c.id)?.erased === true);
    const everything = JSON.stringify([
      core.db.prepare("SELECT * FROM customers").all(),
      core.db.prepare("SELECT * FROM outbox").all(),
    ]);
    for (const secret of ["Secreta", "secreta@example.com", "55556666", "Calle Falsa"])
      expect(everything).not.toContain(secret);
    // The waiting op still uploads (anonymous) and restores nothing in the cloud.
    await upload(till.token);
    expect(await cloudRows(owner.tenantId)).toMatchObject([
      { id: c.id, name: "", email: null, erased: true },
    ]);
  });
});
