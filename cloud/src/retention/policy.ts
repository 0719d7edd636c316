/** How the cloud keeps its logs from growing for ever (cloud/README.md, "Growth"). */
export interface RetentionPolicy {
  /** How often the retention runs (the first run is at start). */
  everyMs: number;
  /** shape_log rows older than this are trimmed; a till offline longer re-reads its snapshot. */
  shapeLogKeepDays: number;
  /** applied_ops rows older than this are forgotten; a resend of one is refused, never re-applied. */
  appliedOpsKeepDays: number;
  /** Rows deleted per transaction. */
  batchSize: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = {
  everyMs: 24 * 60 * 60_000,
  shapeLogKeepDays: 30,
  appliedOpsKeepDays: 180,
  batchSize: 5_000,
};

function whole(env: NodeJS.ProcessEnv, name: string, min: number, max: number, fallback: number): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max)
    throw new Error(`${name} debe ser un número entero entre ${min} y ${max} (recibido "${text}")`);
  return n;
}

/**
 * CLOUD_RETENTION_EVERY_MINUTES (default 1440), CLOUD_SHAPE_LOG_KEEP_DAYS (30, at least 1),
 * CLOUD_APPLIED_OPS_KEEP_DAYS (180, at least 30). A bad value stops the start with its reason rather
 * than deleting on a horizon nobody meant.
 */
export function retentionPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): RetentionPolicy {
  return {
    everyMs: whole(env, "CLOUD_RETENTION_EVERY_MINUTES", 1, 7 * 24 * 60, 24 * 60) * 60_000,
    shapeLogKeepDays: whole(env, "CLOUD_SHAPE_LOG_KEEP_DAYS", 1, 3650, DEFAULT_RETENTION.shapeLogKeepDays),
    appliedOpsKeepDays: whole(
      env,
      "CLOUD_APPLIED_OPS_KEEP_DAYS",
      30,
      3650,
      DEFAULT_RETENTION.appliedOpsKeepDays,
    ),
    batchSize: DEFAULT_RETENTION.batchSize,
  };
}
