import { textFault, withoutRefusedText } from "@mostrador/contracts/text";
import { updateProduct } from "../catalog/product-writes.js";
import { isoNow, type Ctx } from "@mostrador/kernel/core/context";

/** The names a person typed that the till prints, shows and syncs (besides products, done below). */
const NAME_COLUMNS = [
  { table: "categories", column: "name" },
  { table: "terminals", column: "name" },
  { table: "staff", column: "name" },
  { table: "devices", column: "name" },
  { table: "rules", column: "name" },
] as const;

const dirty = (value: string) => textFault(value) !== null;

export interface StoredTextRepair {
  /** table → ids whose text was cleaned. */
  cleaned: Record<string, string[]>;
}

/**
 * Cleans the control characters stored before inputs refused them. Products go through the catalog
 * (updateProduct), so the outbox carries the clean name to the cloud and the parked op that held the
 * bad one is superseded; the other names are plain local rows. A cleaned name that collides with an
 * existing one (a UNIQUE category) gets the first free " (n)" suffix.
 */
export function repairStoredText(ctx: Ctx): StoredTextRepair {
  const cleaned: Record<string, string[]> = {};
  const note = (table: string, id: string) => (cleaned[table] ??= []).push(id);
  const products = ctx.db.prepare("SELECT id, name FROM products").all() as { id: string; name: string }[];
  for (const p of products)
    if (dirty(p.name)) {
      updateProduct(ctx, p.id, { name: withoutRefusedText(p.name) });
      note("products", p.id);
    }
  for (const { table, column } of NAME_COLUMNS) {
    const rows = ctx.db.prepare(`SELECT id, ${column} AS text FROM ${table}`).all() as {
      id: string;
      text: string;
    }[];
    const update = ctx.db.prepare(`UPDATE ${table} SET ${column} = ? WHERE id = ?`);
    for (const r of rows) {
      if (!dirty(r.text)) continue;
      const base = withoutRefusedText(r.text);
      for (let n = 1; ; n++) {
        try {
          update.run(n === 1 ? base : `${base} (${n})`, r.id);
          break;
        } catch (err) {
          if ((err as { code?: string }).code !== "SQLITE_CONSTRAINT_UNIQUE" || n > 50) throw err;
        }
      }
      note(table, r.id);
    }
  }
  return { cleaned };
}

/** Runs each one-time repair that has not run on this database yet, and records it. */
export function runPendingMaintenance(ctx: Ctx): void {
  const done = ctx.db.prepare("SELECT 1 FROM maintenance_done WHERE name = ?");
  const record = ctx.db.prepare("INSERT INTO maintenance_done (name, done_at, detail) VALUES (?, ?, ?)");
  if (!done.get("stored-text")) {
    ctx.db.transaction(() => {
      const result = repairStoredText(ctx);
      record.run("stored-text", isoNow(ctx), JSON.stringify(result));
    })();
  }
}
