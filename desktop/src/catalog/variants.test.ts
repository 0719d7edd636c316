import type { CreateModelInput } from "@mostrador/contracts/http/catalog";
import { MAX_VARIANT_CELLS } from "@mostrador/contracts/limits";
import { DomainError } from "@mostrador/kernel/core/errors";
import { newId } from "@mostrador/kernel/db/ids";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, type TestCore } from "../appliance/test-core.js";
import { resolveSaleLines } from "../pos/sale-lines.js";
import { adjustStock } from "../stock/adjust.js";
import { createCategory } from "./categories.js";
import { updateProduct } from "./product-writes.js";
import { getProduct } from "./products.js";
import { resolveScan } from "./scan.js";
import { catalogSnapshot, makeProduct } from "./test-catalog.js";
import {
  convertToModel,
  createModel,
  getVariantGrid,
  setAxes,
  updateVariant,
  updateVariants,
} from "./variants.js";

function errorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error("expected a DomainError");
}

const remera: CreateModelInput = {
  sku: "REM-LISA",
  name: "Remera lisa",
  price: 1_500_000,
  ivaRate: 2100,
  unit: "each",
  axes: [
    { name: "Talle", values: ["S", "M", "L"] },
    { name: "Color", values: ["Negro", "Rojo"] },
  ],
};

