import type { IngestOp } from "@mostrador/contracts/sync/ingest-batch";
import type { IngestResult } from "@mostrador/contracts/http/cloud-ingest";
import type { IngestBatch } from "@mostrador/contracts/sync/ingest-batch";
import type { Clock } from "../core/clock.js";
import { CloudError } from "../core/errors.js";
import type { Queryable, Sql } from "../db/sql.js";
import type { AppliancePrincipal } from "../tenancy/appliances.js";
import type { IngestScope, Projections } from "./handlers.js";
import { opsTheDatabaseRefuses, isRefusalOfOneOp } from "./database-refusals.js";
import { opsOfOtherStores } from "./store-ownership.js";
import { opsBeyondRetention, RETENTION_MARK_COLUMNS, type RetentionMark } from "./applied-ops-retention.js";
import { rejectedOps, type RejectedOp } from "./validate-ops.js";

export type { IngestBatch };

export type { IngestResult };

/** What ingest runs on: the SQL layer, the clock and every module's projections (modules.ts). */
export interface IngestDeps {
  sql: Sql;
  clock: Clock;
  projections: Projections;
}

/** 422: some ops cannot be applied; NOTHING of the batch was. The appliance parks these and resends the rest. */
export class OpsRejected extends Error {
  constructor(readonly rejected: RejectedOp[]) {
    super(
      `${rejected.length} operación(es) rechazada(s): se guardan aparte en el equipo y el resto se reenvía`,
    );
  }
}

/**
 * Notes the appliance's progress (the batch's highest seq, the backlog and parked count it reported)
 * and, by the same UPDATE, locks its row for the batch: two copies of one batch (a retry racing the
 * original) take turns. First in the transaction, so the lock comes before any op is claimed, and one
 * statement for both; a refusal later rolls the progress back with everything else. It also returns
 * the retention's mark (applied-ops-retention.ts), read after the lock: one round trip less per batch.
 */
async function lockAndNoteProgress(
  q: Queryable,
  scope: IngestScope,
  batch: IngestBatch,
  maxSeq: number,
): Promise<{ lastSeq: number; retention: RetentionMark }> {
  const [row] = await q.query<RetentionMark & { revoked_at: Date | null; last_seq: number | string }>(
    `UPDATE appliances SET last_seq = GREATEST(last_seq, $2), backlog = COALESCE($3, backlog),
            parked = COALESCE($5, parked), last_ingest_at = $4
     WHERE id = $1 RETURNING revoked_at, last_seq, ${RETENTION_MARK_COLUMNS}`,
    [scope.applianceId, maxSeq, batch.backlog ?? null, scope.now, batch.parked ?? null],
  );
  // Revoked between the auth hook and this transaction: refuse, as the hook would have.
  if (!row || row.revoked_at)
    throw new CloudError(
      "unauthorized",
      "appliance_revoked",
      "Este equipo fue dado de baja en el panel: volvé a vincularlo con un código nuevo",
    );
  return { lastSeq: Number(row.last_seq), retention: row };
}

/** Records the op ids; returns those not applied before (ON CONFLICT DO NOTHING RETURNING decides). */
async function claimOps(q: Queryable, scope: IngestScope, ops: IngestOp[]): Promise<Set<string>> {
  const rows = await q.query<{ op_id: string }>(
    `INSERT INTO applied_ops (tenant_id, op_id, appliance_id, seq, entity, applied_at)
     SELECT $1, o.id, $2, o.seq, o.entity, $3
     FROM unnest($4::uuid[], $5::bigint[], $6::text[]) WITH ORDINALITY AS o(id, seq, entity, ord)
     ORDER BY o.ord
     ON CONFLICT (tenant_id, op_id) DO NOTHING RETURNING op_id`,
    [
      scope.tenantId,
      scope.applianceId,
      scope.now,
      ops.map((o) => o.id),
      ops.map((o) => o.seq),
      ops.map((o) => o.entity),
    ],
  );
  return new Set(rows.map((r) => r.op_id));
}

/**
 * Applies one batch from one appliance, exactly once per op, in ONE transaction under its tenant:
 * validate everything first (any invalid op → OpsRejected, nothing applied), then note the appliance's
 * progress (which locks its row), record the op ids and apply only the new ones, entity by entity in seq order.
 * A crash anywhere before COMMIT leaves nothing; after COMMIT a resend finds every id already applied.
 * An op naming another store's row, or one the database cannot store (a CHECK, a value out of range),
 * is refused by name (OpsRejected → 422): one bad op never fails the batch with a 500, which would
 * stop every op queued after it at the appliance.
 */
export async function ingestBatch(
  { sql, clock, projections }: IngestDeps,
  who: AppliancePrincipal,
  batch: IngestBatch,
): Promise<IngestResult> {
  const rejected = rejectedOps(batch.ops, projections);
  if (rejected.length > 0) throw new OpsRejected(rejected);
  // Seq order, one copy of each id (a batch holding the same op twice applies it once).
  const byId = new Map<string, IngestOp>();
  for (const op of [...batch.ops].sort((a, b) => a.seq - b.seq)) if (!byId.has(op.id)) byId.set(op.id, op);
  const ops = [...byId.values()];
  const scope: IngestScope = { ...who, now: clock.now() };
  try {
    return await applyBatch(sql, projections, scope, batch, ops);
  } catch (err) {
    if (!isRefusalOfOneOp(err)) throw err;
    const refused = await opsTheDatabaseRefuses(sql, scope, ops, projections);
    // Not one op alone: something about the whole batch (or the database), so the appliance retries.
    if (refused.length === 0) throw err;
    throw new OpsRejected(refused);
  }
}

async function applyBatch(
  sql: Sql,
  projections: Projections,
  scope: IngestScope,
  batch: IngestBatch,
  ops: IngestOp[],
): Promise<IngestResult> {
  return sql.withTenant(scope.tenantId, async (q) => {
    const maxSeq = ops.reduce((m, o) => Math.max(m, o.seq), 0);
    const { lastSeq, retention } = await lockAndNoteProgress(q, scope, batch, maxSeq);
    // Older than applied_ops' retention: whether it was applied is no longer known, so it never is again.
    const forgotten = opsBeyondRetention(retention, ops);
    if (forgotten.length > 0) throw new OpsRejected(forgotten);
    const fresh = ops.length > 0 ? await claimOps(q, scope, ops) : new Set<string>();
    const freshOps = ops.filter((op) => fresh.has(op.id));
    const foreign = await opsOfOtherStores(q, scope, freshOps, projections);
    if (foreign.length > 0) throw new OpsRejected(foreign);
    const byEntity = new Map<string, IngestOp[]>();
    for (const op of freshOps) {
      const list = byEntity.get(op.entity) ?? [];
      list.push(op);
      byEntity.set(op.entity, list);
    }
    const unfit: RejectedOp[] = [];
    for (const [entity, list] of byEntity)
      unfit.push(...((await projections.get(entity)?.refuses?.(q, scope, list, freshOps)) ?? []));
    if (unfit.length > 0) throw new OpsRejected(unfit);
    for (const [entity, list] of byEntity) await projections.get(entity)?.apply(q, scope, list);
    return { applied: fresh.size, duplicates: ops.length - fresh.size, lastSeq };
  });
}
