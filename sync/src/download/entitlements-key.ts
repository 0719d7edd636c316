import { ApplianceMe } from "@mostrador/contracts/http/cloud-appliances";
import { Value } from "@sinclair/typebox/value";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { hasPinnedEntitlementsKey, pinEntitlementsKey } from "@mostrador/kernel/entitlements/store";
import { trimBase } from "../upload/cloud-client.js";

/** How long between attempts while the cloud cannot be asked (offline at start). */
const RETRY_MS = 60_000;
const ASK_TIMEOUT_MS = 10_000;

export type KeyOutcome = "had" | "pinned" | "failed";

/**
 * An appliance enrolled before entitlements existed has no pinned key: every signed record was refused
 * and every module stayed on. It takes the key once from GET /v1/appliance/me, over its own authenticated
 * channel (the same trust as the enrollment answer that pins it for new appliances). A key already pinned
 * is never replaced from here: taking a new one stays a deliberate re-enrollment (kernel/README.md).
 */
export async function pinMissingEntitlementsKey(
  ctx: Ctx,
  o: { cloudUrl: string; token: string; fetch?: typeof fetch },
): Promise<KeyOutcome> {
  if (hasPinnedEntitlementsKey(ctx.db)) return "had";
  let body: unknown;
  try {
    const res = await (o.fetch ?? fetch)(`${trimBase(o.cloudUrl)}/v1/appliance/me`, {
      headers: { authorization: `Bearer ${o.token}` },
      signal: AbortSignal.timeout(ASK_TIMEOUT_MS),
    });
    if (!res.ok) return "failed";
    body = await res.json();
  } catch {
    return "failed";
  }
  // An older cloud answers without a key: nothing to pin yet (its records are not sent either).
  if (!Value.Check(ApplianceMe, body)) return "failed";
  // Checked again in case enrollment pinned one while the cloud answered.
  if (hasPinnedEntitlementsKey(ctx.db)) return "had";
  try {
    pinEntitlementsKey(ctx.db, { publicKey: body.entitlementsKey, tenantId: body.tenantId, at: isoNow(ctx) });
  } catch {
    return "failed"; // not a valid Ed25519 key: nothing pinned, asked again later
  }
  return "pinned";
}

/**
 * Asks now, and again every minute until a key is pinned (an appliance started offline); stop() ends it.
 * `first` settles with the first attempt: the entitlements shape starts after it (download.ts), so an
 * appliance started online has its key before the record arrives. One that pins later keeps the record
 * the cloud signs next (on a shape connect, a subscription change, or daily).
 */
export function keepPinningEntitlementsKey(
  ctx: Ctx,
  o: { cloudUrl: string; token: string; fetch?: typeof fetch },
  retryMs = RETRY_MS,
): { first: Promise<KeyOutcome>; done: Promise<KeyOutcome>; stop(): void } {
  let stopped = false;
  let firstSettle: (outcome: KeyOutcome) => void = () => {};
  const first = new Promise<KeyOutcome>((resolve) => (firstSettle = resolve));
  let timer: NodeJS.Timeout | undefined;
  let settle: (outcome: KeyOutcome) => void = () => {};
  const done = new Promise<KeyOutcome>((resolve) => (settle = resolve));
  const attempt = async () => {
    if (stopped) return;
    const outcome = await pinMissingEntitlementsKey(ctx, o);
    firstSettle(outcome);
    if (outcome !== "failed" || stopped) return settle(outcome);
    timer = setTimeout(() => void attempt(), retryMs);
    timer.unref?.();
  };
  void attempt();
  return {
    first,
    done,
    stop() {
      stopped = true;
      clearTimeout(timer);
      firstSettle("failed");
      settle("failed");
    },
  };
}
