import type { Ctx } from "@mostrador/kernel/core/context";
import { nameKey } from "@mostrador/contracts/search-key";
import { getProductsByIds } from "./products.js";

export interface ProductQuery {
  /** Whatever the person typed; matched by word prefix over name and SKU, accents ignored. */
  q?: string;
  categoryId?: string;
  active?: boolean;
  limit?: number;
  offset?: number;
}

import { MAX_PAGE_SIZE, type ProductPage } from "@mostrador/contracts/http/catalog";

export const DEFAULT_PAGE_SIZE = 50;
export { MAX_PAGE_SIZE };
/** Up to this many hits are ranked by relevance (bm25); broader matches list by name. */
export const RANKED_HITS = 1000;
const MAX_TERMS = 8;
const MAX_TERM_LENGTH = 40;

/**
 * Turns free text into a safe FTS5 query: each word becomes a quoted prefix term ("azuc"*), all
 * required. Only letters and digits survive, so FTS syntax typed by a person (AND, NEAR, quotes, *,
 * -, parentheses, column filters) is read as plain words and can never raise a syntax error.
 * Returns null when nothing searchable is left.
 */
export function toFtsQuery(text: string): string | null {
  const words = text.normalize("NFC").match(/[\p{L}\p{N}\p{M}]+/gu) ?? [];
  const terms = words.slice(0, MAX_TERMS).map((w) => `"${w.slice(0, MAX_TERM_LENGTH)}"*`);
  return terms.length > 0 ? terms.join(" ") : null;
}

function clampInt(value: number | undefined, min: number, max: number, fallback: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.trunc(value)));
}

/** SQL conditions over `products p`, with their parameters. */
interface Conditions {
  sql: string[];
  params: unknown[];
}

/** Names starting with `key`: [key, key with its last character bumped), in name_key's binary order. */
interface NameRange {
  from: string;
  to: string;
}

function nameRange(key: string): NameRange {
  const chars = [...key];
  const last = chars.pop() ?? "";
  return { from: key, to: `${chars.join("")}${String.fromCodePoint((last.codePointAt(0) ?? 0) + 1)}` };
}

const HITS = "p.num IN (SELECT rowid FROM products_fts WHERE products_fts MATCH ?)";

function conditions(
  match: string | null,
  query: ProductQuery,
  active: boolean | undefined,
  range: NameRange | null,
): Conditions {
  const c: Conditions = { sql: [], params: [] };
  const add = (sql: string, ...params: unknown[]) => {
    c.sql.push(sql);
    c.params.push(...params);
  };
  if (match !== null) add(HITS, match);
  if (range !== null) add("p.name_key >= ? AND p.name_key < ?", range.from, range.to);
  if (active !== undefined) add("p.active = ?", active ? 1 : 0);
  if (query.categoryId !== undefined) add("p.category_id = ?", query.categoryId);
  return c;
}

const whereOf = (c: Conditions) => (c.sql.length > 0 ? `WHERE ${c.sql.join(" AND ")}` : "");

function countWhere(ctx: Ctx, c: Conditions, index = ""): number {
  return ctx.db
    .prepare(`SELECT count(*) FROM products p ${index} ${whereOf(c)}`)
    .pluck()
    .get(...c.params) as number;
}

/**
 * How many products match. Counting "active = 1" would visit nearly every matching row, so it is
 * computed as all matches minus inactive ones: inactive products are few and indexed.
 */
function countMatches(ctx: Ctx, match: string | null, query: ProductQuery, range: NameRange | null): number {
  const count = (active: boolean | undefined) => {
    const c = conditions(match, query, active, range);
    if (c.sql.length === 1 && match !== null) {
      return ctx.db
        .prepare("SELECT count(*) FROM products_fts WHERE products_fts MATCH ?")
        .pluck()
        .get(match) as number;
    }
    return countWhere(ctx, c);
  };
  if (query.active !== true) return count(query.active);
  // Most catalogs have no inactive product at all: one index probe saves matching twice.
  const anyInactive = ctx.db.prepare("SELECT 1 FROM products WHERE active = 0 LIMIT 1").get() !== undefined;
  return anyInactive ? count(undefined) - count(false) : count(undefined);
}

