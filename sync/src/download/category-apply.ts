import type { ChangeMessage, Row } from "@electric-sql/client";
import { categoryNameKey } from "@mostrador/contracts/sync/catalog";
import { isoNow, type Ctx } from "@mostrador/kernel/core/context";
import { stmt } from "@mostrador/kernel/db/statements";
import { observeHlc } from "./appliance-hlc.js";
import { recordReject } from "./rejects.js";

/** Why a category row waits in download_rejects (retried after every batch). */
const WAITING = "La categoría espera";

interface LocalCategory {
  id: string;
  name: string;
}

/**
 * A category this till knows is merged into another (the same name was born at two places; the cloud
 * kept the one that reached it first, cloud/src/catalog/categories.ts): its products, counts and
 * not-yet-acknowledged product edits move to the one that stayed, and it goes. Plain SQL, no outbox:
 * the cloud did the same on its side, and product ops still naming it are re-pointed there.
 */
function mergeLocally(ctx: Ctx, from: string, into: string): string[] {
  if (!stmt(ctx.db, "SELECT 1 FROM categories WHERE id = ?").get(from)) return [];
  const moved = (
    stmt(ctx.db, "SELECT id FROM products WHERE category_id = ?").all(from) as { id: string }[]
  ).map((r) => r.id);
  stmt(ctx.db, "UPDATE products SET category_id = ? WHERE category_id = ?").run(into, from);
  stmt(ctx.db, "UPDATE stock_counts SET category_id = ? WHERE category_id = ?").run(into, from);
  stmt(
    ctx.db,
    "UPDATE product_pending SET value = json_quote(?) WHERE field = 'categoryId' AND value = json_quote(?)",
  ).run(into, from);
  stmt(ctx.db, "DELETE FROM category_pending WHERE category_id = ?").run(from);
  stmt(ctx.db, "DELETE FROM category_cloud_base WHERE category_id = ?").run(from);
  stmt(ctx.db, "DELETE FROM categories WHERE id = ?").run(from);
  return moved;
}

/**
 * Products the cloud put in this category before it was here (product-apply.ts stores the cloud's
 * category in the base even when it applied "none"): attached now, unless the till changed their
 * category itself since.
 */
function attachWaitingProducts(ctx: Ctx, id: string): string[] {
  const ids = (
    stmt(
      ctx.db,
      `SELECT p.id FROM products p JOIN product_cloud_base b ON b.product_id = p.id
        WHERE p.category_id IS NULL AND json_extract(b.fields, '$.cloudCategoryId') = ?
          AND NOT EXISTS (SELECT 1 FROM product_pending q WHERE q.product_id = p.id AND q.field = 'categoryId')`,
    ).all(id) as { id: string }[]
  ).map((r) => r.id);
  for (const p of ids) stmt(ctx.db, "UPDATE products SET category_id = ? WHERE id = ?").run(id, p);
  return ids;
}

