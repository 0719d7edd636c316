import type { Clock } from "../../core/clock.js";
import type { Sql } from "../../db/sql.js";
import { DAILY_MS, issueEntitlements } from "./issue.js";

/**
 * Every billed tenant's record, re-issued when its content changed with no event to say so (a trial's
 * end is a date passing, not a webhook) and re-signed with a fresh `issuedAt` once a day. Each tenant in
 * its own transaction, so one tenant's failure does not hold the others.
 */
export async function sweepEntitlements(
  sql: Sql,
  clock: Clock,
  log: (message: string, err?: unknown) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const tenants = await sql.query<{ id: string }>("SELECT billing_tenant_ids() AS id");
  let issued = 0;
  for (const { id } of tenants)
    try {
      const result = await sql.withTenant(id, (q) =>
        issueEntitlements(q, id, clock.now(), { refreshAfterMs: DAILY_MS, env }),
      );
      if (result === "issued") issued += 1;
    } catch (err) {
      log(`habilitaciones: no se pudo firmar el registro de ${id}`, err);
    }
  return issued;
}

/** CLOUD_ENTITLEMENTS_SWEEP_MS: how often the sweep runs (default hourly: a trial ends within the hour). */
export function sweepEveryMs(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.CLOUD_ENTITLEMENTS_SWEEP_MS);
  return Number.isInteger(n) && n >= 100 && n <= DAILY_MS ? n : 3_600_000;
}
