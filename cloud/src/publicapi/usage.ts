import type { ApiUsage } from "@mostrador/contracts/http/cloud-api-keys";
import { readRow } from "../billing/checkout.js";
import { standingOf } from "../billing/standing.js";
import { CloudError } from "../core/errors.js";
import type { Sql } from "../db/sql.js";

const MINUTE_MS = 60_000;

/** The calendar month (UTC) an instant falls in: its first day and the first instant of the next. */
export function monthOf(now: Date): { month: string; resetsAt: Date } {
  const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  return {
    month: new Date(start).toISOString().slice(0, 10),
    resetsAt: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)),
  };
}

/** The plan's api_calls_month (billing's standing: trial, subscription, lapsed or unbilled). */
export async function monthlyQuota(sql: Sql, tenantId: string, now: Date): Promise<number> {
  return standingOf(await readRow(sql, tenantId), now).limits.api_calls_month;
}

/** What the standard headers say after an admitted call (draft-ietf-httpapi-ratelimit-headers). */
export interface Admitted {
  limit: number;
  remaining: number;
  resetSeconds: number;
}

/**
 * Counts one call of a key, or refuses it: at most `perMinute` per key per minute (fixed windows) and
 * the plan's `quota` per tenant per calendar month (UTC). Both counts are rows in PostgreSQL, raised by
 * one conditional upsert each (`... DO UPDATE ... WHERE calls < limit`): the row lock makes concurrent
 * calls take turns, on one replica or many, so a burst can never pass the limit. A refused call counts
 * for neither (the transaction rolls the minute back when the month refuses).
 */
export async function admitCall(
  sql: Sql,
  key: { keyId: string; tenantId: string },
  limits: { perMinute: number; quota: number },
  now: Date,
): Promise<Admitted> {
  const windowStart = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS;
  const resetSeconds = Math.max(1, Math.ceil((windowStart + MINUTE_MS - now.getTime()) / 1000));
  const { month, resetsAt } = monthOf(now);
  return sql.withTenant(key.tenantId, async (q) => {
    const [minute] = await q.query<{ calls: number }>(
      `INSERT INTO api_rate_windows AS w (tenant_id, key_id, window_start, calls)
       SELECT current_tenant_id(), $1, $2, 1 WHERE $3::integer > 0
       ON CONFLICT (tenant_id, key_id, window_start) DO UPDATE SET calls = w.calls + 1 WHERE w.calls < $3
       RETURNING calls`,
      [key.keyId, new Date(windowStart), limits.perMinute],
    );
    if (!minute)
      throw new CloudError(
        "too_many_requests",
        "api_rate_limited",
        `Demasiadas llamadas con esta clave: el límite es ${limits.perMinute} por minuto. Reintentá en ${resetSeconds} s`,
        { retryAfterSeconds: resetSeconds, limit: limits.perMinute, remaining: 0, resetSeconds },
      );
    // Housekeeping of the same key's past minutes, and its last use (shown on the "API" screen).
    await q.query("DELETE FROM api_rate_windows WHERE key_id = $1 AND window_start < $2", [
      key.keyId,
      new Date(windowStart),
    ]);
    await q.query("UPDATE api_keys SET last_used_at = $2 WHERE id = $1", [key.keyId, now]);
    // Last, so the tenant's one month row is locked for as short a time as possible.
    const [monthly] = await q.query<{ calls: string }>(
      `INSERT INTO api_monthly_usage AS m (tenant_id, month, calls)
       SELECT current_tenant_id(), $1, 1 WHERE $2::bigint > 0
       ON CONFLICT (tenant_id, month) DO UPDATE SET calls = m.calls + 1 WHERE m.calls < $2
       RETURNING calls`,
      [month, limits.quota],
    );
    if (!monthly) {
      const day = resetsAt.toISOString().slice(0, 10);
      throw new CloudError(
        "too_many_requests",
        "api_quota_exhausted",
        `Se agotaron las ${limits.quota.toLocaleString("es-AR")} llamadas a la API de este mes que incluye tu plan; se renuevan el ${day} (UTC). Para más, cambiá de plan`,
        {
          retryAfterSeconds: Math.max(1, Math.ceil((resetsAt.getTime() - now.getTime()) / 1000)),
          resetsAt: resetsAt.toISOString(),
          quota: limits.quota,
        },
      );
    }
    return { limit: limits.perMinute, remaining: limits.perMinute - minute.calls, resetSeconds };
  });
}

/** The month's calls of the tenant against its quota, for the "API" screen. */
export async function usageOf(sql: Sql, tenantId: string, perMinute: number, now: Date): Promise<ApiUsage> {
  const { month, resetsAt } = monthOf(now);
  const [row] = await sql.withTenant(tenantId, (q) =>
    q.query<{ calls: string }>("SELECT calls FROM api_monthly_usage WHERE month = $1", [month]),
  );
  return {
    month,
    calls: Number(row?.calls ?? 0),
    quota: await monthlyQuota(sql, tenantId, now),
    resetsAt: resetsAt.toISOString(),
    perMinute,
  };
}
