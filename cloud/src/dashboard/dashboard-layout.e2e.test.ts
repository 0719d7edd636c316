import { randomUUID } from "node:crypto";
import { findCutText } from "@mostrador/contracts/layout-probe";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTenant } from "../auth/accounts.js";
import { ManualClock } from "../core/clock.js";
import { buildCloudServer, type CloudServer } from "../server.js";
import { createStore } from "../tenancy/stores.js";
// Every screen the nav offers, from the nav itself: a new screen is measured without editing this test.
import { SCREENS } from "../../ui/src/nav/nav-store.js";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import { DEFAULT_UI_DIR } from "./static-ui.js";
import { ensureDashboardBuilt, launchTestChromium, textOf } from "./test-chromium.js";
import { seedAlarm, seedProduct, seedSale, seedSensorHistory } from "./test-seed.js";

const SHOP = "Almacén y Carnicería Don Marcelino";
const LONG_PRODUCT =
  "Media res de novillo Aberdeen Angus (aprox. 110 kg) cortada y envasada al vacío por pieza";

/**
 * The owner's dashboard at the till's sizes (1024×768, 1280×800): with a long shop name, a long e-mail, a
 * long product and a day of $ 5.490.000,00, the nav and every screen show each text whole (no overflow, no
 * ellipsis), in Spanish and in English.
 */
describe("the owner dashboard's layout in Chromium", () => {
  let db: TestDatabase;
  let app: CloudServer;
  let url: string;
  let browser: Browser;
  const owner = {
    email: `maria.fernanda.gutierrez.${Date.now()}@almacenycarniceriadonmarcelino.com.ar`,
    password: "clave-del-panel-1",
  };

  beforeAll(async () => {
    await ensureDashboardBuilt();
    db = await createTestDatabase();
    const clock = new ManualClock("2026-03-02T15:00:00Z");
    const { tenantId } = await createTenant(
      db.sql,
      { orgName: SHOP, ownerEmail: owner.email, password: owner.password },
      clock,
    );
    const store = await createStore(db.sql, tenantId, `${SHOP} — Sucursal Villa Crespo`, clock);
    const productId = await seedProduct(db.owner, {
      tenantId,
      sku: "MEDIA-RES-1",
      name: LONG_PRODUCT,
      price: 499_000_000,
      lowStockThreshold: 5,
    });
    await seedSale(db.owner, {
      tenantId,
      storeId: store.id,
      applianceId: randomUUID(),
      at: "2026-03-02T14:15:00Z",
      total: 549_000_000,
      payments: [{ method: "cash", amount: 549_000_000 }],
      lines: [{ productId, description: LONG_PRODUCT, quantity: 1, total: 549_000_000 }],
    });
    await seedAlarm(db.owner, {
      tenantId,
      storeId: store.id,
      severity: 3,
      status: "active",
      message: "La cámara frigorífica de la carnicería superó los 8 °C durante más de 15 minutos seguidos",
      at: "2026-03-02T14:30:00Z",
    });
    // A device with a long name, so the walk covers Sensores too (the nav shows it only with devices).
    await seedSensorHistory(db.owner, {
      tenantId,
      storeId: store.id,
      deviceId: "camara-medias-reses",
      name: "Cámara frigorífica de medias reses y cortes envasados al vacío",
      key: "temp",
      hours: [
        { hour: "2026-03-02T12:00:00Z", min: -1.5, max: 4.25, avg: 1.5, count: 60 },
        { hour: "2026-03-02T13:00:00Z", min: 2, max: 9.75, avg: 6.5, count: 60 },
      ],
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

  for (const viewport of [
    { width: 1024, height: 768 },
    { width: 1280, height: 800 },
  ]) {
    const size = `${viewport.width}×${viewport.height}`;
    it(`at ${size}: the nav and every screen show names and totals whole`, async () => {
      const page = await browser.newPage({ viewport });
      await page.goto(url);
      await page.getByTestId("login-email").fill(owner.email);
      await page.getByTestId("login-password").fill(owner.password);
      await page.getByTestId("login-submit").click();
      await expect.poll(() => textOf(page, "sales-total"), { timeout: 10_000 }).toBe("$ 5.490.000,00");
      expect(await textOf(page, "nav-who")).toBe(owner.email);
      await expect.poll(() => textOf(page, "nav-org")).toBe(SHOP);
      // Sensores joins the nav once its store list says this shop has a device.
      await expect.poll(() => page.getByTestId("nav-sensors").isVisible()).toBe(true);
      for (const language of ["es", "en"]) {
        for (const screen of SCREENS) {
          await page.getByTestId(`nav-${screen}`).click();
          await expect.poll(() => page.getByTestId(`screen-${screen}`).isVisible()).toBe(true);
          // Each screen loads its data after it shows: wait until no loading line is left.
          await expect
            .poll(() => page.locator(".content .muted", { hasText: /Cargando|Loading/ }).count())
            .toBe(0);
          const offenders = await page.evaluate(findCutText, { root: "body" });
          expect(offenders, `cut text on ${screen} (${language}) at ${size}`).toEqual([]);
        }
        await page.getByTestId("language-toggle").click();
      }
      await page.close();
    }, 60_000);
  }
});
