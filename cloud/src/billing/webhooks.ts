import type { Clock } from "../core/clock.js";
import type { Sql } from "../db/sql.js";
import {
  type BillingProvider,
  type ProviderSubscription,
  UnknownSubscription,
  type WebhookContext,
  type WebhookRef,
} from "./provider.js";
import { type Applied, applySubscription } from "./subscription-state.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface WebhookOutcome {
  ref: WebhookRef;
  /** unknown: the provider does not know what the webhook names (not this seller's): refused. */
  applied: Applied | "ignored" | "retry_later" | "unknown";
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
  context?: WebhookContext,
): Promise<WebhookOutcome> {
  const ref = provider.readWebhook(rawBody, signature, clock.now(), context);
  let sub: ProviderSubscription;
  try {
    // A charge's webhook (Mercado Pago's authorized payment) names its subscription only through the provider.
    const subscriptionId =
      ref.subscriptionId ??
      (ref.chargeId && provider.subscriptionOfCharge
        ? await provider.subscriptionOfCharge(ref.chargeId)
        : null);
    if (!subscriptionId) return { ref, applied: "ignored" };
    sub = await provider.getSubscription(subscriptionId);
  } catch (err) {
    if (err instanceof UnknownSubscription) {
      log(`Aviso ${ref.type} sobre algo que ${provider.name} no conoce: ${err.message}`);
      return { ref, applied: "unknown" };
    }
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
