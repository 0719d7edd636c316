import type { ChangeMessage, Row } from "@electric-sql/client";
import { expandClocks } from "@mostrador/contracts/http/cloud-shapes";
import { PRODUCT_FIELD_NAMES, type ProductField } from "@mostrador/contracts/sync/catalog";
import { isoNow, type Ctx } from "@mostrador/kernel/core/context";
import { stmt } from "@mostrador/kernel/db/statements";
import { newestHlc, observeHlc } from "./appliance-hlc.js";
import { productParams, writeProductsAtOnce, type ProductWrite } from "./product-batch-write.js";
import { recordReject } from "./rejects.js";

/** The fields both sides edit, named as in the appliance's Product and outbox payload (the sync map's). */
const FIELDS = PRODUCT_FIELD_NAMES;

/** Why a variant row waits in download_rejects until its model arrives. */
const MODEL_MISSING = "El modelo de esta variante todavía no llegó";
type Field = ProductField;
type Values = Record<Field, unknown>;

/**
 * What a batch looks up once instead of once per row (a first sync is 50,000 rows): whether the till
 * has unacknowledged edits or parked rows at all, and the newest cloud clock applied.
 */
interface Batch {
  at: string;
  /** Any product_pending row? A till with none (a fresh one) skips the per-row merge look-up. */
  pending: boolean;
  /** Any products row in download_rejects (before or during this batch)? Else nothing to clear or retry. */
  rejects: boolean;
  /** Observed into hlc_state once, when the batch ends: the same end state as observing each clock. */
  newestClock: string | undefined;
  /** applyRow in a savepoint (a refused row rolls back alone), wrapped once per batch. */
  applyInSavepoint: (row: Row) => void;
  /** A function run in a savepoint: all of it or none. */
  inSavepoint: <T>(fn: () => T) => T;
}

/** Integer columns arrive as bigint (int8) or number (int4) once the client parsed them. */
function int(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const n = typeof value === "bigint" ? Number(value) : Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`valor entero inválido: ${String(value)}`);
  return n;
}

/** jsonb arrives parsed; a cloud from before variants (cloud 0012) sends no such column at all. */
function axesOf(value: unknown): Values["variantAxes"] {
  if (!Array.isArray(value)) return null;
  // Keys in the order the till writes them, so the outbox trigger compares like with like.
  return (value as { name: string; values: string[] }[]).map((a) => ({ name: a.name, values: a.values }));
}

