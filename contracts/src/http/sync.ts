import { Type, type Static } from "@sinclair/typebox";
import { Closed, Instant, Int, Nullable } from "./fields.js";

/** The appliance's upload to the cloud, as the till shows and drives it (sync/src/upload/routes.ts). */

/** POST /api/sync/enroll: pair this appliance with the cloud by the code the owner's dashboard shows. */
export const EnrollBody = Type.Object(
  {
    cloudUrl: Type.String({ minLength: 8, maxLength: 300 }),
    code: Type.String({ minLength: 1, maxLength: 20 }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 80, pattern: "\\S" })),
  },
  Closed,
);
/** POST /api/sync/parked/:id/retry */
export const OpIdParams = Type.Object({ id: Type.String({ format: "uuid" }) }, Closed);

export const EnrollResultSchema = Type.Object(
  { applianceId: Type.String(), tenantId: Type.String(), storeId: Type.String(), cloudUrl: Type.String() },
  Closed,
);
export type EnrollResult = Static<typeof EnrollResultSchema>;

/** An operation the cloud refused for good: kept aside, with why, until someone asks to send it again. */
export const ParkedOpSchema = Type.Object(
  {
    opId: Type.String(),
    seq: Int,
    entity: Type.String(),
    entityId: Type.String(),
    op: Type.String(),
    reason: Type.String(),
    parkedAt: Instant,
    retryRequested: Type.Boolean(),
  },
  Closed,
);
export type ParkedOp = Static<typeof ParkedOpSchema>;

/** GET /api/sync/status: what the till's sync indicator shows. */
export const SyncStatusSchema = Type.Object(
  {
    configured: Type.Boolean(),
    /** The last attempt reached the cloud and succeeded. */
    online: Type.Boolean(),
    backlog: Int,
    lastSyncAt: Nullable(Instant),
    lastError: Nullable(
      Type.Object({ code: Type.String(), message: Type.String(), at: Type.String() }, Closed),
    ),
    cloudUrl: Nullable(Type.String()),
    parked: Type.Array(ParkedOpSchema),
  },
  Closed,
);
export type SyncStatus = Static<typeof SyncStatusSchema>;
