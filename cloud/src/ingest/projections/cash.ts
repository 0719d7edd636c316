import type { IngestOp } from "@mostrador/contracts/sync/ingest-batch";
import type { OpPayload } from "@mostrador/contracts/sync/ops";
import type { Queryable } from "../../db/sql.js";
import type { IngestScope } from "../handlers.js";

type OpenedPayload = OpPayload<"cash_session", "opened">;

/** The Z report, stored whole as z_report. */
type ClosedPayload = OpPayload<"cash_session", "closed">;

/**
 * cash_session/opened and /closed. "closed" carries the whole Z report, so it can create the session
 * when "opened" has not arrived yet (reordered retry); a late "opened" then changes nothing.
 */
export async function applyCashSessionOps(q: Queryable, scope: IngestScope, ops: IngestOp[]): Promise<void> {
  const opened = ops.filter((o) => o.op === "opened").map((o) => o.payload as OpenedPayload);
  if (opened.length > 0)
    await q.query(
      `INSERT INTO cash_sessions (tenant_id, id, store_id, terminal_id, status, opened_at, opened_by, opening_float)
       SELECT $1, s.id, $2, s."terminalId", 'open', s."openedAt", s."openedBy", s."openingFloat"
       FROM jsonb_to_recordset($3::jsonb) AS s(id text, "terminalId" text, "openedAt" timestamptz,
         "openedBy" text, "openingFloat" bigint)
       ON CONFLICT (tenant_id, id) DO NOTHING`,
      [scope.tenantId, scope.storeId, JSON.stringify(opened)],
    );
  // One row per session per statement (ON CONFLICT DO UPDATE may not touch a row twice): last close wins.
  const closed = new Map<string, ClosedPayload>();
  for (const o of ops)
    if (o.op === "closed") closed.set((o.payload as ClosedPayload).sessionId, o.payload as ClosedPayload);
  if (closed.size === 0) return;
  const rows = [...closed.values()].map((z) => ({ ...z, terminalId: z.terminal.id, z }));
  await q.query(
    `INSERT INTO cash_sessions (tenant_id, id, store_id, terminal_id, status, opened_at, opened_by, opening_float,
       closed_at, closed_by, z_report)
     SELECT $1, s."sessionId", $2, s."terminalId", 'closed', s."openedAt", s."openedBy", s."openingFloat",
       s."closedAt", s."closedBy", s.z
     FROM jsonb_to_recordset($3::jsonb) AS s("sessionId" text, "terminalId" text, "openedAt" timestamptz,
       "openedBy" text, "openingFloat" bigint, "closedAt" timestamptz, "closedBy" text, z jsonb)
     ON CONFLICT (tenant_id, id) DO UPDATE SET status = 'closed', closed_at = excluded.closed_at,
       closed_by = excluded.closed_by, z_report = excluded.z_report`,
    [scope.tenantId, scope.storeId, JSON.stringify(rows)],
  );
}
