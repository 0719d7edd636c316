import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bearer, openTestApi, type TestApi } from "../api/test-api.js";
import { catalogSnapshot } from "../catalog/test-catalog.js";
import { createModel, getVariantGrid } from "../catalog/variants.js";

const HEADER =
  "Código;Nombre;Código de barras;Categoría;Precio;IVA;Unidad;Stock mínimo;Modelo;Talle;Color\r\n";
const MAPPING = {
  sku: 0,
  name: 1,
  barcodes: 2,
  category: 3,
  price: 4,
  ivaRate: 5,
  unit: 6,
  lowStockThreshold: 7,
  model: 8,
};

describe("variants in catalog spreadsheets", () => {
  let t: TestApi;
  let manager: { authorization: string };
  beforeEach(async () => {
    t = await openTestApi();
    manager = bearer(t.tokenFor("manager", "Martín"));
  });
  afterEach(async () => t.close());

  const send = (csv: string, dryRun = false) =>
    t.app.inject({
      method: "POST",
      url: `/api/spreadsheets/import?kind=products&dryRun=${dryRun}&mapping=${encodeURIComponent(JSON.stringify(MAPPING))}`,
      headers: { ...manager, "content-type": "application/octet-stream" },
      payload: Buffer.from(`\ufeff${csv}`, "utf8"),
    });
  const exported = async () =>
    (
      await t.app.inject({
        method: "GET",
        url: "/api/spreadsheets/export?kind=products&format=csv",
        headers: manager,
      })
    ).body.replace(/^\ufeff/, "");

  it("creates a model and its grid from rows with a Modelo column and one column per axis, and exports one row per variant", async () => {
    const csv =
      HEADER +
      "JEAN-38-AZ;Jean recto;J38AZ;Ropa;25.000;21;u;;JEAN;38;Azul\r\n" +
      "JEAN-40-AZ;Jean recto;;Ropa;25.000;21;u;;JEAN;40;Azul\r\n" +
      "JEAN-40-NE;Jean recto;;Ropa;27.000;21;u;;JEAN;40;Negro\r\n" +
      "MATE-1;Mate calabaza;;Regalería;9.000;21;u;;;;\r\n";
    const dry = await send(csv, true);
    expect(dry.json()).toMatchObject({ applied: false });
    expect(t.core.db.prepare("SELECT count(*) FROM products").pluck().get()).toBe(0);
    const res = await send(csv);
    expect(res.statusCode).toBe(200);
    const model = t.core.db.prepare("SELECT id FROM products WHERE sku = 'JEAN'").pluck().get() as string;
    const grid = getVariantGrid(t.core, model);
    expect(grid.axes).toEqual([
      { name: "Talle", values: ["38", "40"] },
      { name: "Color", values: ["Azul", "Negro"] },
    ]);
    expect(grid.model).toMatchObject({ name: "Jean recto", price: 2_500_000, categoryName: "Ropa" });
    expect(grid.cells.map((c) => [c.sku, c.price, c.priceFollowsModel])).toEqual([
      ["JEAN-38-AZ", 2_500_000, true],
      ["JEAN-38-NEGRO", 2_500_000, true],
      ["JEAN-40-AZ", 2_500_000, true],
      ["JEAN-40-NE", 2_700_000, false],
    ]);
    expect(grid.cells[0]?.barcodes).toEqual(["J38AZ"]);

    const lines = (await exported()).trim().split("\r\n");
    expect(lines[0]).toBe(HEADER.trim());
    expect(lines).toContain("JEAN-40-NE;Jean recto;;Ropa;27000,00;21;unidad;;JEAN;40;Negro");
    expect(lines).toContain("MATE-1;Mate calabaza;;Regalería;9000,00;21;unidad;;;;");
    expect(lines.some((l) => l.startsWith("JEAN;"))).toBe(false);

    // The exported file imports back unchanged; a new value adds its cells.
    const again = await send(
      `${(await exported()).replace(/\r\n$/, "")}\r\nJEAN-42-AZ;Jean recto;;Ropa;25.000;21;unidad;;JEAN;42;Azul\r\n`,
    );
    expect(again.statusCode).toBe(200);
    const wider = getVariantGrid(t.core, model);
    expect(wider.axes[0]?.values).toEqual(["38", "40", "42"]);
    expect(wider.cells).toHaveLength(6);
  });

  it("refuses bad variant rows with their line numbers, changing nothing", async () => {
    createModel(t.core, {
      sku: "REM",
      name: "Remera",
      price: 1_000_000,
      ivaRate: 2100,
      unit: "each",
      axes: [{ name: "Talle", values: ["S", "M"] }],
    });
    const before = catalogSnapshot(t.core);
    const res = await send(
      HEADER +
        "A-1;Buzo;;;10.000;21;u;;BUZO;S;Negro\r\n" +
        "A-2;Buzo;;;10.000;21;u;;BUZO;M;\r\n" +
        "A-3;Buzo;;;10.000;21;u;;BUZO;S;Negro\r\n" +
        "A-4;Buzo;;;10.000;21;u;;BUZO;;\r\n" +
        "REM-S;Remera;;;10.000;21;u;;;;\r\n",
    );
    expect(res.statusCode).toBe(400);
    const errors = (
      res.json().error.details.errors as { row: number; column: string; message: string }[]
    ).sort((a, b) => a.row - b.row);
    expect(errors).toEqual([
      {
        row: 3,
        column: "Modelo",
        message: "La fila tiene valores en Talle, pero las variantes de BUZO los tienen en Talle, Color",
      },
      { row: 4, column: "Modelo", message: "La variante S / Negro de BUZO está repetida (fila 2)" },
      {
        row: 5,
        column: "Modelo",
        message: "La variante de BUZO no tiene valores: van en las columnas a la derecha de Modelo",
      },
      { row: 6, column: "Código", message: "REM-S es una variante de REM: poné REM en la columna Modelo" },
    ]);
    const clash = await send(HEADER + "B-1;Buzo;;;10.000;21;u;;REM-S;S;Negro\r\n");
    expect(clash.json().error.details.errors[0]).toMatchObject({
      row: 2,
      message: "El código REM-S es de un producto sin variantes: usá otro código de modelo",
    });
    expect(catalogSnapshot(t.core)).toEqual(before);
  });
});
