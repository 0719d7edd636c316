import type { SecretBox } from "../messaging/secrets.js";

/** What the operator's console needs beyond the kernel's deps. */
export interface OperatorConfig {
  /**
   * CLOUD_OPERATOR_DATABASE_URL: a LOGIN member of mostrador_operator (production:
   * `mostrador_operator_service`). Absent: the service's connection (works on PGlite only).
   */
  databaseUrl?: string;
  /** Opens the operators' TOTP secrets (CLOUD_SECRETS_KEY, the same box as the owners'). */
  secrets: SecretBox;
}

export function operatorConfigFromEnv(env: NodeJS.ProcessEnv, secrets: SecretBox): OperatorConfig {
  return {
    ...(env.CLOUD_OPERATOR_DATABASE_URL ? { databaseUrl: env.CLOUD_OPERATOR_DATABASE_URL } : {}),
    secrets,
  };
}
