import { CloudError } from "../core/errors.js";
import type { Queryable } from "../db/sql.js";

/**
 * Cursor pagination for every list of the public API: rows in (sort_at, sort_id) order, where sort_at
 * is the row's last change truncated to the millisecond (what a JavaScript instant carries, so a
 * cursor names exactly the row it stopped at) and sort_id a unique text. The cursor is that pair,
 * opaque to callers (base64url JSON). A row changed after a caller passed it moves to the end of the
 * order, so following the cursors to the end and then asking again `updatedSince` the last seen
 * instant misses nothing.
 */

interface Cursor {
  at: string;
  id: string;
}

export const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify([c.at, c.id])).toString("base64url");

function decodeCursor(text: string): Cursor {
  const bad = () =>
    new CloudError(
      "invalid",
      "invalid_cursor",
      "El cursor no es válido: usá el nextCursor de la página anterior tal cual",
      { field: "cursor" },
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    throw bad();
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 2 ||
    typeof parsed[0] !== "string" ||
    typeof parsed[1] !== "string" ||
    parsed[1].length > 200 ||
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(parsed[0]) ||
    Number.isNaN(Date.parse(parsed[0]))
  )
    throw bad();
  return { at: parsed[0], id: parsed[1] };
}

/** Rows per page when the query does not say (the schema's default fills it in on the way in). */
const DEFAULT_LIMIT = 50;

export interface PageRequest {
  limit?: number | undefined;
  cursor?: string | undefined;
  updatedSince?: string | undefined;
}

/**
 * One page of `inner`, a SELECT whose rows have `sort_at` (timestamptz) and `sort_id` (text) columns
 * and whose own parameters are `params` ($1…$n); the page's parameters follow them.
 */
export async function pageOf<R extends { sort_at: Date; sort_id: string }>(
  q: Queryable,
  inner: string,
  params: unknown[],
  page: PageRequest,
): Promise<{ rows: R[]; nextCursor: string | null }> {
  const cursor = page.cursor ? decodeCursor(page.cursor) : null;
  const limit = page.limit ?? DEFAULT_LIMIT;
  const n = params.length;
  const rows = await q.query<R>(
    `SELECT * FROM (${inner}) r
     WHERE ($${n + 1}::timestamptz IS NULL OR r.sort_at >= date_trunc('milliseconds', $${n + 1}::timestamptz))
       AND ($${n + 2}::timestamptz IS NULL OR (r.sort_at, r.sort_id) > ($${n + 2}::timestamptz, $${n + 3}::text))
     ORDER BY r.sort_at, r.sort_id
     LIMIT $${n + 4}`,
    [...params, page.updatedSince ?? null, cursor?.at ?? null, cursor?.id ?? null, limit + 1],
  );
  const more = rows.length > limit;
  const shown = more ? rows.slice(0, limit) : rows;
  const last = shown.at(-1);
  return {
    rows: shown,
    nextCursor: more && last ? encodeCursor({ at: last.sort_at.toISOString(), id: last.sort_id }) : null,
  };
}

/** The sort instant of a timestamptz expression: truncated to what a cursor can carry. */
export const sortAt = (expr: string) => `date_trunc('milliseconds', ${expr})`;
