import type { ChangeMessage, Row } from "@electric-sql/client";
import { PRODUCT_FIELD_NAMES, type ProductField } from "@mostrador/contracts/sync/catalog";
import { isoNow, type Ctx } from "@mostrador/kernel/core/context";
import { nameKey } from "@mostrador/contracts/search-key";
import { stmt } from "@mostrador/kernel/db/statements";
import { observeHlc } from "./appliance-hlc.js";
import { recordReject } from "./rejects.js";

/** The fields both sides edit, named as in the appliance's Product and outbox payload (the sync map's). */
const FIELDS = PRODUCT_FIELD_NAMES;
type Field = ProductField;
type Values = Record<Field, unknown>;

/** Integer columns arrive as bigint (int8) or number (int4) once the client parsed them. */
function int(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const n = typeof value === "bigint" ? Number(value) : Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`valor entero inválido: ${String(value)}`);
  return n;
}

/** A cloud row in the appliance's terms; a category unknown here is left empty (nothing to point at). */
function fromCloud(ctx: Ctx, row: Row): Values {
  const category = typeof row.category_id === "string" ? row.category_id : null;
  const known = category && stmt(ctx.db, "SELECT 1 FROM categories WHERE id = ?").get(category);
  return {
    sku: row.sku,
    name: row.name,
    categoryId: known ? category : null,
    price: int(row.price),
    ivaRate: int(row.iva_rate),
    unit: row.unit,
    // Sorted as desktop's toProduct sorts them, so the outbox trigger compares like with like.
    barcodes: [...((row.barcodes as string[] | null) ?? [])].map(String).sort(),
    scaleCode: int(row.scale_code),
    lowStockThreshold: int(row.low_stock_threshold),
    active: row.active === true,
  };
}

/**
 * Per-field last-writer-wins against the till's unacknowledged edits (product_pending): a pending
 * edit with a newer clock than the cloud's stays on screen; otherwise the cloud's value is taken and
 * the pending entry is done (acknowledged, or overtaken by a later edit elsewhere).
 */
function merge(ctx: Ctx, id: string, cloud: Values, clocks: Record<string, string>): Values {
  const pending = stmt(ctx.db, "SELECT field, value, hlc FROM product_pending WHERE product_id = ?").all(
    id,
  ) as { field: Field; value: string; hlc: string }[];
  const merged = { ...cloud };
  for (const p of pending) {
    if (!FIELDS.includes(p.field)) continue;
    if (p.hlc > (clocks[p.field] ?? "")) merged[p.field] = JSON.parse(p.value) as unknown;
    else stmt(ctx.db, "DELETE FROM product_pending WHERE product_id = ? AND field = ?").run(id, p.field);
  }
  return merged;
}

function writeProduct(ctx: Ctx, id: string, v: Values, at: string): void {
  const params = [
    v.sku,
    v.name,
    nameKey(String(v.name)),
    v.categoryId,
    v.price,
    v.ivaRate,
    v.unit,
    v.scaleCode,
    v.lowStockThreshold,
    v.active ? 1 : 0,
    at,
  ];
  // Plain SQL, not desktop's updateProduct: that one enqueues an outbox entry, and a change that came
  // from the cloud must not be sent back to it. The products_fts triggers keep search in step.
  const updated = stmt(
    ctx.db,
    `UPDATE products SET sku = ?, name = ?, name_key = ?, category_id = ?, price = ?, iva_rate = ?, unit = ?,
            scale_code = ?, low_stock_threshold = ?, active = ?, updated_at = ? WHERE id = ?`,
  ).run(...params, id);
  if (updated.changes === 0)
    stmt(
      ctx.db,
      `INSERT INTO products (sku, name, name_key, category_id, price, iva_rate, unit, scale_code,
                             low_stock_threshold, active, updated_at, id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(...params, id, at);
  const barcodes = v.barcodes as string[];
  const current = (
    stmt(ctx.db, "SELECT barcode FROM product_barcodes WHERE product_id = ? ORDER BY barcode").all(id) as {
      barcode: string;
    }[]
  ).map((r) => r.barcode);
  if (JSON.stringify(current) !== JSON.stringify([...barcodes].sort())) {
    stmt(ctx.db, "DELETE FROM product_barcodes WHERE product_id = ?").run(id);
    for (const b of barcodes)
      stmt(ctx.db, "INSERT INTO product_barcodes (barcode, product_id) VALUES (?, ?)").run(b, id);
  }
}

/** A product that left the shape: off sale, never deleted (old tickets and reports point at it). */
function retire(ctx: Ctx, id: string, at: string): void {
  stmt(ctx.db, "UPDATE products SET active = 0, updated_at = ? WHERE id = ? AND active = 1").run(at, id);
  stmt(ctx.db, "DELETE FROM product_cloud_base WHERE product_id = ?").run(id);
}

function applyRow(ctx: Ctx, row: Row, at: string): void {
  const id = String(row.id);
  const clocks = (row.field_hlc ?? {}) as Record<string, string>;
  const cloud = fromCloud(ctx, row);
  const merged = merge(ctx, id, cloud, clocks);
  writeProduct(ctx, id, merged, at);
  stmt(
    ctx.db,
    "INSERT OR REPLACE INTO product_cloud_base (product_id, fields, field_hlc) VALUES (?, ?, ?)",
  ).run(id, JSON.stringify({ id, ...cloud }), JSON.stringify(clocks));
  for (const hlc of Object.values(clocks)) observeHlc(ctx.db, hlc);
}

/**
 * Applies one up-to-date batch of the products shape to the appliance catalog. Runs inside the
 * consumer's transaction (with the new offset). `fromScratch`: the batch is a whole snapshot (first
 * sync or after must-refetch), so cloud products missing from it are retired; products created here
 * and never acknowledged by the cloud are not touched. A row the catalog refuses (a SKU or barcode
 * another local product holds) is parked in download_rejects instead of stopping the download.
 * Returns the ids of the products that changed.
 */
export function applyProductMessages(
  ctx: Ctx,
  messages: ChangeMessage<Row>[],
  fromScratch: boolean,
): string[] {
  const at = isoNow(ctx);
  const touched = new Set<string>();
  for (const m of messages) {
    const id = String(m.value.id);
    touched.add(id);
    if (m.headers.operation === "delete") {
      retire(ctx, id, at);
      continue;
    }
    try {
      // A savepoint per row: a refused row rolls back alone.
      ctx.db.transaction(() => applyRow(ctx, m.value, at))();
      stmt(ctx.db, "DELETE FROM download_rejects WHERE shape = 'products' AND pk = ?").run(id);
    } catch (err) {
      recordReject(ctx, "products", id, (err as Error).message, m.value, at);
    }
  }
  if (fromScratch) {
    const gone = (stmt(ctx.db, "SELECT product_id FROM product_cloud_base").all() as { product_id: string }[])
      .map((r) => r.product_id)
      .filter((id) => !touched.has(id));
    for (const id of gone) {
      retire(ctx, id, at);
      touched.add(id);
    }
  }
  return [...touched];
}
