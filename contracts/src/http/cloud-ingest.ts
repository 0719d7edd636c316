import { type Static, Type } from "@sinclair/typebox";
import { ErrorBody } from "../http-errors.js";
import { Closed, Int } from "./fields.js";

/** The answers of the appliance's upload, POST /v1/ingest (cloud/src/ingest/routes.ts); its body is sync/ingest-batch. */

/** 200: the batch applied, exactly once per op. */
export const IngestResult = Type.Object(
  {
    /** Ops applied now. */
    applied: Int,
    /** Ops this cloud had already applied (a resent batch): acknowledged, changed nothing. */
    duplicates: Int,
    /** The highest seq this appliance has had applied. */
    lastSeq: Int,
  },
  Closed,
);
export type IngestResult = Static<typeof IngestResult>;

/** One op the cloud refused, and why (es-AR, for the dead-letter list at the till). */
export const RejectedOp = Type.Object({ id: Type.String(), reason: Type.String() }, Closed);
export type RejectedOp = Static<typeof RejectedOp>;

/** 422: some ops cannot be applied and NOTHING of the batch was; the appliance parks these and resends the rest. */
export const OpsRejectedAnswer = Type.Composite(
  [ErrorBody, Type.Object({ rejected: Type.Array(RejectedOp) })],
  Closed,
);
export type OpsRejectedAnswer = Static<typeof OpsRejectedAnswer>;

/**
 * POST /v1/ingest/restore-check (appliance token): before a restore, what the cloud holds from this appliance
 * that a backup lacks. `since`: the backup's newest sale time (null: the backup has no sale).
 */
export const RestoreCheckBody = Type.Object(
  { since: Type.Union([Type.Null(), Type.String({ format: "date-time", maxLength: 40 })]) },
  Closed,
);
export type RestoreCheckBody = Static<typeof RestoreCheckBody>;
export const RestoreCheckAnswer = Type.Object(
  {
    /** This appliance's sales the cloud holds created after `since`. */
    salesSince: Int,
    /** The highest outbox seq the cloud applied from this appliance: the restored appliance's new ops go past it. */
    lastSeq: Int,
  },
  Closed,
);
export type RestoreCheckAnswer = Static<typeof RestoreCheckAnswer>;
