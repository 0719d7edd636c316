import type { Clock } from "../core/clock.js";
import { newId } from "../core/ids.js";
import type { Sql } from "../db/sql.js";
import { CHANNEL_LABEL } from "./channel-client.js";
import type { ConnectionRow } from "./connections.js";

/**
 * Stale stock oversells: when none of the store's appliances has been heard from (appliances.last_seen_at)
 * for the connection's `stale_minutes`, the cloud's stock figures may be old, so the channel's stock is
 * capped (stale_cap units per listing) or paused (0) until one is heard from again. Entering and leaving
 * that state re-pushes every linked listing and tells the owner once (an owner notification the messaging
 * worker delivers by their preferences). Answers whether the connection is stale now.
 */
export async function checkStale(
  sql: Sql,
  clock: Clock,
  tenantId: string,
  conn: ConnectionRow,
): Promise<boolean> {
  if (conn.stale_policy === "none") {
    if (conn.stale_since) await transition(sql, tenantId, conn, clock.now(), false);
    return false;
  }
  const now = clock.now();
  const [row] = await sql.withTenant(tenantId, (q) =>
    q.query<{ last: Date | null }>(
      `SELECT max(last_seen_at) AS last FROM appliances WHERE store_id = $1 AND revoked_at IS NULL`,
      [conn.store_id],
    ),
  );
  // An appliance never heard from (none enrolled yet) has no stock to be stale about.
  const stale = row?.last ? row.last.getTime() < now.getTime() - conn.stale_minutes * 60_000 : false;
  if (stale !== (conn.stale_since !== null)) await transition(sql, tenantId, conn, now, stale);
  return stale;
}

async function transition(sql: Sql, tenantId: string, conn: ConnectionRow, now: Date, stale: boolean) {
  const label = CHANNEL_LABEL[conn.channel];
  const message = stale
    ? conn.stale_policy === "pause"
      ? `La caja no se comunica con la nube hace más de ${conn.stale_minutes} min: el stock en ${label} quedó en 0 hasta que vuelva, para no vender lo que quizá no hay.`
      : `La caja no se comunica con la nube hace más de ${conn.stale_minutes} min: el stock en ${label} quedó limitado a ${conn.stale_cap} por publicación hasta que vuelva.`
    : `La caja volvió a comunicarse: el stock en ${label} vuelve a ser el real.`;
  await sql.withTenant(tenantId, async (q) => {
    const changed = await q.query(
      `UPDATE channel_connections SET stale_since = $2 WHERE id = $1 AND (stale_since IS NULL) = $3 RETURNING 1`,
      [conn.id, stale ? now : null, stale],
    );
    if (changed.length === 0) return; // another worker did it
    await q.query(
      `INSERT INTO channel_push_queue (tenant_id, connection_id, product_id, due_at)
       SELECT tenant_id, connection_id, product_id, $2 FROM channel_listings WHERE connection_id = $1 AND product_id IS NOT NULL
       ON CONFLICT (tenant_id, connection_id, product_id)
       DO UPDATE SET version = nextval('channel_push_version'), due_at = excluded.due_at`,
      [conn.id, now],
    );
    await q.query(
      `INSERT INTO channel_sync_log (tenant_id, id, connection_id, at, level, message) VALUES ($1, $2, $3, $4, 'info', $5)`,
      [tenantId, newId(), conn.id, now, message],
    );
    const kind = "channel_stock_stale";
    await q.query(
      `INSERT INTO owner_notifications (tenant_id, id, store_id, message, payload, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        tenantId,
        newId(),
        conn.store_id,
        message,
        JSON.stringify({
          message,
          at: now.toISOString(),
          kind,
          dedupeKey: `${kind}:${conn.id}:${stale ? "on" : "off"}:${now.toISOString()}`,
        }),
        now,
      ],
    );
  });
  conn.stale_since = stale ? now : null;
}
