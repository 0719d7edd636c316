import type { ImportResult } from "@mostrador/contracts/http/spreadsheets";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { recordAudit } from "@mostrador/kernel/staff/audit";
import { type Actor, writeProductUpdate } from "../catalog/product-writes.js";
import type { Table } from "./read-table.js";
import { RowErrors, sheetRows } from "./row-check.js";
import type { Mapping } from "./sheet-mapping.js";
import { parseMoney } from "./sheet-numbers.js";

/**
 * A supplier's or the shop's price list: each row names an existing product by code (SKU) or barcode and
 * gives its new price. Unknown products, bad or negative prices and a product named twice refuse the file.
 */
export function importPrices(
  ctx: Ctx,
  table: Table,
  mapping: Mapping,
  options: { dryRun: boolean; actor?: Actor },
): ImportResult {
  const errors = new RowErrors(table.headers);
  const products = new Map<string, { id: string; price: number }>();
  for (const [sku, id, price] of ctx.db.prepare("SELECT sku, id, price FROM products").raw().all() as [
    string,
    string,
    number,
  ][])
    products.set(sku, { id, price });
  const byBarcode = new Map(
    ctx.db
      .prepare("SELECT b.barcode, p.sku FROM product_barcodes b JOIN products p ON p.id = b.product_id")
      .raw()
      .all() as [string, string][],
  );
  const seen = new Map<string, number>();
  const changes: { id: string; price: number }[] = [];
  let rows = 0;
  for (const row of sheetRows(table, mapping, errors)) {
    const skuText = row.text("sku");
    const barcode = row.text("barcode");
    const sku = skuText ?? (barcode === null ? null : (byBarcode.get(barcode) ?? null));
    const product = sku === null ? undefined : products.get(sku);
    const priceText = row.text("price");
    const price = priceText === null ? null : parseMoney(priceText);
    if (skuText === null && barcode === null) row.fail("sku", "Falta el código o el código de barras");
    else if (!product)
      row.fail(
        skuText !== null ? "sku" : "barcode",
        `No hay ningún producto con el código ${skuText ?? barcode}`,
      );
    if (priceText === null) row.fail("price", "Falta el precio");
    else if (price === null) row.fail("price", `«${priceText}» no es un precio (ej.: 1234,50)`);
    else if (price < 0) row.fail("price", "El precio no puede ser negativo");
    if (!product || sku === null || price === null || price < 0) continue;
    const first = seen.get(sku);
    if (first !== undefined) {
      row.fail(
        skuText !== null ? "sku" : "barcode",
        `El producto ${sku} está repetido (ya aparece en la fila ${first})`,
      );
      continue;
    }
    seen.set(sku, row.line);
    rows++;
    if (product.price !== price) changes.push({ id: product.id, price });
  }
  errors.throwIfAny();
  if (!options.dryRun && changes.length > 0) {
    ctx.db.transaction(() => {
      for (const c of changes)
        writeProductUpdate(ctx, c.id, { price: c.price }, undefined, { source: "import" });
      if (options.actor)
        recordAudit(ctx.db, {
          at: isoNow(ctx),
          staffId: options.actor.staffId,
          terminalId: options.actor.terminalId ?? null,
          action: "catalog.import_prices",
          entity: "product",
          details: { rows, updated: changes.length },
        });
    })();
    ctx.bus.emit("catalog.changed", { productIds: changes.length <= 500 ? changes.map((c) => c.id) : [] });
  }
  return { applied: !options.dryRun, rows, created: 0, updated: changes.length };
}
