import type { SecretBox } from "../messaging/secrets.js";

/** What the accounts' routes need beyond the kernel's deps: messaging's secret box and public URL. */
export interface AccountsConfig {
  /** Seals TOTP secrets (CLOUD_SECRETS_KEY). */
  secrets: SecretBox;
  /** The dashboard's address, for the links in account emails (CLOUD_PUBLIC_URL). */
  publicUrl: string;
}