/** Ids in name order off the name index (no sort), optionally only names in `range`. */
function idsByName(ctx: Ctx, c: Conditions, limit: number, offset: number): string[] {
  return ctx.db
    .prepare(
      `SELECT p.id FROM products p INDEXED BY products_name ${whereOf(c)} ORDER BY p.name_key, p.num LIMIT ? OFFSET ?`,
    )
    .pluck()
    .all(...c.params, limit, offset) as string[];
}

/** Up to RANKED_HITS hits: bm25 relevance, the name weighing more than the SKU. */
function rankedIds(ctx: Ctx, match: string, query: ProductQuery, limit: number, offset: number): string[] {
  const c = conditions(null, query, query.active, null);
  const filters = c.sql.map((s) => ` AND ${s}`).join("");
  return ctx.db
    .prepare(
      `SELECT p.id FROM products_fts f JOIN products p ON p.num = f.rowid
        WHERE products_fts MATCH ?${filters}
        ORDER BY bm25(products_fts, 4.0, 1.0), p.name_key, p.num LIMIT ? OFFSET ?`,
    )
    .pluck()
    .all(match, ...c.params, limit, offset) as string[];
}

/**
 * Many hits (a short prefix such as "lec" on a big catalog): scoring or sorting thousands of rows
 * per keystroke is what makes a till feel slow. So: first the names that START with the first word
 * typed, in name order off the name index (what the cashier is after), then the other hits in
 * catalog order straight from the FTS index. Neither part sorts; each stops after one page.
 */
function broadIds(
  ctx: Ctx,
  match: string,
  query: ProductQuery,
  firstWord: string,
  limit: number,
  offset: number,
): string[] {
  const range = nameRange(nameKey(firstWord));
  const starting = conditions(match, query, query.active, range);
  const others = conditions(null, query, query.active, null);
  const otherIds = (lim: number, off: number) =>
    ctx.db
      .prepare(
        `SELECT p.id FROM products_fts f JOIN products p ON p.num = f.rowid
          WHERE products_fts MATCH ? AND NOT (p.name_key >= ? AND p.name_key < ?)
          ${others.sql.map((s) => `AND ${s}`).join(" ")}
          ORDER BY f.rowid LIMIT ? OFFSET ?`,
      )
      .pluck()
      .all(match, range.from, range.to, ...others.params, lim, off) as string[];
  // The first page needs no count of the starting part: take what it has, fill up with the rest.
  const startingCount = offset === 0 ? 0 : countWhere(ctx, starting, "INDEXED BY products_name");
  if (offset > 0 && offset >= startingCount) return otherIds(limit, offset - startingCount);
  const first = idsByName(ctx, starting, limit, offset);
  return first.length < limit ? [...first, ...otherIds(limit - first.length, 0)] : first;
}

/**
 * Searches the catalog; built to stay within a few milliseconds on 100,000 products.
 * - Words: FTS5 match (the index narrows the catalog to the hits). Up to RANKED_HITS hits are ranked
 *   by bm25; broader matches list names starting with the first word first (see broadIds).
 * - One single character: names starting with it (FTS would match a third of the catalog).
 * - Nothing searchable: the catalog in name order, straight off the name index.
 * The page's products are then read by id in one query.
 */
export function searchProducts(ctx: Ctx, query: ProductQuery = {}): ProductPage {
  const limit = clampInt(query.limit, 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE);
  const offset = clampInt(query.offset, 0, Number.MAX_SAFE_INTEGER, 0);
  const text = (query.q ?? "").trim();
  const words = text.normalize("NFC").match(/[\p{L}\p{N}\p{M}]+/gu) ?? [];
  const firstWord = words[0] ?? "";
  const initial = words.length === 1 && [...firstWord].length === 1 ? nameRange(nameKey(firstWord)) : null;
  const match = initial === null ? toFtsQuery(text) : null;

  const total = countMatches(ctx, match, query, initial);
  let ids: string[];
  if (match === null) ids = idsByName(ctx, conditions(null, query, query.active, initial), limit, offset);
  else if (total <= RANKED_HITS) ids = rankedIds(ctx, match, query, limit, offset);
  else ids = broadIds(ctx, match, query, firstWord, limit, offset);
  return { items: getProductsByIds(ctx, ids), total };
}
