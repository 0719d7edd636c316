import type { Store } from "@mostrador/contracts/http/cloud-stores";
import type { Clock } from "../core/clock.js";
import { CloudError } from "../core/errors.js";
import { newId } from "../core/ids.js";
import type { Queryable, Sql } from "../db/sql.js";

export type { Store };

interface StoreRow {
  id: string;
  name: string;
  created_at: Date;
}

const toStore = (r: StoreRow): Store => ({ id: r.id, name: r.name, createdAt: r.created_at.toISOString() });

export async function listStores(sql: Sql, tenantId: string): Promise<Store[]> {
  const rows = await sql.withTenant(tenantId, (q) =>
    q.query<StoreRow>("SELECT id, name, created_at FROM stores ORDER BY created_at, id"),
  );
  return rows.map(toStore);
}

export async function createStore(sql: Sql, tenantId: string, name: string, clock: Clock): Promise<Store> {
  const [row] = await sql.withTenant(tenantId, (q) =>
    q.query<StoreRow>(
      "INSERT INTO stores (id, tenant_id, name, created_at) VALUES ($1, $2, $3, $4) RETURNING id, name, created_at",
      [newId(), tenantId, name.trim(), clock.now()],
    ),
  );
  return toStore(row as StoreRow);
}

/** Refuses an id that is not a store of the transaction's tenant (another tenant's store looks unknown). */
export async function requireStore(q: Queryable, storeId: string): Promise<void> {
  const rows = await q.query("SELECT 1 FROM stores WHERE id = $1", [storeId]);
  if (rows.length === 0) throw new CloudError("not_found", "store_not_found", "No existe ese local");
}
