import type { BillingConfig } from "../billing/config.js";
import type { SecretBox } from "../messaging/secrets.js";

/** What the tenant-data module is given at composition (cloud/src/modules.ts). */
export interface TenantDataConfig {
  /** Billing's provider: closing cancels the subscription there first. */
  billing: BillingConfig;
  /** CLOUD_SECRETS_KEY's box: the owner's TOTP secret is sealed with it. */
  secrets: SecretBox;
  publicUrl: string;
  /** CLOUD_CLOSING_NOTICE_DAYS (1 … 365, default 30): from closing to erasure. */
  noticeDays: number;
  /** How often the erasure job looks for tenants whose notice is over (default hourly). */
  eraseEveryMs: number;
}

export function tenantDataConfigFromEnv(
  env: NodeJS.ProcessEnv,
  base: { billing: BillingConfig; secrets: SecretBox; publicUrl: string },
): TenantDataConfig {
  const raw = env.CLOUD_CLOSING_NOTICE_DAYS;
  const noticeDays = raw === undefined || raw === "" ? 30 : Number(raw);
  if (!Number.isInteger(noticeDays) || noticeDays < 1 || noticeDays > 365)
    throw new Error("CLOUD_CLOSING_NOTICE_DAYS debe ser un entero entre 1 y 365");
  return { ...base, noticeDays, eraseEveryMs: 3_600_000 };
}
