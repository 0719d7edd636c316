import type { Row } from "@electric-sql/client";
import { isoNow, type Ctx } from "@mostrador/kernel/core/context";
import { stmt } from "@mostrador/kernel/db/statements";
import { recordReject } from "./rejects.js";
import type { ShapeApply, ShapeName } from "./shape-consumer.js";

/**
 * Ordering between shapes. Each shape is downloaded on its own, so a row may arrive before the row of
 * another shape it depends on (a credit limit before its customer). Such a row is parked in
 * download_waiting (appliance 0036) inside the transaction that advances its shape's offset, so a crash
 * loses nothing, and is applied by `replayFor` inside the transaction that brings what it waits for.
 */

/** What a row can wait for, and the table that tells whether this appliance has it. */
const TABLE_OF = { customer: "customers" } as const;
export type WaitedEntity = keyof typeof TABLE_OF;

export interface WaitsFor {
  entity: WaitedEntity;
  id: string;
}

export function isKnown(ctx: Ctx, waitsFor: WaitsFor): boolean {
  return (
    stmt(ctx.db, `SELECT 1 FROM ${TABLE_OF[waitsFor.entity]} WHERE id = ?`).get(waitsFor.id) !== undefined
  );
}

/** Keeps a row until what it waits for arrives; a newer delivery of the same key replaces it. */
export function park(ctx: Ctx, shape: ShapeName, key: string, row: Row, waitsFor: WaitsFor): void {
  // OR REPLACE deletes the older delivery and inserts this one with a new arrival number.
  stmt(
    ctx.db,
    `INSERT OR REPLACE INTO download_waiting (shape, key, waits_for_entity, waits_for_id, row, received_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(
    shape,
    key,
    waitsFor.entity,
    waitsFor.id,
    // int8 columns arrive as bigint, which JSON cannot hold: kept as its decimal text.
    JSON.stringify(row, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v)),
    isoNow(ctx),
  );
}

/** Drops a parked row: its key was deleted, or a newer delivery of it was applied. */
export function unpark(ctx: Ctx, shape: ShapeName, key: string): void {
  stmt(ctx.db, "DELETE FROM download_waiting WHERE shape = ? AND key = ?").run(shape, key);
}

/**
 * What a shape's apply calls for each row that depends on another shape's: parks it and returns true
 * when that row is not here yet; otherwise returns false (apply it) after dropping any older parked
 * delivery of the key, so a stale parked row can never be replayed over this one.
 */
export function parkUnlessKnown(
  ctx: Ctx,
  shape: ShapeName,
  key: string,
  row: Row,
  waitsFor: WaitsFor,
): boolean {
  if (isKnown(ctx, waitsFor)) {
    unpark(ctx, shape, key);
    return false;
  }
  park(ctx, shape, key, row, waitsFor);
  return true;
}

/** The shapes whose parked rows can be replayed, each with its own apply. */
export type Replayers = Partial<Record<ShapeName, ShapeApply>>;

/** What a replay applied: per shape, the keys its apply returned (for that shape's onApplied). */
export type Replayed = Map<ShapeName, string[]>;

/**
 * Applies, in arrival order, the rows waiting for `ids` of `entity` that just arrived. Call it inside
 * the transaction that applied them. Each row is handed to its shape's own apply as a one-row batch;
 * a row that fails is recorded in download_rejects (for a person) instead of failing the batch that
 * brought its dependency. Rows of shapes not in `replayers` stay parked.
 */
export function replayFor(ctx: Ctx, entity: WaitedEntity, ids: string[], replayers: Replayers): Replayed {
  const replayed: Replayed = new Map();
  if (ids.length === 0) return replayed;
  const waiting = stmt(
    ctx.db,
    `SELECT w.shape, w.key, w.row FROM download_waiting w
      WHERE w.waits_for_entity = ? AND w.waits_for_id IN (SELECT value FROM json_each(?))
      ORDER BY w.arrival`,
  ).all(entity, JSON.stringify([...new Set(ids)])) as { shape: ShapeName; key: string; row: string }[];
  for (const w of waiting) {
    const apply = replayers[w.shape];
    if (!apply) continue;
    const row = JSON.parse(w.row) as Row;
    unpark(ctx, w.shape, w.key);
    try {
      // A savepoint per row: a row that fails rolls back alone.
      const keys = ctx.db.transaction(() =>
        apply(ctx, [{ key: w.key, value: row, headers: { operation: "insert" } }], false),
      )();
      replayed.set(w.shape, [...(replayed.get(w.shape) ?? []), ...keys]);
    } catch (err) {
      recordReject(ctx, w.shape, w.key, (err as Error).message, row, isoNow(ctx));
    }
  }
  return replayed;
}
