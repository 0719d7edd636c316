import type { IngestOp } from "@mostrador/contracts/sync/ingest-batch";
import type { OpPayload } from "@mostrador/contracts/sync/ops";
import type { Queryable } from "../../db/sql.js";
import type { IngestScope } from "../handlers.js";
import { emitWebhookEvents } from "../../webhooks/outbox.js";
import { alarmRaised, stockLow } from "../../webhooks/payloads.js";

type AlarmPayload = OpPayload<"alarm", "updated">;

/** alarm/*: the latest state per alarm. An update older than the stored one (late retry) is ignored. */
export async function applyAlarmOps(q: Queryable, scope: IngestScope, ops: IngestOp[]): Promise<void> {
  const latest = new Map<string, AlarmPayload>();
  for (const o of ops) {
    const a = o.payload as AlarmPayload;
    const seen = latest.get(a.id);
    if (!seen || Date.parse(seen.updatedAt) <= Date.parse(a.updatedAt)) latest.set(a.id, a);
  }
  if (latest.size === 0) return;
  const rows = [...latest.values()].map((a) => ({ ...a, state: a }));
  const written = await q.query<{ id: string; inserted: boolean }>(
    `INSERT INTO alarms (tenant_id, id, store_id, device_id, severity, status, message, raised_at, updated_at, state)
     SELECT $1, a.id, $2, a."deviceId", a.severity, a.status, a.message, a."raisedAt", a."updatedAt", a.state
     FROM jsonb_to_recordset($3::jsonb) AS a(id text, "deviceId" text, severity int, status text, message text,
       "raisedAt" timestamptz, "updatedAt" timestamptz, state jsonb)
     ON CONFLICT (tenant_id, id) DO UPDATE SET severity = excluded.severity, status = excluded.status,
       message = excluded.message, updated_at = excluded.updated_at, state = excluded.state
     WHERE alarms.updated_at <= excluded.updated_at
     RETURNING id, (xmax = 0) AS inserted`,
    [scope.tenantId, scope.storeId, JSON.stringify(rows)],
  );
  // alarm.raised for the tenant's webhooks: an alarm the cloud had not seen, unless it arrives cleared.
  const born = new Set(written.filter((w) => w.inserted).map((w) => w.id));
  await emitWebhookEvents(
    q,
    [...latest.values()]
      .filter((a) => born.has(a.id) && a.status !== "cleared")
      .map((a) => alarmRaised(scope.storeId, a)),
    scope.now,
  );
}

type NotificationPayload = OpPayload<"notification", "created">;

/** notification/created: queued for the owner (owner_notifications); the sender is not built yet. */
export async function applyNotificationOps(q: Queryable, scope: IngestScope, ops: IngestOp[]): Promise<void> {
  const rows = ops.map((o) => {
    const n = o.payload as NotificationPayload;
    return { id: o.entityId, message: n.message, at: n.at, payload: n };
  });
  const inserted = await q.query<{ id: string }>(
    `INSERT INTO owner_notifications (tenant_id, id, store_id, message, payload, created_at)
     SELECT $1, n.id, $2, n.message, n.payload, n.at
     FROM jsonb_to_recordset($3::jsonb) AS n(id text, message text, payload jsonb, at timestamptz)
     ON CONFLICT (tenant_id, id) DO NOTHING RETURNING id`,
    [scope.tenantId, scope.storeId, JSON.stringify(rows)],
  );
  // stock.low for the tenant's webhooks: each low-stock notification inserted now (once per op id).
  const fresh = new Set(inserted.map((r) => r.id));
  await emitWebhookEvents(
    q,
    rows
      .filter((r) => fresh.has(r.id) && r.payload.kind === "low_stock")
      .map((r) => stockLow(scope.storeId, r.payload)),
    scope.now,
  );
}
