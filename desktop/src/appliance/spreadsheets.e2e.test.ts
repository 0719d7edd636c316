import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import iconv from "iconv-lite";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogSnapshot } from "../catalog/test-catalog.js";
import { type RunningAppliance, startAppliance } from "./appliance.js";
import { launchChromium } from "./browser.js";
import { loginAtTill, textOf } from "./test-till-page.js";

// As Excel in Spanish saves "CSV (delimitado por comas)": ";", decimal comma, Windows-1252 accents.
const GOOD_CSV = iconv.encode(
  "Código;Descripción;Rubro;Precio;IVA\r\nPLA-1;Alfajor de maicena Ñandú;Kiosco;$ 1.250,50;21\r\nPLA-2;Té de manzanilla;Almacén;980;21\r\n",
  "windows-1252",
);
const BAD_CSV = iconv.encode(
  "Código;Descripción;Precio\r\nPLA-3;Galletitas de limón;1.000\r\nPLA-4;Caramelos;-5\r\n",
  "windows-1252",
);

describe("spreadsheets at the till, end to end in Chromium", () => {
  let dataDir: string;
  let appliance: RunningAppliance;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "mostrador-sheets-e2e-"));
    appliance = await startAppliance({ dataDir, host: "127.0.0.1", port: 0, seedDemo: true });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await appliance?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const choose = (page: Page, name: string, buffer: Buffer) =>
    page.getByTestId("sheet-file").setInputFiles({ name, mimeType: "text/csv", buffer });

  it("imports an es-AR CSV into the catalog; a file with an error shows row and column and changes nothing", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const pageErrors: Error[] = [];
    page.on("pageerror", (err) => pageErrors.push(err));
    await page.goto(appliance.url);
    await page.getByTestId("login-terminal-1").click();
    await loginAtTill(page, "Martín", "2222");

    await page.getByTestId("nav-products").click();
    await page.getByTestId("sheets-open").click();
    await choose(page, "precios.csv", GOOD_CSV);
    // The preview reads the accents right and maps the Spanish headers.
    await expect.poll(() => textOf(page, "sheet-preview")).toContain("Alfajor de maicena Ñandú");
    expect(await textOf(page, "sheet-info")).toMatch(/2 filas · CSV · windows-1252/);
    expect(await page.getByTestId("sheet-map-price").inputValue()).toBe("3");

    await page.getByTestId("sheet-dry-run").click();
    await expect.poll(() => textOf(page, "sheet-done")).toMatch(/se crearían 2/);
    await page.getByTestId("sheet-apply").click();
    await expect.poll(() => textOf(page, "sheet-done")).toMatch(/Importado: 2 nuevos/);

    await page.getByTestId("products-search").fill("Ñandú");
    await expect.poll(() => page.getByTestId("product-row").first().textContent()).toMatch(/\$\s1\.250,50/);
    await page.getByTestId("products-search").fill("manzanilla");
    await expect.poll(() => textOf(page, "product-row")).toMatch(/Té de manzanilla/);

    // A negative price: the row and column are shown and nothing is written.
    const before = catalogSnapshot(appliance.ctx);
    await choose(page, "malo.csv", BAD_CSV);
    await expect.poll(() => textOf(page, "sheet-preview")).toContain("Galletitas de limón");
    await page.getByTestId("sheet-apply").click();
    await expect.poll(() => textOf(page, "sheet-error")).toMatch(/no se cambió nada/);
    expect(await textOf(page, "sheet-error-row")).toBe("3PrecioEl precio no puede ser negativo");
    expect(catalogSnapshot(appliance.ctx)).toEqual(before);
    expect(pageErrors).toEqual([]);
  });

  it("imports counted stock from a sheet chosen in Planillas: a bad row refuses the file, a good one moves stock", async () => {
    const db = appliance.ctx.db;
    const [sku, id] = db
      .prepare("SELECT sku, id FROM products WHERE unit = 'each' AND active = 1 ORDER BY sku LIMIT 1")
      .raw()
      .get() as [string, string];
    const onHand = () =>
      (db.prepare("SELECT quantity FROM stock_on_hand WHERE product_id = ?").pluck().get(id) as
        number | undefined) ?? 0;
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const pageErrors: Error[] = [];
    page.on("pageerror", (err) => pageErrors.push(err));
    await page.goto(appliance.url);
    await page.getByTestId("login-terminal-1").click();
    await loginAtTill(page, "Martín", "2222");
    await page.getByTestId("nav-products").click();
    await page.getByTestId("sheets-open").click();
    await page.getByTestId("sheet-kind").selectOption("stock");
    expect(await textOf(page, "sheet-hint")).toMatch(/reemplaza el stock/);

    const before = onHand();
    await choose(page, "stock-malo.csv", Buffer.from(`Código;Cantidad\r\n${sku};-4\r\n`));
    await expect.poll(() => page.getByTestId("sheet-map-quantity").inputValue()).toBe("1");
    await page.getByTestId("sheet-apply").click();
    await expect.poll(() => textOf(page, "sheet-error")).toMatch(/no se cambió nada/);
    expect(await textOf(page, "sheet-error-row")).toBe("2CantidadLa cantidad no puede ser negativa");
    expect(onHand()).toBe(before);

    const counted = before + 7;
    await choose(page, "stock.csv", Buffer.from(`Código;Cantidad\r\n${sku};${counted}\r\n`));
    await expect.poll(() => textOf(page, "sheet-preview")).toContain(sku);
    await page.getByTestId("sheet-apply").click();
    await expect.poll(() => textOf(page, "sheet-done")).toMatch(/Importado: 0 nuevos y 1 actualizados/);
    expect(onHand()).toBe(counted);
    expect(pageErrors).toEqual([]);
  });
});
