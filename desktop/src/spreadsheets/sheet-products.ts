import type { Ctx } from "@mostrador/kernel/core/context";
import type { SheetRow } from "./row-check.js";

export interface SheetProduct {
  id: string;
  sku: string;
  name: string;
  unit: "each" | "kg";
}

/**
 * The products a stock or cost sheet names by code (SKU) or barcode, loaded once: each row resolves to one
 * product or reports why not on its cell (missing, unknown, already named in an earlier row).
 */
export class SheetProducts {
  private readonly bySku = new Map<string, SheetProduct>();
  private readonly byBarcode = new Map<string, string>();
  private readonly seen = new Map<string, number>();

  constructor(ctx: Ctx) {
    for (const p of ctx.db.prepare("SELECT id, sku, name, unit FROM products").all() as SheetProduct[])
      this.bySku.set(p.sku, p);
    for (const [barcode, sku] of ctx.db
      .prepare("SELECT b.barcode, p.sku FROM product_barcodes b JOIN products p ON p.id = b.product_id")
      .raw()
      .all() as [string, string][])
      this.byBarcode.set(barcode, sku);
  }

  /** The row's product, or null (the reason reported on the code or barcode cell). */
  resolve(row: SheetRow): SheetProduct | null {
    const skuText = row.text("sku");
    const barcode = row.text("barcode");
    const field = skuText !== null ? "sku" : "barcode";
    if (skuText === null && barcode === null) {
      row.fail("sku", "Falta el código o el código de barras");
      return null;
    }
    const sku = skuText ?? this.byBarcode.get(barcode!) ?? null;
    const product = sku === null ? undefined : this.bySku.get(sku);
    if (!product) {
      row.fail(field, `No hay ningún producto con el código ${skuText ?? barcode}`);
      return null;
    }
    const first = this.seen.get(product.sku);
    if (first !== undefined) {
      row.fail(field, `El producto ${product.sku} está repetido (ya aparece en la fila ${first})`);
      return null;
    }
    this.seen.set(product.sku, row.line);
    return product;
  }
}
