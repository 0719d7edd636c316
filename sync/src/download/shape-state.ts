import type { Db } from "@mostrador/kernel/db/open";
import { stmt } from "@mostrador/kernel/db/statements";

/** Where a shape's download stands: Electric's handle and offset ("-1" = start from a snapshot). */
export interface ShapeState {
  handle: string | null;
  offset: string;
}

export function loadShapeState(db: Db, shape: string): ShapeState {
  const row = stmt(db, 'SELECT handle, "offset" FROM shape_state WHERE shape = ?').get(shape) as
    { handle: string | null; offset: string } | undefined;
  return row ?? { handle: null, offset: "-1" };
}

/** Stores the resume point; callers run it in the transaction that applied the rows up to it. */
export function saveShapeState(db: Db, shape: string, state: ShapeState, at: string): void {
  if (!db.inTransaction) throw new Error("saveShapeState must run inside the apply transaction");
  stmt(
    db,
    `INSERT INTO shape_state (shape, handle, "offset", updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (shape) DO UPDATE SET handle = excluded.handle, "offset" = excluded."offset",
                                       updated_at = excluded.updated_at`,
  ).run(shape, state.handle, state.offset, at);
}
