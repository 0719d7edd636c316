import type { Queryable } from "../db/sql.js";
import type { DashboardAlarm } from "@mostrador/contracts/http/dashboard";

export type AlarmFilter = "open" | "all";

/**
 * Alarms from every store (the ingest projection keeps the latest state of each): the owner sees a
 * warm fridge at any shop. "open" = not closed: active, acknowledged, or cleared by itself but not yet
 * acknowledged (a latched alarm, contracts/src/alarms.ts); most severe first, then newest.
 */
export async function listAlarms(
  q: Queryable,
  storeId: string | null,
  filter: AlarmFilter,
  limit: number,
): Promise<DashboardAlarm[]> {
  const rows = await q.query<{
    id: string;
    store_id: string;
    store_name: string;
    severity: number;
    status: string;
    message: string;
    raised_at: Date;
    updated_at: Date;
  }>(
    `SELECT a.id, a.store_id, st.name AS store_name, a.severity, a.status, a.message, a.raised_at, a.updated_at
     FROM alarms a JOIN stores st ON st.tenant_id = a.tenant_id AND st.id = a.store_id
     WHERE ($1::uuid IS NULL OR a.store_id = $1) AND ($2 = 'all' OR a.status <> 'cleared')
     ORDER BY (a.status = 'cleared'), a.severity DESC, a.updated_at DESC, a.id
     LIMIT $3`,
    [storeId, filter, limit],
  );
  return rows.map((r) => ({
    id: r.id,
    storeId: r.store_id,
    storeName: r.store_name,
    severity: r.severity,
    state: r.status,
    message: r.message,
    raisedAt: r.raised_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  }));
}
