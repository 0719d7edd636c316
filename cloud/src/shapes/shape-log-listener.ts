import type { Sql } from "../db/sql.js";
import { shapeWaker } from "./shape-waker.js";

/**
 * Wakes the tenant's long-polls on every committed change of the shape log, whoever wrote it: the
 * capture trigger (0003) sends NOTIFY shape_log with the tenant id, delivered at COMMIT. Without this,
 * changes written by ingest (a till's product, a customer from another store), by another instance or
 * by hand reached the tills only at the next `pollMs` re-read. While the LISTEN holds, the long-polls
 * rely on it alone (no re-read every `pollMs`); lost, they poll again; regained, they all re-read once.
 */
export async function listenToShapeLog(sql: Sql): Promise<() => Promise<void>> {
  let holds = false;
  const state = (now: boolean) => {
    if (now === holds) return;
    holds = now;
    shapeWaker.listenerState(now);
  };
  const stop = await sql.listen("shape_log", (tenantId) => shapeWaker.poke(tenantId), state);
  return async () => {
    await stop();
    state(false);
  };
}