/**
 * A cloud row in the appliance's terms; a category unknown here is left empty (nothing to point at)
 * until it arrives with the categories shape (category-apply.ts re-attaches it).
 */
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
    variantAxes: axesOf(row.variant_axes),
    variantOf: typeof row.variant_of === "string" ? row.variant_of : null,
    variantValues: Array.isArray(row.variant_values) ? (row.variant_values as unknown[]).map(String) : null,
    priceFollowsModel: row.price_follows_model !== false,
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
  // A variant whose model has not arrived yet waits (parked, retried after each batch): the model is
  // a row of the same shape, usually earlier in the same batch, never of another tenant.
  if (
    typeof v.variantOf === "string" &&
    !stmt(ctx.db, "SELECT 1 FROM products WHERE id = ?").get(v.variantOf)
  )
    throw new Error(`${MODEL_MISSING}: ${v.variantOf}`);
  const params = productParams(v, at);
  // Plain SQL, not desktop's updateProduct: that one enqueues an outbox entry, and a change that came
  // from the cloud must not be sent back to it. The products_fts triggers keep search in step.
  const updated = stmt(
    ctx.db,
    `UPDATE products SET sku = ?, name = ?, name_key = ?, category_id = ?, price = ?, iva_rate = ?, unit = ?,
            scale_code = ?, low_stock_threshold = ?, active = ?, variant_axes = ?, variant_of = ?,
            variant_values = ?, price_follows_model = ?, updated_at = ? WHERE id = ?`,
  ).run(...params, id);
  if (updated.changes === 0)
    stmt(
      ctx.db,
      `INSERT INTO products (sku, name, name_key, category_id, price, iva_rate, unit, scale_code,
                             low_stock_threshold, active, variant_axes, variant_of, variant_values,
                             price_follows_model, updated_at, id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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

/** A cloud row in the appliance's terms, merged with the till's pending edits, ready to write. */
function prepareRow(ctx: Ctx, row: Row, batch: Batch): ProductWrite & { clockValues: string[] } {
  const id = String(row.id);
  // Either wire form of the clocks: the object, or the compact one the cloud sends when asked.
  const clocks = expandClocks(row.field_hlc);
  const cloud = fromCloud(ctx, row);
  // cloudCategoryId: the category the cloud named, even when it is not here yet (the trigger compares
  // only the payload's keys, so this extra key is never taken for a till edit).
  const cloudCategoryId = typeof row.category_id === "string" ? row.category_id : null;
  return {
    id,
    values: batch.pending ? merge(ctx, id, cloud, clocks) : cloud,
    base: JSON.stringify({ id, ...cloud, cloudCategoryId }),
    // Kept as the wire sent it (the compact form is half the bytes of 50,000 bases); nothing merges
    // against the base's clocks, and expandClocks reads either form.
    clocks: JSON.stringify(row.field_hlc ?? {}),
    clockValues: Object.values(clocks),
  };
}

function applyRow(ctx: Ctx, row: Row, batch: Batch): void {
  const p = prepareRow(ctx, row, batch);
  writeProduct(ctx, p.id, p.values, batch.at);
  stmt(
    ctx.db,
    "INSERT OR REPLACE INTO product_cloud_base (product_id, fields, field_hlc) VALUES (?, ?, ?)",
  ).run(p.id, p.base, p.clocks);
  batch.newestClock = newestHlc(p.clockValues, batch.newestClock);
}

/**
 * The whole batch in a few set-based statements, all or nothing (product-batch-write.ts): true when
 * it went in, false when some row was refused (nothing is left of the attempt; the caller goes row by
 * row). Only for batches naming each product once, where the order of rows cannot matter.
 */
function applyAtOnce(ctx: Ctx, messages: ChangeMessage<Row>[], batch: Batch): boolean {
  const ids = new Set(messages.map((m) => String(m.value.id)));
  if (ids.size !== messages.length) return false;
  let newest = batch.newestClock;
  try {
    batch.inSavepoint(() => {
      const writes: ProductWrite[] = [];
      for (const m of messages) {
        if (m.headers.operation === "delete") continue;
        const p = prepareRow(ctx, m.value, batch);
        writes.push(p);
        newest = newestHlc(p.clockValues, newest);
      }
      writeProductsAtOnce(ctx, writes, batch.at);
      for (const m of messages)
        if (m.headers.operation === "delete") retire(ctx, String(m.value.id), batch.at);
      if (batch.rejects)
        stmt(
          ctx.db,
          "DELETE FROM download_rejects WHERE shape = 'products' AND pk IN (SELECT value FROM json_each(?))",
        ).run(JSON.stringify(writes.map((w) => w.id)));
    });
  } catch {
    return false;
  }
  batch.newestClock = newest;
  return true;
}

function recordProductReject(ctx: Ctx, batch: Batch, id: string, err: unknown, row: unknown): void {
  recordReject(ctx, "products", id, (err as Error).message, row, batch.at);
  batch.rejects = true;
}

/**
 * Variants parked because their model had not arrived, whose model is here now: applied again, until
 * a round takes none (a variant's model is never itself a variant, so one round is usually enough).
 */
function retryWaitingVariants(ctx: Ctx, batch: Batch): string[] {
  const applied: string[] = [];
  if (!batch.rejects) return applied;
  for (;;) {
    const waiting = stmt(
      ctx.db,
      `SELECT r.pk, r.row FROM download_rejects r
        WHERE r.shape = 'products' AND r.reason LIKE ? || '%'
          AND EXISTS (SELECT 1 FROM products p WHERE p.id = json_extract(r.row, '$.variant_of'))`,
    ).all(MODEL_MISSING) as { pk: string; row: string }[];
    let progress = false;
    for (const w of waiting) {
      try {
        batch.applyInSavepoint(JSON.parse(w.row) as Row);
        stmt(ctx.db, "DELETE FROM download_rejects WHERE shape = 'products' AND pk = ?").run(w.pk);
        applied.push(w.pk);
        progress = true;
      } catch (err) {
        recordProductReject(ctx, batch, w.pk, err, JSON.parse(w.row));
      }
    }
    if (!progress) return applied;
  }
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
  const batch: Batch = {
    at,
    pending: stmt(ctx.db, "SELECT 1 FROM product_pending LIMIT 1").get() !== undefined,
    rejects:
      stmt(ctx.db, "SELECT 1 FROM download_rejects WHERE shape = 'products' LIMIT 1").get() !== undefined,
    newestClock: undefined,
    applyInSavepoint: ctx.db.transaction((row: Row) => applyRow(ctx, row, batch)),
    inSavepoint: (fn) => ctx.db.transaction(fn)(),
  };
  const touched = new Set(messages.map((m) => String(m.value.id)));
  if (!applyAtOnce(ctx, messages, batch))
    for (const m of messages) {
      const id = String(m.value.id);
      if (m.headers.operation === "delete") {
        retire(ctx, id, at);
        continue;
      }
      try {
        // A savepoint per row: a refused row rolls back alone.
        batch.applyInSavepoint(m.value);
        if (batch.rejects)
          stmt(ctx.db, "DELETE FROM download_rejects WHERE shape = 'products' AND pk = ?").run(id);
      } catch (err) {
        recordProductReject(ctx, batch, id, err, m.value);
      }
    }
  for (const id of retryWaitingVariants(ctx, batch)) touched.add(id);
  if (batch.newestClock) observeHlc(ctx.db, batch.newestClock);
  if (fromScratch) for (const id of retireProductsMissing(ctx, touched)) touched.add(id);
  return [...touched];
}

/**
 * The end of a whole snapshot: cloud products it did not bring (`applied`: the ids every batch of it
 * returned) are retired, off sale and no longer the cloud's; products created here and never
 * acknowledged by the cloud (no base) are not touched. Returns the ids retired.
 */
export function retireProductsMissing(ctx: Ctx, applied: ReadonlySet<string>): string[] {
  const at = isoNow(ctx);
  const gone = (stmt(ctx.db, "SELECT product_id FROM product_cloud_base").all() as { product_id: string }[])
    .map((r) => r.product_id)
    .filter((id) => !applied.has(id));
  for (const id of gone) retire(ctx, id, at);
  return gone;
}
