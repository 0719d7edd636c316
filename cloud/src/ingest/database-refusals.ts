import type { IngestOp } from "@mostrador/contracts/sync/ingest-batch";
import type { Sql } from "../db/sql.js";
import type { IngestScope, Projections } from "./handlers.js";
import type { RejectedOp } from "./validate-ops.js";

/**
 * SQLSTATE classes that mean "this data cannot be stored": 22 data exception (a value out of range,
 * text the encoding cannot hold, a malformed timestamp) and 23 integrity constraint violation (a
 * CHECK, NOT NULL, foreign key). Anything else (a lost connection, a deadlock, a full disk) is about
 * the moment, not the op: the batch fails as a whole and the appliance retries it.
 */
export function isRefusalOfOneOp(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^2[23][0-9A-Z]{3}$/.test(code);
}

class ProbeDone extends Error {}

/**
 * After a batch failed on a data error: which of its ops the database refuses on their own. Each op
 * is applied alone under a savepoint and rolled back, all inside one transaction that is rolled back
 * too, so nothing is stored; projections are order-independent, so an op alone fails exactly when it
 * cannot be stored at all.
 */
export async function opsTheDatabaseRefuses(
  sql: Sql,
  scope: IngestScope,
  ops: IngestOp[],
  projections: Projections,
): Promise<RejectedOp[]> {
  const refused: RejectedOp[] = [];
  try {
    await sql.withTenant(scope.tenantId, async (q) => {
      for (const op of ops) {
        await q.exec("SAVEPOINT probe_op");
        try {
          await projections.get(op.entity)?.apply(q, scope, [op]);
        } catch (err) {
          if (!isRefusalOfOneOp(err)) throw err;
          const detail = (err as Error).message.slice(0, 200);
          refused.push({ id: op.id, reason: `La nube no puede guardar esta operación: ${detail}` });
        }
        await q.exec("ROLLBACK TO SAVEPOINT probe_op");
      }
      throw new ProbeDone();
    });
  } catch (err) {
    if (!(err instanceof ProbeDone)) throw err;
  }
  return refused;
}
