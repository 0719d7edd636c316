import type { IngestOp } from "@mostrador/contracts/sync/ingest-batch";
import type { TSchema } from "@sinclair/typebox";
import type { Queryable } from "../db/sql.js";
import type { RejectedOp } from "@mostrador/contracts/http/cloud-ingest";

/** One outbox operation as the appliance uploads it: the sync contract's envelope. */

/** Whose ops these are: from the appliance's credential, never from the payload. */
export interface IngestScope {
  tenantId: string;
  storeId: string;
  applianceId: string;
  now: Date;
}

/**
 * Applies the NEW ops of one entity from one batch (already-applied ops are filtered out before), in
 * seq order, inside the batch's transaction under the tenant. Must be idempotent per row too (ON CONFLICT)
 * and give the same result whatever order batches arrive in (retries can be reordered).
 */
export type EntityHandler = (q: Queryable, scope: IngestScope, ops: IngestOp[]) => Promise<void>;

/**
 * A table the entity's ops write rows of (or point at), and the ids one op names there. An op naming a
 * row that belongs to ANOTHER store of the tenant is refused before anything is applied: an appliance
 * writes only its own store's data (store_id NULL, a tenant-wide row, is the projection's to judge).
 * Another tenant's rows are out of reach already (RLS, and ids are unique per tenant only).
 */
export interface OwnedRows {
  table: string;
  ids: (op: IngestOp) => string[];
  /** Why the op is refused (es-AR), for the dead-letter list at the till. */
  reason: string;
}

export interface HandlerRegistration {
  apply: EntityHandler;
  /** Payload schema per op name; "*" for any op. Absent: any JSON object is accepted. */
  payloads?: Record<string, TSchema>;
  owns?: OwnedRows[];
  /**
   * The fresh ops of a batch this projection cannot apply given what the cloud holds (a variant
   * naming a model it does not have): refused by name before anything is applied, like `owns`.
   * `batch` is every fresh op of the batch, of any entity (what another entity's ops in it will bring).
   */
  refuses?: (
    q: Queryable,
    scope: IngestScope,
    ops: IngestOp[],
    batch: readonly IngestOp[],
  ) => Promise<RejectedOp[]>;
}

/**
 * The projection of each sync entity, as every module's manifest declares it (`projections` in
 * core/module.ts; modules.ts composes them). Passed to ingest as a dependency: an entity no module
 * projects is refused by name ("La nube no conoce el tipo de dato ..."), never dropped.
 */
export type Projections = ReadonlyMap<string, HandlerRegistration>;
