import type { WebhookEventType } from "@mostrador/contracts/webhooks/events";
import { newId } from "../core/ids.js";
import type { Queryable } from "../db/sql.js";

export interface WebhookEventInput {
  type: WebhookEventType;
  data: Record<string, unknown>;
}

/** How long a delivery is retried after its event: about three days (config.ts may shorten it in tests). */
export const DEFAULT_RETRY_MS = 72 * 3_600_000;

/**
 * Writes the events a write caused into the tenant's webhook outbox, in the caller's transaction (the
 * write and its events commit or roll back together; the tenant is the transaction's, withTenant's), with one delivery per event and endpoint
 * subscribed to its type. An event no enabled endpoint wants is not written at all: a tenant without
 * webhooks pays one indexed read per call. Call only for rows the write really created (the
 * projections' RETURNING), so a retried upload emits nothing twice.
 */
export async function emitWebhookEvents(
  q: Queryable,
  events: readonly WebhookEventInput[],
  now: Date,
  retryMs: number = DEFAULT_RETRY_MS,
): Promise<void> {
  if (events.length === 0) return;
  const types = [...new Set(events.map((e) => e.type))];
  const endpoints = await q.query<{ id: string; events: string[] }>(
    `SELECT id, events FROM webhook_endpoints WHERE enabled AND events && $1::text[]`,
    [types],
  );
  if (endpoints.length === 0) return;
  const eventRows: { id: string; type: string; data: Record<string, unknown> }[] = [];
  const deliveryRows: { id: string; endpointId: string; eventId: string }[] = [];
  for (const event of events) {
    const wanted = endpoints.filter((e) => e.events.includes(event.type));
    if (wanted.length === 0) continue;
    const eventId = newId();
    eventRows.push({ id: eventId, type: event.type, data: event.data });
    for (const endpoint of wanted) deliveryRows.push({ id: newId(), endpointId: endpoint.id, eventId });
  }
  await q.query(
    `WITH new_events AS (
       INSERT INTO webhook_events (id, tenant_id, type, payload, created_at)
       SELECT e.id, current_tenant_id(), e.type, e.data, $1 FROM jsonb_to_recordset($2::jsonb) AS e(id uuid, type text, data jsonb)
       RETURNING id
     )
     INSERT INTO webhook_deliveries (id, tenant_id, endpoint_id, event_id, next_attempt_at, give_up_at, created_at)
     SELECT d.id, current_tenant_id(), d."endpointId", d."eventId", $1, $3, $1
     FROM jsonb_to_recordset($4::jsonb) AS d(id uuid, "endpointId" uuid, "eventId" uuid)
     WHERE d."eventId" IN (SELECT id FROM new_events)`,
    [now, JSON.stringify(eventRows), new Date(now.getTime() + retryMs), JSON.stringify(deliveryRows)],
  );
}
