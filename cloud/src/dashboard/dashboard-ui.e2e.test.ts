import { randomUUID } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTenant } from "../auth/accounts.js";
import { ManualClock } from "../core/clock.js";
import { buildCloudServer, type CloudServer } from "../server.js";
import { createStore } from "../tenancy/stores.js";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import { DEFAULT_UI_DIR } from "./static-ui.js";
import { ensureDashboardBuilt, launchTestChromium, textOf } from "./test-chromium.js";
import { seedAlarm, seedProduct, seedSale, seedSensorHistory } from "./test-seed.js";

describe("the owner dashboard in Chromium", () => {
  let db: TestDatabase;
  let app: CloudServer;
  let url: string;
  let browser: Browser;
  let productId: string;
  let doorAlarmId: string;
  let storeId: string;
  const owner = { email: `duenia-${Date.now()}@example.com`, password: "clave-del-panel-1" };

  beforeAll(async () => {
    // The dashboard as npm start serves it: built by Vite (`npm test` builds it first; a lone run builds
    await ensureDashboardBuilt();
    db = await createTestDatabase();
    // 12:00 in Buenos Aires; the sale below was at 11:15 local, today.
    const clock = new ManualClock("2026-03-02T15:00:00Z");
    const { tenantId } = await createTenant(
      db.sql,
      { orgName: "Almacén La Esquina", ownerEmail: owner.email, password: owner.password },
      clock,
    );
    const store = await createStore(db.sql, tenantId, "La Esquina (centro)", clock);
    storeId = store.id;
    await seedSale(db.owner, {
      tenantId,
      storeId: store.id,
      applianceId: randomUUID(),
      at: "2026-03-02T14:15:00Z",
      total: 123_456,
      payments: [{ method: "cash", amount: 123_456 }],
      lines: [{ productId: randomUUID(), description: "Yerba Mate 1 kg", quantity: 2, total: 123_456 }],
    });
    // An aviso whose door closed before anybody saw it (latched), as the appliance uploads it.
    doorAlarmId = await seedAlarm(db.owner, {
      tenantId,
      storeId: store.id,
      severity: 2,
      status: "cleared_unacknowledged",
      message: "La puerta quedó abierta más de 3 minutos",
      at: "2026-03-02T14:30:00Z",
    });
    // A count approved on the appliance: two products short at $10 and 250 g of cheese over at $9.000/kg.
    await db.owner.query(
      `INSERT INTO stock_counts (tenant_id, id, store_id, number, scope, category_id, status, products,
         difference_value, without_cost, payload, started_at, closed_at, at, closed)
       VALUES ($1, 'conteo-1', $2, 4, 'category', NULL, 'approved', 12, 223000, 0,
         '{"lines":[{"difference":-2},{"difference":250},{"difference":0}]}'::jsonb,
         '2026-03-02T13:00:00Z', '2026-03-02T13:40:00Z', '2026-03-02T13:40:00Z', true)`,
      [tenantId, store.id],
    );
    // The fridge whose door raised that alarm, with three hours of today (below zero too) and one of last week.
    await seedSensorHistory(db.owner, {
      tenantId,
      storeId: store.id,
      deviceId: "heladera-1",
      name: "Heladera de lácteos",
      key: "temp",
      hours: [
        { hour: "2026-02-26T10:00:00Z", min: 3, max: 6, avg: 4.5, count: 60 },
        { hour: "2026-03-02T12:00:00Z", min: -2, max: 4, avg: 1, count: 60 },
        { hour: "2026-03-02T13:00:00Z", min: 2, max: 5, avg: 3.5, count: 60 },
        { hour: "2026-03-02T14:00:00Z", min: 3, max: 8, avg: 5, count: 58 },
      ],
    });
    productId = await seedProduct(db.owner, {
      tenantId,
      sku: "LECHE-1",
      name: "Leche entera 1 L",
      price: 120_000,
      lowStockThreshold: null,
    });
    app = await buildCloudServer(db.sql, { clock, uiDir: DEFAULT_UI_DIR });
    url = (await app.listen({ port: 0, host: "127.0.0.1" })).replace("[::1]", "127.0.0.1");
    browser = await launchTestChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await db?.drop();
  });

  it("logs in as the owner and sees today's sales total for a seeded sale, in Spanish and then in English", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on("pageerror", (err) => errors.push(String(err)));
    await page.goto(url);

    await page.getByTestId("login-email").fill(owner.email);
    await page.getByTestId("login-password").fill("otra-clave");
    await page.getByTestId("login-submit").click();
    await expect.poll(() => textOf(page, "login-error")).toBe("Email o contraseña incorrectos");

    await page.getByTestId("login-password").fill(owner.password);
    await page.getByTestId("login-submit").click();
    await expect.poll(() => textOf(page, "sales-total"), { timeout: 10_000 }).toBe("$ 1.234,56");
    expect(await textOf(page, "sales-tickets")).toBe("1");
    expect(await textOf(page, "top-products")).toContain("Yerba Mate 1 kg");
    expect(await page.getByTestId("chart-by-hour").locator("rect").count()).toBe(24);

    await page.getByTestId("language-toggle").click();
    await expect.poll(() => textOf(page, "sales-total")).toBe("ARS 1,234.56");
    await page.getByTestId("period-7d").click();
    await expect.poll(() => page.getByTestId("chart-by-day").isVisible()).toBe(true);
    expect(await textOf(page, "sales-total")).toBe("ARS 1,234.56");

    // Pairing a till: a code the cashier can type, shown large with its expiry on the store's clock.
    await page.getByTestId("nav-stores").click();
    await page.locator('[data-testid^="pair-"]').click();
    await expect.poll(() => textOf(page, "pairing-code")).toMatch(/^[A-HJ-NP-Z2-9]{4} [A-HJ-NP-Z2-9]{4}$/);
    expect(await textOf(page, "pairing-code-expiry")).toContain("12:15");
    expect(errors).toEqual([]);
  });

  it("names severities and states with the till's words: Aviso, not Gravedad 2; a latched alarm stays open", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(url);
    await page.getByTestId("login-email").fill(owner.email);
    await page.getByTestId("login-password").fill(owner.password);
    await page.getByTestId("login-submit").click();
    await expect.poll(() => page.getByTestId("nav-alarms").isVisible(), { timeout: 10_000 }).toBe(true);
    await page.getByTestId("nav-alarms").click();
    const row = page.getByTestId(`alarm-row-${doorAlarmId}`);
    await expect.poll(() => row.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await row.getByTestId("alarm-severity").textContent()).toBe("Aviso");
    expect(await row.getByTestId("alarm-state").textContent()).toBe("Normalizada, sin reconocer");
    await page.getByTestId("language-toggle").click();
    await expect.poll(() => row.getByTestId("alarm-severity").textContent()).toBe("Warning");
    expect(await row.getByTestId("alarm-state").textContent()).toBe("Back to normal, unacknowledged");
    await page.getByTestId("language-toggle").click();
    await page.close();
  });

  it("Sensores: a store's fridge hour by hour over 24 h and 7 days, its alarm history on the shop's clock, filters in the URL", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on("pageerror", (err) => errors.push(String(err)));
    await page.goto(url);
    await page.getByTestId("login-email").fill(owner.email);
    await page.getByTestId("login-password").fill(owner.password);
    await page.getByTestId("login-submit").click();
    // Shown because the store's appliance registered a device.
    await expect.poll(() => page.getByTestId("nav-sensors").isVisible(), { timeout: 10_000 }).toBe(true);
    await page.getByTestId("nav-sensors").click();
    const chart = page.getByTestId("sensor-chart-temp");
    await expect.poll(() => chart.locator("rect.band").count(), { timeout: 10_000 }).toBe(3);
    expect(await textOf(page, "sensor-temp")).toContain("Heladera de lácteos · temp");
    expect(await chart.locator("text").allTextContents()).toContain("-2,5 °C");
    expect(new URL(page.url()).hash).toBe(`#sensores?store=${storeId}&range=24h`);
    const alarm = page.getByTestId(`sensors-alarm-${doorAlarmId}`);
    // Raised 14:30Z: 11:30 in Buenos Aires.
    expect(await alarm.getByTestId("sensors-alarm-raised").textContent()).toContain("11:30");
    expect(await alarm.getByTestId("sensors-alarm-state").textContent()).toBe("Normalizada, sin reconocer");
    await page.getByTestId("sensors-range-7d").click();
    await expect.poll(() => chart.locator("rect.band").count()).toBe(4);
    expect(new URL(page.url()).hash).toBe(`#sensores?store=${storeId}&range=7d`);
    // A reload opens the same span; in English the words change, the figures do not.
    await page.reload();
    await expect.poll(() => chart.locator("rect.band").count(), { timeout: 10_000 }).toBe(4);
    expect(await page.getByTestId("sensors-range-7d").getAttribute("aria-pressed")).toBe("true");
    await page.getByTestId("language-toggle").click();
    await expect.poll(() => textOf(page, "nav-sensors")).toBe("Sensors");
    expect(await alarm.getByTestId("sensors-alarm-state").textContent()).toBe(
      "Back to normal, unacknowledged",
    );
    await page.getByTestId("language-toggle").click();
    expect(errors).toEqual([]);
    await page.close();
  });

  it("edits a price in the catalog, typed the Argentine way, and the cloud catalog logs it for the tills", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(url);
    // A new page is a new browser context: log in again (Spanish, the default).
    await page.getByTestId("login-email").fill(owner.email);
    await page.getByTestId("login-password").fill(owner.password);
    await page.getByTestId("login-submit").click();
    await page.getByTestId("nav-catalog").click();
    await page.getByTestId(`product-edit-${productId}`).click();
    await page.getByTestId("product-price-input").fill("1.500,5");
    await page.getByTestId("product-save").click();
    await expect.poll(() => textOf(page, `product-price-${productId}`)).toBe("$ 1.500,50");
    expect(await textOf(page, "catalog-notice")).toMatch(/llega a las cajas/);
    const [logged] = await db.owner.query<{ row: { price: number } }>(
      "SELECT row FROM shape_log WHERE table_name = 'products' AND pk = $1 ORDER BY lsn DESC LIMIT 1",
      [productId],
    );
    expect(logged?.row.price).toBe(150_050);
  });

  it("reverts a product another store's till overwrote, puts a store back on the shared price, and lets tills edit", async () => {
    // Seeded as the schema owner: a second store and its till, a product of the first store that this
    // till overwrote (possible before cloud 0005), and the second store's own price for the shared milk.
    const [{ tenant_id: tenantId, id: storeA }] = (await db.owner.query<{ tenant_id: string; id: string }>(
      "SELECT tenant_id, id FROM stores WHERE name = 'La Esquina (centro)'",
    )) as [{ tenant_id: string; id: string }];
    const storeB = randomUUID();
    const tillB = randomUUID();
    const queso = randomUUID();
    await db.owner.query(
      "INSERT INTO stores (id, tenant_id, name, created_at) VALUES ($1, $2, 'Sucursal norte', now())",
      [storeB, tenantId],
    );
    await db.owner.query(
      `INSERT INTO appliances (id, tenant_id, store_id, name, token_hash, created_at)
       VALUES ($1, $2, $3, 'Caja norte', $4, now())`,
      [tillB, tenantId, storeB, randomUUID()],
    );
    await db.owner.query(
      `INSERT INTO products (tenant_id, id, store_id, sku, name, price, iva_rate, unit, active, field_hlc, updated_at)
       VALUES ($1, $2, $3, 'QUESO-1', 'Queso cremoso', 800000, 2100, 'each', true, '{}', '2026-03-01T10:00:00Z')`,
      [tenantId, queso, storeA],
    );
    const at = "2026-03-01T18:00:00Z";
    await db.owner.query(
      `INSERT INTO applied_ops (tenant_id, op_id, appliance_id, seq, entity, applied_at)
       VALUES ($1, $2, $3, 1, 'product', $4)`,
      [tenantId, randomUUID(), tillB, at],
    );
    await db.owner.query(
      `UPDATE products SET name = 'Queso trucho', price = 1, updated_at = $2,
         field_hlc = '{"name": "000001772388000000-00000-tillb", "price": "000001772388000000-00000-tillb"}'
       WHERE id = $1`,
      [queso, at],
    );
    await db.owner.query(
      `INSERT INTO product_store_overrides (tenant_id, store_id, product_id, price, updated_at)
       VALUES ($1, $2, $3, 99000, now())`,
      [tenantId, storeB, productId],
    );

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(url);
    await page.getByTestId("login-email").fill(owner.email);
    await page.getByTestId("login-password").fill(owner.password);
    await page.getByTestId("login-submit").click();
    await page.getByTestId("nav-catalog").click();
    const review = page.getByTestId("overwrites");
    await expect.poll(() => review.textContent()).toContain("Caja norte (Sucursal norte)");
    expect(await review.textContent()).toContain("Nombre: Queso cremoso → Queso trucho");
    await review.getByRole("button", { name: "Revertir" }).click();
    await expect.poll(() => review.count()).toBe(0);
    await expect.poll(() => textOf(page, `product-name-${queso}`)).toBe("Queso cremoso");
    const [back] = await db.owner.query<{ name: string; price: number }>(
      "SELECT name, price FROM products WHERE id = $1",
      [queso],
    );
    expect(back).toEqual({ name: "Queso cremoso", price: 800_000 });

    expect(await textOf(page, `product-override-${productId}-${storeB}`)).toContain(
      "Sucursal norte: $ 990,00",
    );
    await page.getByTestId(`product-override-remove-${productId}-${storeB}`).click();
    await expect.poll(() => page.getByTestId(`product-override-${productId}-${storeB}`).count()).toBe(0);

    await page.getByTestId("catalog-policy").check();
    await expect
      .poll(async () => {
        const [org] = await db.owner.query<{ allowed: boolean }>(
          "SELECT tills_edit_shared_catalog AS allowed FROM organizations WHERE id = $1",
          [tenantId],
        );
        return org?.allowed;
      })
      .toBe(true);
  });

  it("lists a store's stock counts in Compras with their differences valued at cost", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(url);
    await page.getByTestId("login-email").fill(owner.email);
    await page.getByTestId("login-password").fill(owner.password);
    await page.getByTestId("login-submit").click();
    await expect.poll(() => page.getByTestId("nav-purchasing").isVisible(), { timeout: 10_000 }).toBe(true);
    await page.getByTestId("nav-purchasing").click();
    await expect.poll(() => textOf(page, "stock-count-row"), { timeout: 10_000 }).toContain("Aprobado");
    const row = await textOf(page, "stock-count-row");
    expect(row).toContain("La Esquina (centro)");
    expect(row).toContain("Categoría");
    expect(row).toContain("$ 2.230,00");
    await page.close();
  });

  it("serves the app shell for dashboard paths and keeps unknown API paths as JSON 404s", async () => {
    const shell = await fetch(`${url}/ventas`);
    expect(shell.status).toBe(200);
    expect(await shell.text()).toContain('<div id="root">');
    const api = await fetch(`${url}/v1/nada`);
    expect(api.status).toBe(404);
    expect(await api.json()).toMatchObject({ error: { code: "route_not_found" } });
    expect((await fetch(`${url}/..%2f..%2fpackage.json`)).headers.get("content-type")).toContain("text/html");
  });
});
