import type { IngestOp } from "@mostrador/contracts/sync/ingest-batch";
import type { Queryable, Sql } from "../db/sql.js";
import type { RejectedOp } from "./validate-ops.js";

/**
 * applied_ops is what makes ingest exactly once (ingest.ts claimOps): an op id found there is skipped.
 * Kept for ever it grows with every sale. Its retention forgets ops applied before a horizon, and
 * ingest then REFUSES (the appliance parks it, nothing applied) any op it can no longer vouch for,
 * never applying it a second time:
 *
 * - by seq: an appliance resends only ops after its acked_seq, in seq order; the retention forgets
 *   each appliance's ops as a seq prefix and keeps the prefix's end (ops_forgotten_through), so any op
 *   of that appliance at or below it is refused (a late resend after a lost answer, a backup restored
 *   with an old acked_seq, a parked op retried after the horizon);
 * - by birth time, for an op sent under ANOTHER pairing of the same till (re-paired: a new appliance
 *   id whose mark is 0, but the same outbox): its UUIDv7 id says when it was born; one born before
 *   this appliance was paired AND before the tenant's newest forgotten application (plus a day for
 *   the till's clock) may have been applied and forgotten under the old id, so it is refused too.
 *   (The price: a till used unpaired for longer than the horizon before its first pairing has its
 *   oldest ops parked too.)
 *
 * What bounds how late an applied op can come back: nothing on the appliance does (a backup may be
 * restored years later), which is why the horizon is a refusal line, not an assumption.
 */

/** Slack for the till's clock in the birth-time rule: an op id a day "younger" than it is still counts as old. */
const CLOCK_SLACK_MS = 86_400_000;

/** The creation time in a UUIDv7 (its first 48 bits, Unix ms), or null for any other id. */
export function uuidv7Time(id: string): number | null {
  if (id[14] !== "7") return null;
  const ms = Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
  return Number.isFinite(ms) ? ms : null;
}

/**
 * What the retention already forgot, as ingest reads it from the appliance's row it locks (ingest.ts):
 * the appliance's forgotten seq prefix, when it was paired, and the tenant's newest forgotten application.
 */
export interface RetentionMark {
  through: number | string;
  paired_at: Date;
  before: Date | null;
}

/** The SQL of a RetentionMark, for the RETURNING of a statement on the appliance's row. */
export const RETENTION_MARK_COLUMNS = `ops_forgotten_through AS through, created_at AS paired_at,
  (SELECT max(ops_forgotten_before) FROM appliances) AS before`;

/** The ops of a batch the cloud can no longer tell were applied: refused before anything is applied. */
export function opsBeyondRetention(mark: RetentionMark, ops: readonly IngestOp[]): RejectedOp[] {
  const through = Number(mark.through);
  const bornBefore = mark.before
    ? Math.min(mark.paired_at.getTime(), mark.before.getTime() + CLOCK_SLACK_MS)
    : null;
  const refused: RejectedOp[] = [];
  for (const op of ops) {
    const born = uuidv7Time(op.id);
    if (op.seq <= through)
      refused.push({
        id: op.id,
        reason: `La nube ya no guarda registro de las operaciones de este equipo hasta la n.º ${through} (son más antiguas que su retención): esta no se aplica para no duplicarla`,
      });
    else if (bornBefore !== null && born !== null && born < bornBefore)
      refused.push({
        id: op.id,
        reason:
          "La operación es de antes de vincular este equipo y más antigua que la retención de la nube: no se aplica para no duplicarla",
      });
  }
  return refused;
}

export interface AppliedOpsRetention {
  /** Ops applied more than this many days ago are forgotten. */
  keepDays: number;
  /** Rows deleted per transaction, so ingest of the same appliance waits only briefly. */
  batchSize: number;
}

/**
 * Forgets the tenant's ops applied before `before`: for each appliance, the longest seq prefix (after
 * what it already forgot) applied before then, deleted batch by batch, each batch in one transaction
 * with the appliance's marks, under the same row lock ingest takes, so no batch is ever judged
 * against a half-forgotten prefix. Returns how many rows went.
 */
export async function forgetAppliedOps(
  sql: Sql,
  tenantId: string,
  before: Date,
  batchSize: number,
): Promise<number> {
  const appliances = await sql.withTenant(tenantId, (q) =>
    q.query<{ id: string }>("SELECT id FROM appliances ORDER BY id"),
  );
  let total = 0;
  for (const { id } of appliances)
    for (;;) {
      const { deleted, more } = await sql.withTenant(tenantId, (q) =>
        forgetBatch(q, tenantId, id, before, batchSize),
      );
      total += deleted;
      if (!more) break;
    }
  return total;
}

async function forgetBatch(
  q: Queryable,
  tenantId: string,
  applianceId: string,
  before: Date,
  batchSize: number,
): Promise<{ deleted: number; more: boolean }> {
  const [appliance] = await q.query<{ through: number | string }>(
    "SELECT ops_forgotten_through AS through FROM appliances WHERE id = $1 FOR UPDATE",
    [applianceId],
  );
  if (!appliance) return { deleted: 0, more: false };
  const from = Number(appliance.through);
  const next = await q.query<{ seq: number | string; applied_at: Date }>(
    `SELECT seq, applied_at FROM applied_ops
      WHERE tenant_id = $1 AND appliance_id = $2 AND seq > $3
      ORDER BY seq LIMIT $4`,
    [tenantId, applianceId, from, batchSize],
  );
  // The prefix applied before the horizon; the first op inside it stops the prefix (and the appliance).
  const young = next.findIndex((r) => r.applied_at >= before);
  const old = young < 0 ? next : next.slice(0, young);
  if (old.length === 0) return { deleted: 0, more: false };
  const through = Number(old.at(-1)!.seq);
  const newest = new Date(old.reduce((m, r) => Math.max(m, r.applied_at.getTime()), 0));
  const [gone] = await q.query<{ n: number }>(
    `WITH gone AS (DELETE FROM applied_ops
                    WHERE tenant_id = $1 AND appliance_id = $2 AND seq > $3 AND seq <= $4 RETURNING 1)
     SELECT count(*)::int AS n FROM gone`,
    [tenantId, applianceId, from, through],
  );
  await q.query(
    `UPDATE appliances SET ops_forgotten_through = $2,
            ops_forgotten_before = GREATEST(ops_forgotten_before, $3)
      WHERE id = $1`,
    [applianceId, through, newest],
  );
  return { deleted: gone?.n ?? 0, more: young < 0 && next.length === batchSize };
}
