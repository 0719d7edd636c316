import { Type } from "@sinclair/typebox";
import { applianceOf } from "../http/auth.js";
import type { CloudRoutesFactory } from "../http/deps.js";
import { ingestBatch, MAX_OPS_PER_BATCH, OpsRejected, type IngestBatch } from "./ingest.js";

/** A batch is at most 1000 ops of at most 64 KB each; 16 MB leaves room for JSON overhead. */
export const INGEST_BODY_LIMIT = 16 * 1024 * 1024;

/**
 * The envelope only: structure and bounds. What an op means (entity known, payload shape, amounts in
 * integer centavos) is checked per op in validate-ops.ts, so one bad op is named and parked (422)
 * instead of failing the whole batch with a 400 the appliance could not act on.
 */
const Op = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 64 }),
    seq: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    entity: Type.String({ minLength: 1, maxLength: 64 }),
    entityId: Type.String({ minLength: 1, maxLength: 200 }),
    op: Type.String({ minLength: 1, maxLength: 64 }),
    payload: Type.Unknown(),
    createdAt: Type.String({ minLength: 1, maxLength: 64 }),
  },
  { additionalProperties: false },
);

const IngestBody = Type.Object(
  {
    ops: Type.Array(Op, { maxItems: MAX_OPS_PER_BATCH }),
    backlog: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000 })),
    // Older appliances do not send it: absent keeps the last reported value.
    parked: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000 })),
  },
  { additionalProperties: false },
);

/** POST /v1/ingest: the appliance's upload (edge → cloud), exactly once per op. */
export const ingestRoutes: CloudRoutesFactory =
  ({ sql, clock }) =>
  async (app) => {
    app.post(
      "/ingest",
      {
        // The body's text is checked per op (validate-ops.ts): a control character in one op parks that
        // op (422) instead of refusing the whole batch with a 400 the queue could never get past.
        config: { auth: "appliance", textCheck: "query-and-params" },
        bodyLimit: INGEST_BODY_LIMIT,
        schema: { body: IngestBody },
      },
      async (request, reply) => {
        try {
          return await ingestBatch(sql, applianceOf(request), request.body as IngestBatch, clock);
        } catch (err) {
          if (!(err instanceof OpsRejected)) throw err;
          return reply
            .status(422)
            .send({ error: { code: "ops_rejected", message: err.message }, rejected: err.rejected });
        }
      },
    );
  };
