import { Type, type Static } from "@sinclair/typebox";

/** Ops per upload: the appliance's drainer sends fewer (500 by default), the cloud refuses more. */
export const MAX_OPS_PER_BATCH = 1000;

/**
 * One outbox operation as the appliance uploads it (kernel/src/outbox/outbox.ts writes the row,
 * sync/src/upload/drainer.ts serializes it). The envelope only: structure and bounds. What an op means
 * (entity known, payload shape, amounts in integer centavos) is the operation map's (ops.ts), checked
 * per op by the cloud so one bad op is named and parked instead of failing the whole batch.
 */
export const IngestOpEnvelope = Type.Object(
  {
    /** UUIDv7 born with the outbox row: the idempotency key. */
    id: Type.String({ minLength: 1, maxLength: 64 }),
    /** The appliance's outbox seq: its order of commit. */
    seq: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    entity: Type.String({ minLength: 1, maxLength: 64 }),
    entityId: Type.String({ minLength: 1, maxLength: 200 }),
    op: Type.String({ minLength: 1, maxLength: 64 }),
    payload: Type.Unknown(),
    createdAt: Type.String({ minLength: 1, maxLength: 64 }),
  },
  { additionalProperties: false },
);
export type IngestOp = Static<typeof IngestOpEnvelope>;

/** POST /v1/ingest's body. */
export const IngestBatchBody = Type.Object(
  {
    ops: Type.Array(IngestOpEnvelope, { maxItems: MAX_OPS_PER_BATCH }),
    /** Ops still queued on the appliance after this batch (shown on the dashboard). */
    backlog: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000 })),
    /** Ops the appliance has parked (its dead-letter list), shown on the dashboard. Older appliances do
     * not send it: absent keeps the last reported value. */
    parked: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000 })),
  },
  { additionalProperties: false },
);
export type IngestBatch = Static<typeof IngestBatchBody>;
