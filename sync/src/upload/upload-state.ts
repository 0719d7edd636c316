import type { Ctx } from "@mostrador/kernel/core/context";
import type { Db } from "@mostrador/kernel/db/open";
import { stmt } from "@mostrador/kernel/db/statements";

/** The appliance's cloud credential (table sync_credentials, filled by enrollment). */
export interface SyncCredentials {
  cloudUrl: string;
  applianceId: string;
  tenantId: string;
  storeId: string;
  token: string;
  name: string;
  enrolledAt: string;
}

/** One outbox row as read for upload; `payload` stays the JSON text SQLite holds (never re-parsed). */
export interface OutboxRow {
  seq: number;
  id: string;
  entity: string;
  entityId: string;
  op: string;
  payload: string;
  createdAt: string;
}

import type { ParkedOp } from "@mostrador/contracts/http/sync";

export function readCredentials(db: Db): SyncCredentials | null {
  const row = stmt(
    db,
    `SELECT cloud_url AS cloudUrl, appliance_id AS applianceId, tenant_id AS tenantId, store_id AS storeId,
            token, name, enrolled_at AS enrolledAt FROM sync_credentials WHERE id = 1`,
  ).get() as SyncCredentials | undefined;
  return row ?? null;
}

export function ackedSeq(db: Db): number {
  return (stmt(db, "SELECT acked_seq AS s FROM sync_state WHERE id = 1").get() as { s: number }).s;
}

/** Ops after `afterSeq` in commit order: at most `limit`, and at most about `maxBytes` of payload. */
export function readOutboxAfter(db: Db, afterSeq: number, limit: number, maxBytes: number): OutboxRow[] {
  const rows = stmt(
    db,
    `SELECT seq, id, entity, entity_id AS entityId, op, payload, created_at AS createdAt
       FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?`,
  ).all(afterSeq, limit) as OutboxRow[];
  let bytes = 0;
  for (let i = 0; i < rows.length; i++) {
    bytes += (rows[i] as OutboxRow).payload.length + 200;
    if (bytes > maxBytes && i > 0) return rows.slice(0, i);
  }
  return rows;
}

export function countBacklog(db: Db, afterSeq: number): number {
  return (stmt(db, "SELECT count(*) AS n FROM outbox WHERE seq > ?").get(afterSeq) as { n: number }).n;
}

/** Parked ops the owner asked to retry, oldest first. */
export function readRetryRequested(db: Db, limit: number): OutboxRow[] {
  return stmt(
    db,
    `SELECT o.seq, o.id, o.entity, o.entity_id AS entityId, o.op, o.payload, o.created_at AS createdAt
       FROM outbox_parked p JOIN outbox o ON o.id = p.op_id WHERE p.retry_requested = 1 ORDER BY o.seq LIMIT ?`,
  ).all(limit) as OutboxRow[];
}

/**
 * After the cloud's 2xx: park the refused ops and move acked_seq past the batch, in ONE transaction,
 * so a crash leaves either the whole batch to resend (harmless: the cloud skips applied ids) or none.
 */
export function acknowledge(
  ctx: Ctx,
  upToSeq: number,
  parked: { row: OutboxRow; reason: string }[],
  at: string,
): void {
  ctx.db.transaction(() => {
    for (const { row, reason } of parked) park(ctx.db, row, reason, at);
    stmt(
      ctx.db,
      "UPDATE sync_state SET acked_seq = max(acked_seq, ?), last_sync_at = ?, last_attempt_at = ?, last_error = NULL, last_error_code = NULL WHERE id = 1",
    ).run(upToSeq, at, at);
  })();
}

function park(db: Db, row: OutboxRow, reason: string, at: string): void {
  stmt(
    db,
    `INSERT INTO outbox_parked (op_id, seq, reason, parked_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (op_id) DO UPDATE SET reason = excluded.reason, parked_at = excluded.parked_at, retry_requested = 0`,
  ).run(row.id, row.seq, reason.slice(0, 500), at);
}

/** A retried parked op: accepted ones leave the list, refused ones stay with the new reason. */
export function settleRetried(
  ctx: Ctx,
  accepted: OutboxRow[],
  refused: { row: OutboxRow; reason: string }[],
  at: string,
): void {
  ctx.db.transaction(() => {
    for (const row of accepted) stmt(ctx.db, "DELETE FROM outbox_parked WHERE op_id = ?").run(row.id);
    for (const { row, reason } of refused) park(ctx.db, row, reason, at);
    stmt(
      ctx.db,
      "UPDATE sync_state SET last_sync_at = ?, last_attempt_at = ?, last_error = NULL, last_error_code = NULL WHERE id = 1",
    ).run(at, at);
  })();
}

export function recordFailure(db: Db, code: string, message: string, at: string): void {
  stmt(db, "UPDATE sync_state SET last_attempt_at = ?, last_error = ?, last_error_code = ? WHERE id = 1").run(
    at,
    message.slice(0, 500),
    code,
  );
}

export function listParked(db: Db, limit = 200): ParkedOp[] {
  const rows = stmt(
    db,
    `SELECT p.op_id AS opId, p.seq, o.entity, o.entity_id AS entityId, o.op, p.reason, p.parked_at AS parkedAt,
            p.retry_requested AS retryRequested
       FROM outbox_parked p JOIN outbox o ON o.id = p.op_id ORDER BY p.seq LIMIT ?`,
  ).all(limit) as (Omit<ParkedOp, "retryRequested"> & { retryRequested: number })[];
  return rows.map((r) => ({ ...r, retryRequested: r.retryRequested === 1 }));
}
