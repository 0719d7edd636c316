import type { WebhookDelivery } from "@mostrador/contracts/http/cloud-webhooks";
import type { WebhookEventType } from "@mostrador/contracts/webhooks/events";
import { CloudError } from "../core/errors.js";
import { newId } from "../core/ids.js";
import type { Queryable } from "../db/sql.js";
import { endpointNotFound } from "./endpoints.js";

interface DeliveryRow {
  id: string;
  event_id: string;
  type: WebhookEventType;
  status: WebhookDelivery["status"];
  attempts: number;
  last_status_code: number | null;
  last_duration_ms: number | null;
  last_error: string | null;
  next_attempt_at: Date;
  last_attempt_at: Date | null;
  delivered_at: Date | null;
  resend_of: string | null;
  created_at: Date;
}

const SELECT = `SELECT d.id, d.event_id, e.type, d.status, d.attempts, d.last_status_code, d.last_duration_ms,
    d.last_error, d.next_attempt_at, d.last_attempt_at, d.delivered_at, d.resend_of, d.created_at
  FROM webhook_deliveries d JOIN webhook_events e ON e.tenant_id = d.tenant_id AND e.id = d.event_id`;

function view(r: DeliveryRow): WebhookDelivery {
  const open = r.status === "pending" || r.status === "delivering";
  return {
    id: r.id,
    eventId: r.event_id,
    eventType: r.type,
    status: r.status,
    attempts: r.attempts,
    statusCode: r.last_status_code,
    durationMs: r.last_duration_ms,
    error: r.last_error,
    nextAttemptAt: open ? r.next_attempt_at.toISOString() : null,
    lastAttemptAt: r.last_attempt_at?.toISOString() ?? null,
    deliveredAt: r.delivered_at?.toISOString() ?? null,
    resendOf: r.resend_of,
    createdAt: r.created_at.toISOString(),
  };
}

/** The endpoint's delivery log, newest first (the last 100). */
export async function listDeliveries(q: Queryable, endpointId: string): Promise<WebhookDelivery[]> {
  const [endpoint] = await q.query(`SELECT id FROM webhook_endpoints WHERE id = $1`, [endpointId]);
  if (!endpoint) throw endpointNotFound();
  const rows = await q.query<DeliveryRow>(
    `${SELECT} WHERE d.endpoint_id = $1 ORDER BY d.created_at DESC, d.id DESC LIMIT 100`,
    [endpointId],
  );
  return rows.map(view);
}

/**
 * "Reenviar": a new delivery of the same event to the same endpoint, due now, with a fresh retry window.
 * Same event id, so a receiver that already has it ignores it. Refused while the endpoint is disabled
 * (switch it on first) and while the event is still being delivered there.
 */
export async function resendDelivery(
  q: Queryable,
  deliveryId: string,
  now: Date,
  retryMs: number,
): Promise<WebhookDelivery> {
  const [original] = await q.query<{ endpoint_id: string; event_id: string; enabled: boolean }>(
    `SELECT d.endpoint_id, d.event_id, p.enabled FROM webhook_deliveries d
     JOIN webhook_endpoints p ON p.tenant_id = d.tenant_id AND p.id = d.endpoint_id
     WHERE d.id = $1 FOR UPDATE OF p`,
    [deliveryId],
  );
  if (!original) throw new CloudError("not_found", "webhook_delivery_not_found", "Ese envío no existe");
  if (!original.enabled)
    throw new CloudError(
      "conflict",
      "webhook_endpoint_disabled",
      "El webhook está desactivado: activalo antes de reenviar",
    );
  const [open] = await q.query(
    `SELECT id FROM webhook_deliveries WHERE endpoint_id = $1 AND event_id = $2 AND status IN ('pending', 'delivering')`,
    [original.endpoint_id, original.event_id],
  );
  if (open)
    throw new CloudError(
      "conflict",
      "webhook_delivery_pending",
      "Ese aviso todavía se está enviando; esperá a que termine",
    );
  const id = newId();
  await q.query(
    `INSERT INTO webhook_deliveries (id, tenant_id, endpoint_id, event_id, next_attempt_at, give_up_at, resend_of, created_at)
     VALUES ($1, current_tenant_id(), $2, $3, $4, $5, $6, $4)`,
    [id, original.endpoint_id, original.event_id, now, new Date(now.getTime() + retryMs), deliveryId],
  );
  const [row] = await q.query<DeliveryRow>(`${SELECT} WHERE d.id = $1`, [id]);
  return view(row!);
}
