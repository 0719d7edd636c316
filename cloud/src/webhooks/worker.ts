import {
  WEBHOOK_EVENT_ID_HEADER,
  WEBHOOK_SIGNATURE_HEADER,
  type WebhookDeliveryBody,
  type WebhookEventType,
} from "@mostrador/contracts/webhooks/events";
import type { Clock } from "../core/clock.js";
import type { Queryable, Sql } from "../db/sql.js";
import { CloudError } from "../core/errors.js";
import { parseEndpointUrl, publicAddressesOf } from "./address-policy.js";
import type { WebhooksConfig } from "./config.js";
import { cancelPending } from "./endpoints.js";
import { postPinned, type PostResult } from "./http-post.js";
import { tellOwnersEndpointDisabled } from "./disabled-mail.js";
import { signatureHeader } from "./signature.js";

interface Claimed {
  id: string;
  endpoint_id: string;
  url: string;
  secret_sealed: string;
  event_id: string;
  type: WebhookEventType;
  payload: Record<string, unknown>;
  event_created_at: Date;
  attempts: number;
  give_up_at: Date;
}

const BATCH = 20;
/** How long a claimed delivery is the claiming worker's; after it another worker takes it again. */
const LEASE_MS = 2 * 60_000;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 6 * 3_600_000;

/**
 * The wait before the next attempt: 30 s doubling per attempt up to 6 hours, with ±20 % jitter so the
 * endpoints that failed together (a receiver's outage) do not all come back at the same second.
 */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/**
 * Delivers the webhook outbox. Each pass, per tenant with a due delivery:
 * 1. claim: due deliveries of enabled endpoints locked FOR UPDATE SKIP LOCKED (several replicas never
 *    take the same row), marked `delivering` with a lease and the attempt counted — committed before any
 *    network call, so no transaction waits on a receiver;
 * 2. POST, outside any transaction, to an address resolved and checked NOW (rebinding), pinned;
 * 3. record: delivered (2xx), or retried with backoff until `give_up_at` (then failed); an endpoint
 *    failing for `disableAfterDays` is disabled, its pending deliveries cancelled and its owners told.
 * At-least-once: a worker dying after the POST leaves the row `delivering`; after the lease it is sent
 * again with the same event id, which receivers de-duplicate by.
 */
