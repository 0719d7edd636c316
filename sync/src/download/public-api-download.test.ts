import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock as CloudClock } from "@mostrador/cloud/core/clock";
import { apiKeyFor, callApi } from "@mostrador/cloud/publicapi/test-public-api";
import { buildCloudServer, type CloudServer } from "@mostrador/cloud/server";
import { enrolledAppliance, ownerWithStore } from "@mostrador/cloud/test-support/test-cloud";
import { createTestDatabase, type TestDatabase } from "@mostrador/cloud/test-support/test-database";
import { openTestCore, type TestCore } from "@mostrador/desktop/appliance/test-core";
import { startDownload, type Download } from "./download.js";

// Test-only reach into cloud/: the appliance talks to it over HTTP only (ingest up, shapes down).
let db: TestDatabase;
let app: CloudServer;
let url: string;
let core: TestCore;
let download: Download;
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
  download?.stop();
  core?.close();
  await app.close();
  await db.drop();
});

const waitFor = async (check: () => boolean, ms = 10_000) => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error("timeout esperando la condición");
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe("writes through the public API reach the appliance down the shapes, as dashboard edits do", () => {
  it("a product created and repriced, and a customer created, with an API key land in the till's database", async () => {
    core = openTestCore();
    const owner = await ownerWithStore(db.sql, testCloud(), "api-borde");
    const till = await enrolledAppliance(testCloud(), owner.token, owner.storeId);
    const { secret } = await apiKeyFor(testCloud(), owner.token, { products: "write", customers: "write" });
    download = startDownload(core, { cloudUrl: url, token: till.token });
    await download.ready;

    const made = await callApi(testCloud(), secret, "POST", "/products", {
      sku: "API-77",
      name: "Galletitas por API",
      price: 125_000,
      ivaRate: 2100,
      unit: "each",
      barcodes: ["7790001000777"],
    });
    expect(made.statusCode, made.body).toBe(201);
    const id = (made.json() as { id: string }).id;
    const product = () =>
      core.db.prepare("SELECT name, price FROM products WHERE id = ?").get(id) as
        { name: string; price: number } | undefined;
    await waitFor(() => product()?.price === 125_000);
    expect(product()).toEqual({ name: "Galletitas por API", price: 125_000 });

    const repriced = await callApi(testCloud(), secret, "PATCH", `/products/${id}`, { price: 131_000 });
    expect(repriced.statusCode, repriced.body).toBe(200);
    await waitFor(() => product()?.price === 131_000);

    const customer = await callApi(testCloud(), secret, "POST", "/customers", {
      name: "Rosa Ibáñez",
      phone: "11 4455-6677",
    });
    expect(customer.statusCode, customer.body).toBe(201);
    const customerId = (customer.json() as { id: string }).id;
    const atTill = () =>
      core.db.prepare("SELECT name, phone FROM customers WHERE id = ?").get(customerId) as
        { name: string; phone: string } | undefined;
    await waitFor(() => atTill() !== undefined);
    expect(atTill()).toEqual({ name: "Rosa Ibáñez", phone: "+541144556677" });
  }, 30_000);
});