describe("products with variants", () => {
  let t: TestCore;
  let actor: { staffId: string };
  beforeEach(() => {
    t = openTestCore();
    actor = { staffId: newId() };
    t.db
      .prepare(
        "INSERT INTO staff (id, name, role, pin_hash, created_at, updated_at) VALUES (?, 'Ana', 'owner', 'x', '', '')",
      )
      .run(actor.staffId);
  });
  afterEach(() => t.close());

  const productOps = () =>
    t.db.prepare("SELECT entity_id AS id, op FROM outbox WHERE entity = 'product' ORDER BY seq").all() as {
      id: string;
      op: string;
    }[];

  it("creates the model and one variant per cell, with derived SKUs, its barcodes, own price, cost and active flag", () => {
    const grid = createModel(
      t,
      {
        ...remera,
        cells: [
          { values: ["M", "Negro"], barcodes: ["RL-M-NEG"], cost: 600_000 },
          { values: ["L", "rojo"], sku: "RL-GRANDE-ROJA", price: 1_700_000 },
          { values: ["S", "Rojo"], active: false },
        ],
      },
      actor,
    );
    expect(grid.axes).toEqual(remera.axes);
    expect(grid.model.variantAxes).toEqual(remera.axes);
    expect(grid.model.barcodes).toEqual([]);
    expect(grid.cells.map((c) => c.values.join("/"))).toEqual([
      "S/Negro",
      "S/Rojo",
      "M/Negro",
      "M/Rojo",
      "L/Negro",
      "L/Rojo",
    ]);
    const m = grid.cells[2];
    expect(m).toMatchObject({
      name: "Remera lisa · M / Negro",
      sku: "REM-LISA-M-NEGRO",
      barcodes: ["RL-M-NEG"],
      price: 1_500_000,
      priceFollowsModel: true,
      cost: 600_000,
      onHand: 0,
      active: true,
    });
    expect(grid.cells[5]).toMatchObject({
      sku: "RL-GRANDE-ROJA",
      price: 1_700_000,
      priceFollowsModel: false,
    });
    expect(grid.cells[1]?.active).toBe(false);
    const variant = getProduct(t, m?.variantId ?? "");
    expect(variant).toMatchObject({
      variantOf: grid.model.id,
      variantValues: ["M", "Negro"],
      variantAxes: null,
    });
    // Each row travels to the cloud on its own product op, in the same transaction.
    const created = productOps().filter((o) => o.op === "created");
    expect(created).toHaveLength(7);
  });

  it("a change of the model's name, price, category or IVA moves the variants that follow it, each with its own op", () => {
    const grid = createModel(t, { ...remera, cells: [{ values: ["L", "Rojo"], price: 1_700_000 }] }, actor);
    const ropa = createCategory(t, { name: "Ropa" });
    const before = productOps().length;
    updateProduct(
      t,
      grid.model.id,
      { name: "Remera básica", price: 1_600_000, categoryId: ropa.id, ivaRate: 1050 },
      actor,
    );
    const after = getVariantGrid(t, grid.model.id);
    expect(after.cells[0]).toMatchObject({ name: "Remera básica · S / Negro", price: 1_600_000 });
    const own = after.cells.find((c) => c.values.join() === "L,Rojo");
    expect(own).toMatchObject({
      name: "Remera básica · L / Rojo",
      price: 1_700_000,
      priceFollowsModel: false,
    });
    const v = getProduct(t, own?.variantId ?? "");
    expect(v).toMatchObject({ categoryName: "Ropa", ivaRate: 1050 });
    // The model and its six variants: one op each.
    expect(productOps().length - before).toBe(7);
    // Price history per variant: the five that follow moved.
    const history = t.db
      .prepare(
        "SELECT count(*) FROM product_price_changes WHERE product_id IN (SELECT id FROM products WHERE variant_of = ?)",
      )
      .pluck()
      .get(grid.model.id);
    expect(history).toBe(5);
  });

  it("a model taken off sale takes its variants with it, and brings back the cells it lists", () => {
    const grid = createModel(t, remera, actor);
    updateProduct(t, grid.model.id, { active: false }, actor);
    expect(getVariantGrid(t, grid.model.id).cells.every((c) => !c.active)).toBe(true);
    updateProduct(t, grid.model.id, { active: true }, actor);
    expect(getVariantGrid(t, grid.model.id).cells.every((c) => c.active)).toBe(true);
  });

  it("edits one variant: its own price, back to the model's, barcodes, cost; its name stays the model's", () => {
    const grid = createModel(t, remera, actor);
    const id = grid.cells[0]?.variantId ?? "";
    let cell = updateVariant(t, id, { price: 1_234_500, barcodes: ["RL-S-NEG"], cost: 500_000 }, actor)
      .cells[0];
    expect(cell).toMatchObject({
      price: 1_234_500,
      priceFollowsModel: false,
      barcodes: ["RL-S-NEG"],
      cost: 500_000,
    });
    updateProduct(t, grid.model.id, { price: 1_900_000 }, actor);
    expect(getProduct(t, id).price).toBe(1_234_500);
    cell = updateVariant(t, id, { price: null }, actor).cells[0];
    expect(cell).toMatchObject({ price: 1_900_000, priceFollowsModel: true });
    // Through the plain product editor: a price is an override, a name is refused.
    updateProduct(t, id, { price: 1_000_000 }, actor);
    expect(getProduct(t, id).priceFollowsModel).toBe(false);
    const snap = catalogSnapshot(t);
    expect(errorOf(() => updateProduct(t, id, { name: "Otra" }, actor)).code).toBe(
      "variant_field_from_model",
    );
    expect(catalogSnapshot(t)).toEqual(snap);
  });

  it("saves several cells of the grid at once, or none: a barcode in two cells or another product's refuses the whole save", () => {
    makeProduct(t, { name: "Gorra", barcodes: ["GORRA-1"] });
    const grid = createModel(t, remera, actor);
    const snap = catalogSnapshot(t);
    const refused = (cells: Parameters<typeof updateVariants>[2]["cells"]) =>
      errorOf(() => updateVariants(t, grid.model.id, { cells }, actor));
    const twice = refused([
      { values: ["S", "Negro"], barcodes: ["X-1"], price: 1_000_000 },
      { values: ["M", "Negro"], barcodes: ["X-1"] },
    ]);
    expect(twice).toMatchObject({ code: "duplicate_variant_barcode" });
    expect(twice.message).toBe('El código X-1 está en dos variantes: "S / Negro" y "M / Negro"');
    // The first cell is fine and written first; the second's barcode is the cap's: neither is saved.
    const taken = refused([
      { values: ["S", "Negro"], barcodes: ["X-1"], price: 1_000_000 },
      { values: ["M", "Negro"], barcodes: ["GORRA-1"] },
    ]);
    expect(taken).toMatchObject({ code: "barcode_taken", details: { cell: "M / Negro" } });
    expect(taken.message).toBe('M / Negro: El código GORRA-1 ya es de "Gorra"');
    expect(refused([{ values: ["XL", "Negro"], price: 1 }]).code).toBe("unknown_cell");
    expect(refused([{ values: ["S", "Negro"] }]).code).toBe("empty_patch");
    expect(refused([]).code).toBe("empty_patch");
    expect(catalogSnapshot(t)).toEqual(snap);

    const saved = updateVariants(
      t,
      grid.model.id,
      {
        cells: [
          { values: ["S", "Negro"], barcodes: ["X-1"], price: 1_000_000 },
          { values: ["m", "negro"], barcodes: ["X-2"], active: false },
        ],
      },
      actor,
    );
    const cell = (values: string) => saved.cells.find((c) => c.values.join(" / ") === values);
    expect(cell("S / Negro")).toMatchObject({
      barcodes: ["X-1"],
      price: 1_000_000,
      priceFollowsModel: false,
    });
    expect(cell("M / Negro")).toMatchObject({ barcodes: ["X-2"], active: false });
    expect(resolveScan(t, "X-1").product.id).toBe(cell("S / Negro")?.variantId);
  });

  it("refuses bad grids with a Spanish reason and changes nothing", () => {
    makeProduct(t, { name: "Gorra", barcodes: ["GORRA-1"] });
    const snap = catalogSnapshot(t);
    const refused = (input: Partial<CreateModelInput>) =>
      errorOf(() => createModel(t, { ...remera, ...input }, actor));
    const dupInGrid = refused({
      cells: [
        { values: ["S", "Negro"], barcodes: ["X-1"] },
        { values: ["M", "Negro"], barcodes: ["X-1"] },
      ],
    });
    expect(dupInGrid.code).toBe("duplicate_variant_barcode");
    expect(dupInGrid.message).toBe('El código X-1 está en dos variantes: "S / Negro" y "M / Negro"');
    const taken = refused({ cells: [{ values: ["L", "Rojo"], barcodes: ["GORRA-1"] }] });
    expect(taken.code).toBe("barcode_taken");
    expect(taken.message).toContain("Gorra");
    expect(refused({ axes: [{ name: "Talle", values: ["S", " "] }] }).code).toBe("empty_axis_value");
    const dup = refused({ axes: [{ name: "Color", values: ["Negro", "negro"] }] });
    expect(dup.message).toBe('El valor "negro" está repetido en "Color"');
    const many = Array.from({ length: 21 }, (_, i) => `V${i}`);
    expect(
      refused({
        axes: [
          { name: "A", values: many },
          { name: "B", values: many },
        ],
      }).message,
    ).toBe(`La grilla tendría 441 variantes; el máximo por producto es ${MAX_VARIANT_CELLS}`);
    expect(refused({ cells: [{ values: ["XL", "Negro"] }] }).code).toBe("unknown_cell");
    expect(refused({ sku: "no vale" }).code).toBe("invalid_sku");
    expect(catalogSnapshot(t)).toEqual(snap);
  });

  it("numbers a derived SKU another product already has, and refuses names past the product name limit", () => {
    makeProduct(t, { sku: "REM-LISA-S-NEGRO" });
    const grid = createModel(t, remera, actor);
    expect(grid.cells[0]?.sku).toBe("REM-LISA-S-NEGRO-2");
    const snap = catalogSnapshot(t);
    const long = errorOf(() => createModel(t, { ...remera, sku: "OTRA", name: "R".repeat(110) }, actor));
    expect(long.code).toBe("variant_name_too_long");
    expect(long.message).toContain("acortá el nombre del modelo o los valores");
    expect(catalogSnapshot(t)).toEqual(snap);
  });

  it("refuses barcodes on a model, and selling, scanning or stocking a model", () => {
    const grid = createModel(t, remera, actor);
    const snap = catalogSnapshot(t);
    expect(errorOf(() => updateProduct(t, grid.model.id, { barcodes: ["RL-1"] }, actor)).code).toBe(
      "model_barcodes",
    );
    const sold = errorOf(() => resolveSaleLines(t, [{ productId: grid.model.id }]));
    expect(sold.code).toBe("model_not_sellable");
    expect(sold.message).toBe('Línea 1: "Remera lisa" tiene variantes: elegí la variante (Talle, Color)');
    expect(
      errorOf(() => adjustStock(t, actor, { productId: grid.model.id, quantity: 3, reason: "receipt" })).code,
    ).toBe("model_not_stocked");
    expect(catalogSnapshot(t)).toEqual(snap);
  });

  it("scans a variant's barcode straight to the variant, and refuses a deactivated one", () => {
    const grid = createModel(
      t,
      {
        ...remera,
        cells: [
          { values: ["M", "Negro"], barcodes: ["RL-M-NEG"] },
          { values: ["L", "Negro"], barcodes: ["RL-L-NEG"], active: false },
        ],
      },
      actor,
    );
    const scan = resolveScan(t, "RL-M-NEG");
    expect(scan.product).toMatchObject({ name: "Remera lisa · M / Negro", variantOf: grid.model.id });
    const off = errorOf(() => resolveScan(t, "RL-L-NEG"));
    expect(off.code).toBe("variant_inactive");
    expect(off.message).toBe('La variante "Remera lisa · L / Negro" (código RL-L-NEG) está desactivada');
    const offId = grid.cells.find((c) => !c.active)?.variantId ?? "";
    expect(errorOf(() => resolveSaleLines(t, [{ productId: offId }])).message).toContain("está desactivada");
    // The sale line's description is the variant's name.
    const [line] = resolveSaleLines(t, [{ barcode: "RL-M-NEG" }]);
    expect(line?.product.name).toBe("Remera lisa · M / Negro");
  });

  it("adds values (new cells) and removes them (cells deactivated, kept with their stock), and brings them back", () => {
    const grid = createModel(t, remera, actor);
    const sNegro = grid.cells[0]?.variantId ?? "";
    adjustStock(t, actor, { productId: sNegro, quantity: 4, reason: "receipt" });
    const wider = setAxes(
      t,
      grid.model.id,
      {
        axes: [
          { name: "Talle", values: ["M", "L", "XL"] },
          { name: "Color", values: ["Negro", "Rojo"] },
        ],
        cells: [{ values: ["XL", "Negro"], barcodes: ["RL-XL-NEG"] }],
      },
      actor,
    );
    expect(wider.cells).toHaveLength(8);
    expect(wider.cells.filter((c) => c.active).map((c) => c.values.join("/"))).toEqual([
      "M/Negro",
      "M/Rojo",
      "L/Negro",
      "L/Rojo",
      "XL/Negro",
      "XL/Rojo",
    ]);
    expect(getProduct(t, sNegro)).toMatchObject({ active: false, onHand: 4 });
    expect(wider.cells.find((c) => c.values.join() === "XL,Negro")?.barcodes).toEqual(["RL-XL-NEG"]);
    const back = setAxes(t, grid.model.id, { axes: remera.axes.map((a) => ({ ...a })) }, actor);
    expect(back.axes[0]?.values).toEqual(["S", "M", "L"]);
    expect(getProduct(t, sNegro).active).toBe(true);
    expect(back.cells.filter((c) => c.values[0] === "XL").every((c) => !c.active)).toBe(true);
    const snap = catalogSnapshot(t);
    expect(
      errorOf(() => setAxes(t, grid.model.id, { axes: [{ name: "Talle", values: ["S"] }] }, actor)).code,
    ).toBe("axes_count_fixed");
    expect(catalogSnapshot(t)).toEqual(snap);
  });

  it("converts a simple product with stock and history into a model: its barcodes and on-hand move to the picked variant", () => {
    const old = makeProduct(t, { sku: "JEAN", name: "Jean clásico", barcodes: ["JEAN-1"], price: 3_000_000 });
    adjustStock(t, actor, { productId: old.id, quantity: 7, reason: "receipt" });
    const grid = convertToModel(
      t,
      old.id,
      {
        axes: [
          { name: "Talle", values: ["40", "42"] },
          { name: "Color", values: ["Azul"] },
        ],
        keep: ["42", "Azul"],
      },
      actor,
    );
    expect(grid.model).toMatchObject({ id: old.id, barcodes: [], onHand: 0 });
    const kept = grid.cells.find((c) => c.values[0] === "42");
    expect(kept).toMatchObject({ barcodes: ["JEAN-1"], onHand: 7, name: "Jean clásico · 42 / Azul" });
    expect(resolveScan(t, "JEAN-1").product.id).toBe(kept?.variantId);
    // The old row keeps its history; the ledger still adds up to what is on the shelf.
    const movements = t.db
      .prepare("SELECT product_id AS productId, quantity FROM stock_movements ORDER BY at, id")
      .all();
    expect(movements).toEqual([
      { productId: old.id, quantity: 7 },
      { productId: old.id, quantity: -7 },
      { productId: kept?.variantId, quantity: 7 },
    ]);
    const snap = catalogSnapshot(t);
    expect(
      errorOf(() =>
        convertToModel(t, old.id, { axes: [{ name: "Talle", values: ["40"] }], keep: ["40"] }, actor),
      ).code,
    ).toBe("already_model");
    const other = makeProduct(t);
    expect(
      errorOf(() =>
        convertToModel(t, other.id, { axes: [{ name: "Talle", values: ["40"] }], keep: ["44"] }, actor),
      ).code,
    ).toBe("keep_not_in_grid");
    expect(catalogSnapshot(t)).toMatchObject({
      ...snap,
      products: expect.any(Array),
      outbox: expect.any(Number),
    });
  });
});
