import { CATEGORY_NAME_MAX, categoryNameKey } from "@mostrador/contracts/sync/catalog";
import type { Clock } from "../core/clock.js";
import { CloudError } from "../core/errors.js";
import { newId } from "../core/ids.js";
import type { Queryable, Sql } from "../db/sql.js";
import { shapeWaker } from "../shapes/shape-waker.js";
import { formatHlc, nextCloudHlc } from "./hlc.js";

/**
 * Categories, born at a till (category ops) or in the dashboard, merged like products: the name is one
 * field with its hybrid logical clock, a write replaces it only with a newer clock. Names are unique per
 * tenant regardless of case (contracts categoryNameKey). When the same name is born at two places (two
 * tills offline, or a till and the dashboard), the category that held the name in the cloud first stays
 * and the later one is MERGED into it: its row stays with `merged_into` set (so the tills that know it
 * learn where it went), its products are moved to the one that stays, and products that still name it
 * are re-pointed as they arrive. A rename onto a name another category holds merges the same way.
 */

const NEVER = formatHlc(0, 0, "never");

export interface CloudCategory {
  id: string;
  name: string;
  mergedInto: string | null;
  nameHlc: string;
}

interface CategoryRow {
  id: string;
  name: string;
  merged_into: string | null;
  field_hlc: { name?: string };
}

/** The name as both sides store it: trimmed, inner whitespace collapsed; "" when nothing is left. */
export function cleanCategoryName(raw: string): string {
  return raw.trim().replace(/\s+/g, " ");
}

const toCategory = (r: CategoryRow): CloudCategory => ({
  id: r.id,
  name: r.name,
  mergedInto: r.merged_into,
  nameHlc: r.field_hlc.name ?? NEVER,
});

async function liveHolderOf(q: Queryable, name: string, except: string): Promise<string | undefined> {
  const [row] = await q.query<{ id: string }>(
    "SELECT id FROM categories WHERE name_key = $1 AND merged_into IS NULL AND id <> $2",
    [categoryNameKey(name), except],
  );
  return row?.id;
}

/** `from` is merged into `into`: it, whatever was merged into it, and their products point at `into`. */
async function mergeInto(q: Queryable, from: string, into: string, now: Date): Promise<void> {
  await q.query("UPDATE categories SET merged_into = $2, updated_at = $3 WHERE id = $1 OR merged_into = $1", [
    from,
    into,
    now,
  ]);
  await q.query(
    `UPDATE products SET category_id = $1, updated_at = $2
      WHERE category_id IN (SELECT id FROM categories WHERE merged_into = $1)`,
    [into, now],
  );
}

/**
 * The one write path of categories (till ops and dashboard alike), inside the caller's tenant
 * transaction. A new category whose name is taken is stored merged into the holder; a rename that wins
 * by clock onto a taken name merges this category into the holder.
 */
export async function mergeCategoryWrite(
  q: Queryable,
  tenantId: string,
  id: string,
  write: { name: string; hlc: string; now: Date },
): Promise<{ category: CloudCategory; changed: boolean }> {
  const name = cleanCategoryName(write.name).slice(0, CATEGORY_NAME_MAX);
  const [current] = await q.query<CategoryRow>(
    "SELECT id, name, merged_into, field_hlc FROM categories WHERE id = $1 FOR UPDATE",
    [id],
  );
  if (!current) {
    const holder = await liveHolderOf(q, name, id);
    const [row] = await q.query<CategoryRow>(
      `INSERT INTO categories (tenant_id, id, store_id, name, name_key, merged_into, field_hlc, updated_at)
       VALUES ($1, $2, NULL, $3, $4, $5, $6, $7) RETURNING id, name, merged_into, field_hlc`,
      [
        tenantId,
        id,
        name,
        categoryNameKey(name),
        holder ?? null,
        JSON.stringify({ name: write.hlc }),
        write.now,
      ],
    );
    if (holder) await mergeInto(q, id, holder, write.now);
    return { category: toCategory(row!), changed: true };
  }
  if (write.hlc <= (current.field_hlc.name ?? NEVER))
    return { category: toCategory(current), changed: false };
  const holder = current.merged_into === null ? await liveHolderOf(q, name, id) : undefined;
  if (holder) await mergeInto(q, id, holder, write.now);
  const [row] = await q.query<CategoryRow>(
    `UPDATE categories SET name = $2, name_key = $3, field_hlc = $4, updated_at = $5
      WHERE id = $1 RETURNING id, name, merged_into, field_hlc`,
    [id, name, categoryNameKey(name), JSON.stringify({ ...current.field_hlc, name: write.hlc }), write.now],
  );
  return { category: toCategory(row!), changed: true };
}

function checkName(raw: unknown): string {
  const name = typeof raw === "string" ? cleanCategoryName(raw) : "";
  if (name.length < 1 || name.length > CATEGORY_NAME_MAX)
    throw new CloudError(
      "invalid",
      "invalid_category_name",
      `El nombre de la categoría debe tener entre 1 y ${CATEGORY_NAME_MAX} caracteres`,
    );
  return name;
}

const taken = (name: string) =>
  new CloudError("conflict", "category_taken", `Ya existe la categoría "${name}"`, { name });

/** Dashboard: a new category for every store's tills; a name already taken (any case) is refused. */
export async function createCloudCategory(
  sql: Sql,
  tenantId: string,
  rawName: string,
  clock: Clock,
): Promise<CloudCategory> {
  const name = checkName(rawName);
  const id = newId();
  const category = await sql.withTenant(tenantId, async (q) => {
    if (await liveHolderOf(q, name, id)) throw taken(name);
    const now = clock.now();
    return (await mergeCategoryWrite(q, tenantId, id, { name, hlc: nextCloudHlc(now.getTime(), []), now }))
      .category;
  });
  shapeWaker.poke(tenantId);
  return category;
}

/** Dashboard: renames a category; its clock follows the one on the row, so it wins over what it saw. */
export async function renameCloudCategory(
  sql: Sql,
  tenantId: string,
  id: string,
  rawName: string,
  clock: Clock,
): Promise<CloudCategory> {
  const name = checkName(rawName);
  const category = await sql.withTenant(tenantId, async (q) => {
    const [current] = await q.query<CategoryRow>(
      "SELECT id, name, merged_into, field_hlc FROM categories WHERE id = $1 AND merged_into IS NULL FOR UPDATE",
      [id],
    );
    if (!current)
      throw new CloudError("not_found", "category_not_found", "La categoría no existe", { categoryId: id });
    if (await liveHolderOf(q, name, id)) throw taken(name);
    const now = clock.now();
    const hlc = nextCloudHlc(now.getTime(), [current.field_hlc.name ?? NEVER]);
    return (await mergeCategoryWrite(q, tenantId, id, { name, hlc, now })).category;
  });
  shapeWaker.poke(tenantId);
  return category;
}

/** Dashboard: the tenant's live categories by name, with how many products each has. */
export async function listCloudCategories(
  q: Queryable,
): Promise<{ id: string; name: string; products: number }[]> {
  const rows = await q.query<{ id: string; name: string; products: string }>(
    `SELECT c.id, c.name, (SELECT count(*) FROM products p WHERE p.category_id = c.id) AS products
       FROM categories c WHERE c.merged_into IS NULL ORDER BY lower(c.name), c.id`,
  );
  return rows.map((r) => ({ id: r.id, name: r.name, products: Number(r.products) }));
}
