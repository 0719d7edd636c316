import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTenant } from "../auth/accounts.js";
import { createCloudCategory } from "../catalog/categories.js";
import { createCloudProduct } from "../catalog/products.js";
import { ManualClock } from "../core/clock.js";
import { buildCloudServer, type CloudServer } from "../server.js";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import { DEFAULT_UI_DIR } from "./static-ui.js";
import { ensureDashboardBuilt, launchTestChromium, textOf } from "./test-chromium.js";

describe("the catalog screen with variants and categories, in Chromium", () => {
  let db: TestDatabase;
  let app: CloudServer;
  let url: string;
  let browser: Browser;
  let modelId: string;
  let categoryId: string;
  const variantIds: Record<string, string> = {};
  const owner = { email: `duenia-var-${Date.now()}@example.com`, password: "clave-del-panel-1" };

  beforeAll(async () => {
    await ensureDashboardBuilt();
    db = await createTestDatabase();
    const clock = new ManualClock("2026-03-02T15:00:00Z");
    const { tenantId } = await createTenant(
      db.sql,
      { orgName: "Tienda de ropa", ownerEmail: owner.email, password: owner.password },
      clock,
    );
    categoryId = (await createCloudCategory(db.sql, tenantId, "Remeras", clock)).id;
    const axes = [
      { name: "Talle", values: ["S", "M"] },
      { name: "Color", values: ["Negro", "Rojo"] },
    ];
    const model = await createCloudProduct(
      db.sql,
      tenantId,
      {
        sku: "REM",
        name: "Remera lisa",
        price: 10_000_00,
        ivaRate: 2100,
        unit: "each",
        categoryId,
        variantAxes: axes,
      },
      clock,
    );
    modelId = model.id;
    for (const [talle, color] of [
      ["S", "Negro"],
      ["S", "Rojo"],
      ["M", "Negro"],
      ["M", "Rojo"],
    ] as const) {
      const v = await createCloudProduct(
        db.sql,
        tenantId,
        {
          sku: `REM-${talle}-${color}`,
          name: `Remera lisa ${talle} ${color}`,
          price: 10_000_00,
          ivaRate: 2100,
          unit: "each",
          categoryId,
          variantOf: model.id,
          variantValues: [talle, color],
        },
        clock,
      );
      variantIds[`${talle} ${color}`] = v.id;
    }
    app = await buildCloudServer(db.sql, { clock, uiDir: DEFAULT_UI_DIR });
    url = (await app.listen({ port: 0, host: "127.0.0.1" })).replace("[::1]", "127.0.0.1");
    browser = await launchTestChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await db?.drop();
  });

  async function catalogPage(): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(url);
    await page.getByTestId("login-email").fill(owner.email);
    await page.getByTestId("login-password").fill(owner.password);
    await page.getByTestId("login-submit").click();
    await page.getByTestId("nav-catalog").click();
    return page;
  }

  it("shows the model with its variants in grid order and gives one variant its own price", async () => {
    const page = await catalogPage();
    expect(await textOf(page, `product-category-${modelId}`)).toBe("Remeras");
    expect(await textOf(page, "catalog-count")).toMatch(/^1 de 1 producto$/); // variants are under it
    await page.getByTestId(`product-variants-${modelId}`).click();
    const mRojo = variantIds["M Rojo"]!;
    expect(await textOf(page, `variant-values-${variantIds["S Negro"]!}`)).toBe("S · Negro");
    await page.getByTestId(`variant-edit-${mRojo}`).click();
    await page.getByTestId("variant-price-input").fill("12.500");
    await page.getByTestId("variant-save").click();
    await expect.poll(() => textOf(page, `variant-price-${mRojo}`)).toBe("$ 12.500,00 precio propio");
    expect(await textOf(page, `variant-price-${variantIds["S Rojo"]!}`)).toBe("$ 10.000,00 sigue al modelo");
    // A bad price is refused on the screen, nothing saved.
    await page.getByTestId(`variant-edit-${variantIds["S Rojo"]!}`).click();
    await page.getByTestId("variant-price-input").fill("doce");
    await page.getByTestId("variant-save").click();
    expect(await textOf(page, "variant-error")).toMatch(/Precio inválido/);
    const [row] = await db.owner.query<{ price: string; price_follows_model: boolean }>(
      "SELECT price, price_follows_model FROM products WHERE id = $1",
      [mRojo],
    );
    expect({ ...row, price: Number(row?.price) }).toEqual({ price: 12_500_00, price_follows_model: false });
    await page.close();
  });

  it("renames a category and refuses a name another category holds, in Spanish", async () => {
    const page = await catalogPage();
    await page.getByTestId("categories-panel").locator("summary").click();
    await page.getByTestId("category-new-input").fill("Buzos");
    await page.getByTestId("category-add").click();
    await expect.poll(() => page.getByTestId("categories-panel").textContent()).toMatch(/Buzos/);
    await page.getByTestId(`category-rename-${categoryId}`).click();
    await page.getByTestId("category-name-input").fill("BUZOS");
    await page.getByTestId("category-save").click();
    expect(await textOf(page, "category-rename-error")).toMatch(/Ya existe la categoría "BUZOS"/);
    await page.getByTestId("category-name-input").fill("Remeras y musculosas");
    await page.getByTestId("category-save").click();
    await expect.poll(() => textOf(page, `category-name-${categoryId}`)).toBe("Remeras y musculosas");
    await expect.poll(() => textOf(page, `product-category-${modelId}`)).toBe("Remeras y musculosas");
    const [logged] = await db.owner.query<{ row: { name: string } }>(
      "SELECT row FROM shape_log WHERE table_name = 'categories' AND pk = $1 ORDER BY lsn DESC LIMIT 1",
      [categoryId],
    );
    expect(logged?.row.name).toBe("Remeras y musculosas");
    await page.close();
  });
});
