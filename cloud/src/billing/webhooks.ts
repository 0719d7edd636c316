import type { Clock } from "../core/clock.js";
import type { Sql } from "../db/sql.js";
import type { BillingProvider, WebhookRef } from "./provider.js";
import { type Applied, applySubscription } from "./subscription-state.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface WebhookOutcome {
  ref: WebhookRef;
  applied: Applied | "ignored" | "retry_later";
}

/**
 * One provider webhook: signature and age checked by the provider (BadWebhookSignature otherwise,
 * before anything is read or written), then the subscription it names is RE-READ from the provider and
 * its current state applied in the tenant named by the subscription's own metadata (written by us at
 * checkout, read back from the provider's API, never from the event). Events that name no subscription
 * are acknowledged and ignored.
 */
export async function receiveWebhook(
  sql: Sql,
  provider: BillingProvider,
  clock: Clock,
  publicUrl: string,
  rawBody: string,
  signature: string | undefined,
  log: (message: string) => void,
): Promise<WebhookOutcome> {
  const ref = provider.readWebhook(rawBody, signature, clock.now());
  if (!ref.subscriptionId) return { ref, applied: "ignored" };
  let sub;
  try {
    sub = await provider.getSubscription(ref.subscriptionId);
  } catch (err) {
    // The provider retries a webhook we do not acknowledge: nothing is written until it can be re-read.
    log(`No se pudo releer la suscripción ${ref.subscriptionId}: ${(err as Error).message}`);
    return { ref, applied: "retry_later" };
  }
  if (!sub.tenantId || !UUID.test(sub.tenantId)) {
    log(`Suscripción ${sub.id} sin tenant_id válido en su metadata: ignorada`);
    return { ref, applied: "ignored" };
  }
  const tenantId = sub.tenantId;
  const applied = await sql.withTenant(tenantId, async (q) => {
    const now = clock.now();
    const result = await applySubscription(q, tenantId, provider.name, sub, now, publicUrl);
    if (result !== "not_ours")
      await q.query(
        `INSERT INTO billing_webhook_events (tenant_id, event_id, type, subscription_id, received_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
        [tenantId, ref.eventId, ref.type, sub.id, now],
      );
    return result;
  });
  if (applied === "not_ours" || applied === "unknown_plan")
    log(`Suscripción ${sub.id} (${ref.type}) no aplicada: ${applied}`);
  return { ref, applied };
}
