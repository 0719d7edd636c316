import {
  IngestResult,
  OpsRejectedAnswer,
  RestoreCheckAnswer,
  RestoreCheckBody,
} from "@mostrador/contracts/http/cloud-ingest";
import { IngestBatchBody } from "@mostrador/contracts/sync/ingest-batch";
import { applianceOf } from "../http/auth.js";
import type { CloudRoutesFactory } from "../http/deps.js";
import { ingestBatch, OpsRejected, type IngestBatch } from "./ingest.js";

/** A batch is at most 1000 ops of at most 64 KB each; 16 MB leaves room for JSON overhead. */
export const INGEST_BODY_LIMIT = 16 * 1024 * 1024;

/** POST /v1/ingest: the appliance's upload (edge → cloud), exactly once per op. */
export const ingestRoutes: CloudRoutesFactory = (deps) => async (app) => {
  app.post(
    "/ingest",
    {
      // The body's text is checked per op (validate-ops.ts): a control character in one op parks that
      // op (422) instead of refusing the whole batch with a 400 the queue could never get past.
      config: { auth: "appliance", textCheck: "query-and-params" },
      bodyLimit: INGEST_BODY_LIMIT,
      // The envelope only (contracts/src/sync/ingest-batch.ts); each op's meaning is checked per op in
      // validate-ops.ts, so one bad op is parked (422) instead of failing the batch with a 400.
      schema: { body: IngestBatchBody, response: { 200: IngestResult, 422: OpsRejectedAnswer } },
    },
    async (request, reply) => {
      try {
        return await ingestBatch(deps, applianceOf(request), request.body as IngestBatch);
      } catch (err) {
        if (!(err instanceof OpsRejected)) throw err;
        return reply
          .status(422)
          .send({ error: { code: "ops_rejected", message: err.message }, rejected: err.rejected });
      }
    },
  );

  // Before a restore on the appliance (desktop/src/backup/): what the cloud already holds from it that the
  // backup lacks (sales after the backup's newest), and the seq high-water its new upload epoch must pass.
  app.post(
    "/ingest/restore-check",
    {
      config: { auth: "appliance" },
      schema: { body: RestoreCheckBody, response: { 200: RestoreCheckAnswer } },
    },
    async (request) => {
      const who = applianceOf(request);
      const since = (request.body as RestoreCheckBody).since;
      return deps.sql.withTenant(who.tenantId, async (q) => {
        const [sales] = await q.query<{ n: string }>(
          "SELECT count(*) AS n FROM sales WHERE appliance_id = $1 AND ($2::timestamptz IS NULL OR created_at > $2)",
          [who.applianceId, since],
        );
        const [appliance] = await q.query<{ last_seq: string }>(
          "SELECT last_seq FROM appliances WHERE id = $1",
          [who.applianceId],
        );
        return { salesSince: Number(sales?.n ?? 0), lastSeq: Number(appliance?.last_seq ?? 0) };
      });
    },
  );
};