/** One cloud category row; returns the products it moved. Throws (→ parked, retried) when it must wait. */
function applyRow(ctx: Ctx, row: Row, at: string): string[] {
  const id = String(row.id);
  const hlc = String((row.field_hlc as { name?: string } | null)?.name ?? "");
  if (hlc) observeHlc(ctx.db, hlc);
  const mergedInto = typeof row.merged_into === "string" ? row.merged_into : null;
  if (mergedInto !== null) {
    if (!stmt(ctx.db, "SELECT 1 FROM categories WHERE id = ?").get(mergedInto))
      throw new Error(`${WAITING} a la categoría ${mergedInto} en la que se unió`);
    return mergeLocally(ctx, id, mergedInto);
  }
  // Last-writer-wins on the name: a rename here the cloud has not acknowledged stays if it is newer.
  const pending = stmt(ctx.db, "SELECT name, hlc FROM category_pending WHERE category_id = ?").get(id) as
    { name: string; hlc: string } | undefined;
  let name = String(row.name);
  if (pending && pending.hlc > hlc) name = pending.name;
  else stmt(ctx.db, "DELETE FROM category_pending WHERE category_id = ?").run(id);
  const moved: string[] = [];
  const key = categoryNameKey(name);
  const clash = (
    stmt(ctx.db, "SELECT id, name FROM categories WHERE id <> ?").all(id) as LocalCategory[]
  ).find((c) => categoryNameKey(c.name) === key);
  if (clash) {
    // Born here with the same name and not in the cloud yet: the cloud will merge it into this one (the
    // name is this one's there), so do it now. A clash with a category the cloud knows is a rename not
    // applied yet: wait for it.
    if (stmt(ctx.db, "SELECT 1 FROM category_cloud_base WHERE category_id = ?").get(clash.id))
      throw new Error(`${WAITING}: "${name}" todavía es el nombre de otra categoría aquí`);
    if (!stmt(ctx.db, "SELECT 1 FROM categories WHERE id = ?").get(id))
      stmt(ctx.db, "INSERT INTO categories (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)").run(
        id,
        `${name} (${id.slice(-6)})`,
        at,
        at,
      );
    moved.push(...mergeLocally(ctx, clash.id, id));
  }
  const updated = stmt(ctx.db, "UPDATE categories SET name = ?, updated_at = ? WHERE id = ?").run(
    name,
    at,
    id,
  );
  if (updated.changes === 0)
    stmt(ctx.db, "INSERT INTO categories (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)").run(
      id,
      name,
      at,
      at,
    );
  stmt(ctx.db, "INSERT OR REPLACE INTO category_cloud_base (category_id, name, hlc) VALUES (?, ?, ?)").run(
    id,
    String(row.name),
    hlc,
  );
  moved.push(...attachWaitingProducts(ctx, id));
  return moved;
}

function applyOne(ctx: Ctx, row: Row, at: string): string[] | null {
  const id = String(row.id);
  try {
    // A savepoint per row: a row that must wait rolls back alone.
    const moved = ctx.db.transaction(() => applyRow(ctx, row, at))();
    stmt(ctx.db, "DELETE FROM download_rejects WHERE shape = 'categories' AND pk = ?").run(id);
    return moved;
  } catch (err) {
    recordReject(ctx, "categories", id, (err as Error).message, row, at);
    return null;
  }
}

/**
 * Applies one up-to-date batch of the categories shape (cloud → till), in the consumer's transaction.
 * Plain SQL: nothing is enqueued (no echo). Live categories first, then merged ones (so the one a
 * merged category went into is here); a row that must wait is parked and retried after every batch.
 * Categories are never deleted by a snapshot: products and counts point at them. Returns the ids of
 * the categories in the batch and of the products whose category changed.
 */
export function applyCategoryMessages(
  ctx: Ctx,
  messages: ChangeMessage<Row>[],
  _fromScratch: boolean,
): string[] {
  const at = isoNow(ctx);
  const moved = new Set<string>();
  const rows = messages.filter((m) => m.headers.operation !== "delete").map((m) => m.value);
  const ordered = [
    ...rows.filter((r) => r.merged_into == null),
    ...rows.filter((r) => r.merged_into != null),
  ];
  for (const row of ordered) {
    moved.add(String(row.id));
    for (const p of applyOne(ctx, row, at) ?? []) moved.add(p);
  }
  for (;;) {
    const waiting = stmt(
      ctx.db,
      "SELECT row FROM download_rejects WHERE shape = 'categories' AND reason LIKE ? || '%' ORDER BY at",
    ).all(WAITING) as { row: string }[];
    let progress = false;
    for (const w of waiting) {
      const done = applyOne(ctx, JSON.parse(w.row) as Row, at);
      if (done) {
        progress = true;
        for (const p of done) moved.add(p);
      }
    }
    if (!progress) break;
  }
  return [...moved];
}
