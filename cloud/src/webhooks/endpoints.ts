import type {
  WebhookEndpoint,
  WebhookEndpointBody,
  WebhookEndpointPatch,
} from "@mostrador/contracts/http/cloud-webhooks";
import type { WebhookEventType } from "@mostrador/contracts/webhooks/events";
import { CloudError } from "../core/errors.js";
import { newId } from "../core/ids.js";
import type { Queryable, Sql } from "../db/sql.js";
import { parseEndpointUrl, publicAddressesOf } from "./address-policy.js";
import type { WebhooksConfig } from "./config.js";
import { newSigningSecret } from "./signature.js";

/** A tenant's endpoints at most: enough for a few integrations, not a fan-out service. */
export const MAX_ENDPOINTS = 20;

interface EndpointRow {
  id: string;
  url: string;
  description: string;
  events: WebhookEventType[];
  enabled: boolean;
  disabled_reason: "failing" | "owner" | null;
  disabled_at: Date | null;
  failing_since: Date | null;
  created_at: Date;
}

const COLUMNS = `id, url, description, events, enabled, disabled_reason, disabled_at, failing_since, created_at`;

export function endpointView(r: EndpointRow): WebhookEndpoint {
  return {
    id: r.id,
    url: r.url,
    description: r.description,
    events: r.events,
    enabled: r.enabled,
    disabledReason: r.disabled_reason,
    disabledAt: r.disabled_at?.toISOString() ?? null,
    failingSince: r.failing_since?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
  };
}

export const endpointNotFound = () =>
  new CloudError("not_found", "webhook_endpoint_not_found", "Ese webhook no existe");

export async function listEndpoints(q: Queryable): Promise<WebhookEndpoint[]> {
  const rows = await q.query<EndpointRow>(`SELECT ${COLUMNS} FROM webhook_endpoints ORDER BY created_at, id`);
  return rows.map(endpointView);
}

/**
 * Registers an endpoint: the URL must be https and resolve only to public addresses (checked before the
 * transaction: DNS is slow and the row must not wait on it). The secret is sealed at rest and returned
 * this once.
 */
export async function createEndpoint(
  sql: Sql,
  config: WebhooksConfig,
  tenantId: string,
  body: WebhookEndpointBody,
  now: Date,
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const url = parseEndpointUrl(body.url, config.policy);
  await publicAddressesOf(url, config.policy);
  const secret = newSigningSecret();
  const row = await sql.withTenant(tenantId, async (q) => {
    // The tenant's row locked: two creations at once cannot both pass the count.
    await q.query(`SELECT id FROM organizations WHERE id = $1 FOR UPDATE`, [tenantId]);
    const [{ n }] = (await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_endpoints`)) as [
      { n: number },
    ];
    if (n >= MAX_ENDPOINTS)
      throw new CloudError(
        "conflict",
        "too_many_webhooks",
        `Se pueden registrar hasta ${MAX_ENDPOINTS} webhooks; borrá alguno que no uses`,
      );
    const [created] = await q.query<EndpointRow>(
      `INSERT INTO webhook_endpoints (id, tenant_id, url, description, events, secret_sealed, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING ${COLUMNS}`,
      [
        newId(),
        tenantId,
        url.href,
        (body.description ?? "").trim(),
        body.events,
        config.secrets.seal(secret),
        now,
      ],
    );
    return created!;
  });
  return { endpoint: endpointView(row), secret };
}

/**
 * Changes what an endpoint gets, or switches it off/on. Switching it off (or a failing one being
 * switched back on) cancels nothing that was delivered; deliveries still pending when it goes off are
 * cancelled ("Reenviar" sends them again later).
 */
export async function updateEndpoint(
  q: Queryable,
  id: string,
  patch: WebhookEndpointPatch,
  now: Date,
): Promise<WebhookEndpoint> {
  const [before] = await q.query<EndpointRow>(
    `SELECT ${COLUMNS} FROM webhook_endpoints WHERE id = $1 FOR UPDATE`,
    [id],
  );
  if (!before) throw endpointNotFound();
  const enabled = patch.enabled ?? before.enabled;
  const [row] = await q.query<EndpointRow>(
    `UPDATE webhook_endpoints SET description = $2, events = $3, enabled = $4,
       disabled_at = CASE WHEN $4 THEN NULL WHEN enabled THEN $5 ELSE disabled_at END,
       disabled_reason = CASE WHEN $4 THEN NULL WHEN enabled THEN 'owner' ELSE disabled_reason END,
       failing_since = CASE WHEN $4 AND NOT enabled THEN NULL ELSE failing_since END,
       updated_at = $5
     WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, (patch.description ?? before.description).trim(), patch.events ?? before.events, enabled, now],
  );
  if (!enabled) await cancelPending(q, id);
  return endpointView(row!);
}

export async function cancelPending(q: Queryable, endpointId: string): Promise<void> {
  await q.query(
    `UPDATE webhook_deliveries SET status = 'cancelled', lease_until = NULL
     WHERE endpoint_id = $1 AND status IN ('pending', 'delivering')`,
    [endpointId],
  );
}

export async function deleteEndpoint(q: Queryable, id: string): Promise<void> {
  const deleted = await q.query(`DELETE FROM webhook_endpoints WHERE id = $1 RETURNING id`, [id]);
  if (deleted.length === 0) throw endpointNotFound();
}
