import type { ParkedOp } from "@mostrador/contracts/http/sync";
import type { Ctx } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { stmt } from "@mostrador/kernel/db/statements";
import { ackedSeq, countBacklog, listParked, readCredentials } from "./upload-state.js";

// What the till's sync indicator reads is the HTTP contract's (contracts/src/http/sync.ts).
import type { SyncStatus } from "@mostrador/contracts/http/sync";

/** What the till's sync indicator shows; read from SQLite only (works with or without a running drainer). */
export function getSyncStatus(ctx: Ctx): SyncStatus {
  const creds = readCredentials(ctx.db);
  const state = stmt(
    ctx.db,
    `SELECT last_sync_at AS lastSyncAt, last_attempt_at AS lastAttemptAt, last_error AS lastError,
            last_error_code AS lastErrorCode FROM sync_state WHERE id = 1`,
  ).get() as {
    lastSyncAt: string | null;
    lastAttemptAt: string | null;
    lastError: string | null;
    lastErrorCode: string | null;
  };
  return {
    configured: creds !== null,
    online: creds !== null && state.lastAttemptAt !== null && state.lastError === null,
    backlog: countBacklog(ctx.db, ackedSeq(ctx.db)),
    lastSyncAt: state.lastSyncAt,
    lastError:
      state.lastError && state.lastErrorCode
        ? { code: state.lastErrorCode, message: state.lastError, at: state.lastAttemptAt ?? "" }
        : null,
    cloudUrl: creds?.cloudUrl ?? null,
    parked: listParked(ctx.db),
  };
}

/** Asks the drainer to send a parked op again on its next pass. */
export function requestParkedRetry(ctx: Ctx, opId: string): ParkedOp {
  const { changes } = stmt(ctx.db, "UPDATE outbox_parked SET retry_requested = 1 WHERE op_id = ?").run(opId);
  if (changes !== 1)
    throw new DomainError("not_found", "parked_op_not_found", "No hay una operación apartada con ese id");
  return listParked(ctx.db).find((p) => p.opId === opId) as ParkedOp;
}
