import type { SecretBox } from "../messaging/secrets.js";
import { addressPolicy, type AddressPolicy } from "./address-policy.js";
import { DEFAULT_RETRY_MS } from "./outbox.js";

/** What the webhooks module is given at composition (cloud/src/modules.ts). */
export interface WebhooksConfig {
  /** Seals the endpoints' signing secrets (CLOUD_SECRETS_KEY, shared with messaging). */
  secrets: SecretBox;
  /** CLOUD_PUBLIC_URL: the owner's email links to the screen. */
  publicUrl: string;
  policy: AddressPolicy;
  /** An endpoint failing for this many days in a row is disabled and its owners told (1 … 30, default 3). */
  disableAfterDays: number;
  /** A delivery is retried for this long after its event (default 72 hours). */
  retryMs: number;
  /** Each attempt's time limit. */
  timeoutMs: number;
  /** How often the worker looks for due deliveries. */
  pollMs: number;
}

function intIn(value: string | undefined, min: number, max: number, fallback: number, name: string): number {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`${name} debe ser un entero entre ${min} y ${max}`);
  return n;
}

/**
 * CLOUD_WEBHOOKS_DISABLE_AFTER_DAYS (1 … 30, default 3), CLOUD_WEBHOOKS_POLL_MS (default 2000) and,
 * for tests and local development only, CLOUD_WEBHOOKS_ALLOW_LOOPBACK=1 (http:// and 127.0.0.1/::1).
 */
export function webhooksConfigFromEnv(
  env: NodeJS.ProcessEnv,
  base: { secrets: SecretBox; publicUrl: string },
): WebhooksConfig {
  return {
    ...base,
    policy: addressPolicy(env.CLOUD_WEBHOOKS_ALLOW_LOOPBACK === "1"),
    disableAfterDays: intIn(
      env.CLOUD_WEBHOOKS_DISABLE_AFTER_DAYS,
      1,
      30,
      3,
      "CLOUD_WEBHOOKS_DISABLE_AFTER_DAYS",
    ),
    retryMs: DEFAULT_RETRY_MS,
    timeoutMs: 10_000,
    pollMs: intIn(env.CLOUD_WEBHOOKS_POLL_MS, 100, 600_000, 2_000, "CLOUD_WEBHOOKS_POLL_MS"),
  };
}