export class WebhooksWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly sql: Sql,
    private readonly clock: Clock,
    private readonly config: WebhooksConfig,
    private readonly log: (message: string, err?: unknown) => void = () => {},
  ) {}

  async runOnce(): Promise<void> {
    const tenants = await this.sql.query<{ tenant: string }>(
      `SELECT webhooks_tenants_with_work($1) AS tenant`,
      [this.clock.now()],
    );
    for (const { tenant } of tenants)
      try {
        await this.runTenant(tenant);
      } catch (err) {
        this.log(`webhooks: la pasada del inquilino ${tenant} falló`, err);
      }
  }

  start(): void {
    const tick = () => {
      this.running = this.runOnce()
        .catch((err: unknown) => this.log("webhooks: la pasada de envíos falló", err))
        .finally(() => {
          this.running = null;
          if (this.timer) this.timer = setTimeout(tick, this.config.pollMs);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private async runTenant(tenantId: string): Promise<void> {
    const claimed = await this.sql.withTenant(tenantId, (q) => this.claim(q, this.clock.now()));
    for (const delivery of claimed) {
      const result = await this.send(tenantId, delivery);
      await this.sql.withTenant(tenantId, (q) =>
        this.record(q, tenantId, delivery, result, this.clock.now()),
      );
    }
  }

  private async claim(q: Queryable, now: Date): Promise<Claimed[]> {
    const rows = await q.query<Claimed>(
      `SELECT d.id, d.endpoint_id, p.url, p.secret_sealed, d.event_id, e.type, e.payload,
         e.created_at AS event_created_at, d.attempts, d.give_up_at
       FROM webhook_deliveries d
       JOIN webhook_endpoints p ON p.tenant_id = d.tenant_id AND p.id = d.endpoint_id
       JOIN webhook_events e ON e.tenant_id = d.tenant_id AND e.id = d.event_id
       WHERE d.status IN ('pending', 'delivering') AND d.next_attempt_at <= $1 AND p.enabled
       ORDER BY d.next_attempt_at, d.id
       LIMIT ${BATCH}
       FOR UPDATE OF d SKIP LOCKED`,
      [now],
    );
    if (rows.length === 0) return [];
    const lease = new Date(now.getTime() + LEASE_MS);
    await q.query(
      `UPDATE webhook_deliveries SET status = 'delivering', attempts = attempts + 1, next_attempt_at = $2,
         lease_until = $2
       WHERE id = ANY($1::uuid[])`,
      [rows.map((r) => r.id), lease],
    );
    return rows.map((r) => ({ ...r, attempts: r.attempts + 1 }));
  }

  private async send(tenantId: string, d: Claimed): Promise<PostResult> {
    const body: WebhookDeliveryBody = {
      id: d.event_id,
      type: d.type,
      createdAt: d.event_created_at.toISOString(),
      tenantId,
      data: d.payload,
    };
    const text = JSON.stringify(body);
    let address: string;
    let url: URL;
    let signature: string;
    // Anything that stops the POST (an address now private, a secret sealed with another key) is this
    // attempt's error, recorded like a receiver's: the delivery retries and, in the end, fails.
    try {
      url = parseEndpointUrl(d.url, this.config.policy);
      [address] = (await publicAddressesOf(url, this.config.policy)) as [string];
      const unix = Math.floor(this.clock.now().getTime() / 1000);
      signature = signatureHeader(this.config.secrets.open(d.secret_sealed), unix, text);
    } catch (err) {
      const message = err instanceof CloudError ? err.message : "No se pudo preparar el envío";
      return { status: null, durationMs: 0, error: message };
    }
    return postPinned(
      url,
      address,
      {
        "content-type": "application/json",
        "user-agent": "Mostrador-Webhooks/1",
        [WEBHOOK_SIGNATURE_HEADER]: signature,
        [WEBHOOK_EVENT_ID_HEADER]: d.event_id,
      },
      text,
      this.config.timeoutMs,
    );
  }

  private async record(q: Queryable, tenantId: string, d: Claimed, r: PostResult, now: Date): Promise<void> {
    const ok = r.status !== null && r.status >= 200 && r.status < 300;
    const error = ok ? null : (r.error ?? `El receptor respondió ${r.status}`).slice(0, 300);
    if (ok) {
      await q.query(
        `UPDATE webhook_deliveries SET status = 'delivered', delivered_at = $2, last_attempt_at = $2,
           last_status_code = $3, last_duration_ms = $4, last_error = NULL, lease_until = NULL
         WHERE id = $1`,
        [d.id, now, r.status, r.durationMs],
      );
      await q.query(`UPDATE webhook_endpoints SET failing_since = NULL WHERE id = $1`, [d.endpoint_id]);
      return;
    }
    // The last attempt is made at give_up_at itself, so a delivery is tried for its whole window.
    const giveUp = now.getTime() >= d.give_up_at.getTime();
    const next = new Date(Math.min(now.getTime() + backoffMs(d.attempts), d.give_up_at.getTime()));
    await q.query(
      `UPDATE webhook_deliveries SET status = $2, next_attempt_at = $3, last_attempt_at = $4,
         last_status_code = $5, last_duration_ms = $6, last_error = $7, lease_until = NULL
       WHERE id = $1 AND status = 'delivering'`,
      [d.id, giveUp ? "failed" : "pending", next, now, r.status, r.durationMs, error],
    );
    const [endpoint] = await q.query<{ failing_since: Date; enabled: boolean; url: string }>(
      `UPDATE webhook_endpoints SET failing_since = COALESCE(failing_since, $2) WHERE id = $1
       RETURNING failing_since, enabled, url`,
      [d.endpoint_id, now],
    );
    if (!endpoint?.enabled) return;
    const failingMs = now.getTime() - endpoint.failing_since.getTime();
    if (failingMs < this.config.disableAfterDays * 86_400_000) return;
    await q.query(
      `UPDATE webhook_endpoints SET enabled = false, disabled_at = $2, disabled_reason = 'failing', updated_at = $2
       WHERE id = $1`,
      [d.endpoint_id, now],
    );
    await cancelPending(q, d.endpoint_id);
    await tellOwnersEndpointDisabled(q, tenantId, {
      endpointId: d.endpoint_id,
      url: endpoint.url,
      days: this.config.disableAfterDays,
      lastError: error,
      publicUrl: this.config.publicUrl,
      now,
    });
  }
}
