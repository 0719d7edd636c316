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
 * writes itself into the URL (and Back climbs out), a CSV downloaded, the cards and turnos sections (the
 * trial's plan has both modules) and a past month's summary PDF downloaded.
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
    // The plan's trial has cards and turnos on: a card topped up and charged, an appointment attended.
    await db.owner.query(
      `INSERT INTO cards (tenant_id, id, store_id, uid, status, deposit, deposit_refundable, issued_at, updated_at, payload)
       VALUES ($1, 'card-1', $2, '04AABBCC', 'active', 0, true, '2026-03-01T12:00Z', '2026-03-01T12:00Z', '{}')`,
      [tenantId, store.id],
    );
    await db.owner.query(
      `INSERT INTO card_entries (tenant_id, id, store_id, card_id, kind, amount, payload, created_at)
       VALUES ($1, 'e-1', $2, 'card-1', 'topup', 500000, '{}', '2026-03-01T22:00Z'),
              ($1, 'e-2', $2, 'card-1', 'charge', -120000, '{}', '2026-03-02T01:00Z')`,
      [tenantId, store.id],
    );
    await db.owner.query(
      `INSERT INTO turno_professionals (tenant_id, id, store_id, name, active, service_ids, hours, updated_at)
       VALUES ($1, 'pro-1', $2, 'Dra. Paz', true, '[]', '[]', now())`,
      [tenantId, store.id],
    );
    await db.owner.query(
      `INSERT INTO turno_bookings (tenant_id, id, store_id, professional_id, service_id, start_at, end_at, state,
                                   origin, price, deposit_paid, created_at, updated_at)
       VALUES ($1, 'turno-1', $2, 'pro-1', 'svc-1', '2026-03-02T13:00Z', '2026-03-02T13:30Z', 'done', 'desk',
               2000000, 300000, now(), now())`,
      [tenantId, store.id],
    );
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

  it("opens the period in the URL, drills down category → product and back, downloads a CSV, shows cards and turnos, downloads a month's PDF", async () => {
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

    // The cards and turnos sections (the plan has both modules), and a past month's summary PDF.
    await page.getByRole("button", { name: "Todos los productos" }).click();
    await expect.poll(() => textOf(page, "analytics-cards-charges")).toBe("$ 1.200,00");
    expect(await textOf(page, "analytics-cards-outstanding")).toBe("$ 3.800,00");
    expect(await textOf(page, "analytics-turnos-attended")).toBe("1");
    expect(await textOf(page, "analytics-turnos-deposits")).toBe("$ 3.000,00");
    expect(await page.getByTestId("analytics-turnos-professionals").textContent()).toContain("Dra. Paz");
    await page.getByTestId("analytics-summary-month").fill("2026-02");
    const [pdf] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("analytics-summary-pdf").click(),
    ]);
    expect(pdf.suggestedFilename()).toBe("resumen-2026-02.pdf");
    expect((await readFile((await pdf.path())!)).subarray(0, 5).toString()).toBe("%PDF-");
    await page.close();
  }, 60_000);
});
