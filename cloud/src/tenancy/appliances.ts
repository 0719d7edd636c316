import type { Appliance, AppliancePrincipal } from "@mostrador/contracts/http/cloud-appliances";
import { hashToken } from "../auth/tokens.js";
import type { Clock } from "../core/clock.js";
import { CloudError } from "../core/errors.js";
import type { Sql } from "../db/sql.js";

/** Who is calling with an appliance bearer token. */
export type { Appliance, AppliancePrincipal };

interface ApplianceRow {
  id: string;
  store_id: string;
  name: string;
  created_at: Date;
  last_seen_at: Date | null;
  revoked_at: Date | null;
}

const toAppliance = (r: ApplianceRow): Appliance => ({
  id: r.id,
  storeId: r.store_id,
  name: r.name,
  createdAt: r.created_at.toISOString(),
  lastSeenAt: r.last_seen_at?.toISOString() ?? null,
  revokedAt: r.revoked_at?.toISOString() ?? null,
});

const COLUMNS = "id, store_id, name, created_at, last_seen_at, revoked_at";

/** last_seen_at is written at most this often per appliance, so a busy uploader does not write per call. */
const LAST_SEEN_RESOLUTION_MS = 30_000;

export async function listAppliances(sql: Sql, tenantId: string): Promise<Appliance[]> {
  const rows = await sql.withTenant(tenantId, (q) =>
    q.query<ApplianceRow>(`SELECT ${COLUMNS} FROM appliances ORDER BY created_at, id`),
  );
  return rows.map(toAppliance);
}

/** Revokes the appliance's credential at once. Revoking twice keeps the first time. */
export async function revokeAppliance(
  sql: Sql,
  tenantId: string,
  applianceId: string,
  clock: Clock,
): Promise<Appliance> {
  const [row] = await sql.withTenant(tenantId, (q) =>
    q.query<ApplianceRow>(
      `UPDATE appliances SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1 RETURNING ${COLUMNS}`,
      [applianceId, clock.now()],
    ),
  );
  if (!row) throw new CloudError("not_found", "appliance_not_found", "No existe ese equipo");
  return toAppliance(row);
}

/**
 * Appliance bearer token → its identity, refusing unknown and revoked tokens, and noting that the
 * appliance was seen (the dashboard's "last seen").
 */
export async function resolveApplianceToken(
  sql: Sql,
  token: string,
  clock: Clock,
): Promise<AppliancePrincipal> {
  const [row] = await sql.query<{
    appliance_id: string;
    tenant_id: string;
    store_id: string;
    revoked_at: Date | null;
  }>("SELECT appliance_id, tenant_id, store_id, revoked_at FROM auth_appliance($1)", [hashToken(token)]);
  if (!row)
    throw new CloudError(
      "unauthorized",
      "appliance_unknown",
      "Credencial de equipo inválida: volvé a vincularlo",
    );
  if (row.revoked_at)
    throw new CloudError(
      "unauthorized",
      "appliance_revoked",
      "Este equipo fue dado de baja en el panel: volvé a vincularlo con un código nuevo",
    );
  const now = clock.now();
  const writes = lastSeenWritesOf(sql);
  if (wroteRecently(writes.get(row.appliance_id), now)) return principalOf(row);
  await sql.withTenant(row.tenant_id, (q) =>
    q.query(
      `UPDATE appliances SET last_seen_at = $2
       WHERE id = $1 AND (last_seen_at IS NULL OR last_seen_at < $3)`,
      [row.appliance_id, now, new Date(now.getTime() - LAST_SEEN_RESOLUTION_MS)],
    ),
  );
  writes.set(row.appliance_id, now.getTime());
  return principalOf(row);
}

function principalOf(row: { appliance_id: string; tenant_id: string; store_id: string }): AppliancePrincipal {
  return { applianceId: row.appliance_id, tenantId: row.tenant_id, storeId: row.store_id };
}

/**
 * When this process last wrote each appliance's last_seen_at, per database. The write is a transaction
 * of its own (four round trips) that the WHERE above turns into a no-op for 30 s anyway: during an
 * upload of 200 batches it was a fifth of the drain's round trips. Skipping it here within the same
 * resolution keeps what the column says (another process may write it as well; at most every 30 s each).
 */
const lastSeenWrites = new WeakMap<Sql, Map<string, number>>();

function lastSeenWritesOf(sql: Sql): Map<string, number> {
  let writes = lastSeenWrites.get(sql);
  if (!writes) lastSeenWrites.set(sql, (writes = new Map()));
  return writes;
}

function wroteRecently(lastWriteMs: number | undefined, now: Date): boolean {
  if (lastWriteMs === undefined) return false;
  const elapsed = now.getTime() - lastWriteMs;
  // A clock moved back (a test's ManualClock, a corrected server clock) writes again rather than waiting.
  return elapsed >= 0 && elapsed < LAST_SEEN_RESOLUTION_MS;
}
