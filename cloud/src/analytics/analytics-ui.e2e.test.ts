import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTenant } from "../auth/accounts.js";
import { ManualClock } from "../core/clock.js";
import { DEFAULT_UI_DIR } from "../dashboard/static-ui.js";
import { ensureDashboardBuilt, launchTestChromium, textOf } from "../dashboard/test-chromium.js";
import { seedProduct, seedSale } from "../dashboard/test-seed.js";
import { buildCloudServer, type CloudServer } from "../server.js";
import { createStore } from "../tenancy/stores.js";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";

/**
 * The Análisis screen in Chromium: a period opened from the URL, a drill-down category → product that
 * writes itself into the URL (and Back climbs out), and a CSV downloaded.
 */
describe("Análisis in Chromium", () => {
  let db: TestDatabase;
  let app: CloudServer;
  let url: string;
  let browser: Browser;
  let yerba: string;
  const owner = { email: `analisis.${Date.now()}@example.com`, password: "clave-del-panel-1" };

  beforeAll(async () => {
    await ensureDashboardBuilt();
    db = await createTestDatabase();
    const clock = new ManualClock("2026-03-02T15:00:00Z");
    const { tenantId } = await createTenant(
      db.sql,
      { orgName: "Almacén Análisis", ownerEmail: owner.email, password: owner.password },
      clock,
    );
    const store = await createStore(db.sql, tenantId, "Local Centro", clock);
    yerba = await seedProduct(db.owner, {
      tenantId,
      sku: "YERBA",
      name: "Yerba 1 kg",
      price: 450_000,
      lowStockThreshold: null,
    });
    const azucar = await seedProduct(db.owner, {
      tenantId,
      sku: "AZU",
      name: "Azúcar 1 kg",
      price: 100_000,
      lowStockThreshold: null,
    });
    await db.owner.query(
      `INSERT INTO categories (tenant_id, id, name, name_key, field_hlc, updated_at)
       VALUES ($1, 'cat-almacen', 'Almacén', 'almacén', '{}', now())`,
      [tenantId],
    );
    await db.owner.query("UPDATE products SET category_id = 'cat-almacen' WHERE id = $1", [yerba]);
    for (const [at, productId, description, total] of [
      ["2026-03-02T14:15:00Z", yerba, "Yerba 1 kg", 900_000],
      ["2026-03-01T13:00:00Z", azucar, "Azúcar 1 kg", 400_000],
    ] as const)
      await seedSale(db.owner, {
        tenantId,
        storeId: store.id,
        applianceId: randomUUID(),
        at,
        total,
        payments: [{ method: "cash", amount: total }],
        lines: [{ productId, description, quantity: 2, total }],
      });
    // Seeded rows skip the ingest: the aggregates are recounted as the migration's backfill does.
    await db.owner.query("SELECT analytics_refresh_days($1, $2, ARRAY['2026-03-01', '2026-03-02']::date[])", [
      tenantId,
      store.id,
    ]);
    app = await buildCloudServer(db.sql, { clock, uiDir: DEFAULT_UI_DIR });
    url = (await app.listen({ port: 0, host: "127.0.0.1" })).replace("[::1]", "127.0.0.1");
    browser = await launchTestChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await db?.drop();
  });

  it("opens the period in the URL, drills down category → product and back, and downloads a CSV", async () => {
    const page = await browser.newPage({ acceptDownloads: true });
    await page.goto(`${url}/#analisis?from=2026-03-01&to=2026-03-02`);
    await page.getByTestId("login-email").fill(owner.email);
    await page.getByTestId("login-password").fill(owner.password);
    await page.getByTestId("login-submit").click();
    await expect.poll(() => textOf(page, "analytics-sales"), { timeout: 10_000 }).toBe("$ 13.000,00");
    expect(await page.getByTestId("analytics-from").inputValue()).toBe("2026-03-01");

    await page.getByTestId("category-cat-almacen").click();
    await expect.poll(() => page.evaluate(() => location.hash)).toContain("category=cat-almacen");
    await expect.poll(() => textOf(page, "analytics-sales")).toBe("$ 9.000,00");
    expect(await page.getByTestId("analytics-products").locator("tbody tr").count()).toBe(1);

    await page.getByTestId(`product-${yerba}`).click();
    await expect.poll(() => textOf(page, "crumb-product")).toBe("Yerba 1 kg");
    expect(await page.evaluate(() => location.hash)).toContain(`product=${yerba}`);

    await page.goBack();
    await expect.poll(() => page.getByTestId("crumb-product").count()).toBe(0);
    await expect.poll(() => textOf(page, "crumb-category")).toBe("Almacén");

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("analytics-csv").click(),
    ]);
    expect(download.suggestedFilename()).toBe("analisis-2026-03-01-2026-03-02-products.csv");
    const csv = await readFile((await download.path())!, "utf8");
    expect(csv.split("\r\n")[0]).toMatch(/^Producto,Id,Unidad/);
    expect(csv).toContain("Yerba 1 kg");
    expect(csv).not.toContain("Azúcar");
    await page.close();
  }, 60_000);
});
