import type { ImportResult } from "@mostrador/contracts/http/spreadsheets";
import { MAX_STOCK_QUANTITY } from "@mostrador/contracts/limits";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { newId } from "@mostrador/kernel/db/ids";
import { enqueueOutbox } from "@mostrador/kernel/outbox/outbox";
import { recordAudit } from "@mostrador/kernel/staff/audit";
import type { Actor } from "../catalog/product-writes.js";
import { insertStockMovements, onHand } from "../stock/movements.js";
import type { Table } from "./read-table.js";
import { RowErrors, sheetRows } from "./row-check.js";
import type { Mapping } from "./sheet-mapping.js";
import { parseQuantity } from "./sheet-numbers.js";
import { SheetProducts } from "./sheet-products.js";

const NOTE = "Planilla de stock";

/**
 * Stock levels as counted: each row names an existing product by code or barcode and gives the quantity
 * there is (units, or kg with a decimal comma). Each product whose on-hand differs gets one "count"
 * movement of the difference with its outbox entry, all in one transaction; a bad cell anywhere refuses
 * the whole file and nothing moves.
 */
export function importStock(
  ctx: Ctx,
  table: Table,
  mapping: Mapping,
  options: { dryRun: boolean; actor: Actor },
): ImportResult {
  const errors = new RowErrors(table.headers);
  const products = new SheetProducts(ctx);
  const counted: { productId: string; quantity: number }[] = [];
  for (const row of sheetRows(table, mapping, errors)) {
    const product = products.resolve(row);
    const text = row.text("quantity");
    // A blank quantity is a product not counted: its stock stays as it is.
    if (text === null || !product) continue;
    const quantity = parseQuantity(text, product.unit);
    if (quantity === null)
      row.fail(
        "quantity",
        product.unit === "kg"
          ? `«${text}» no es una cantidad en kg (ej.: 1,250)`
          : `«${text}» no es una cantidad entera de unidades`,
      );
    else if (quantity < 0) row.fail("quantity", "La cantidad no puede ser negativa");
    else if (quantity > MAX_STOCK_QUANTITY) row.fail("quantity", "La cantidad pasa el máximo de stock");
    else counted.push({ productId: product.id, quantity });
  }
  errors.throwIfAny();
  if (options.dryRun) {
    const differ = counted.filter((c) => c.quantity !== onHand(ctx.db, c.productId)).length;
    return { applied: false, rows: counted.length, created: 0, updated: differ };
  }
  const moved = ctx.db.transaction(() => {
    const at = isoNow(ctx);
    const ids: string[] = [];
    for (const c of counted) {
      const delta = c.quantity - onHand(ctx.db, c.productId);
      if (delta === 0) continue;
      const id = newId();
      const movement = { id, productId: c.productId, quantity: delta, reason: "count" as const };
      insertStockMovements(ctx.db, [
        { ...movement, refId: null, staffId: options.actor.staffId, note: NOTE, at },
      ]);
      enqueueOutbox(ctx.db, {
        entity: "stock_movement",
        entityId: id,
        op: "created",
        payload: { ...movement, note: NOTE, staffId: options.actor.staffId, at },
        at,
      });
      ids.push(c.productId);
    }
    recordAudit(ctx.db, {
      at,
      staffId: options.actor.staffId,
      terminalId: options.actor.terminalId ?? null,
      action: "stock.import",
      entity: "product",
      details: { rows: counted.length, movements: ids.length },
    });
    return ids;
  })();
  if (moved.length > 0) ctx.bus.emit("stock.changed", { productIds: moved });
  return { applied: true, rows: counted.length, created: 0, updated: moved.length };
}
