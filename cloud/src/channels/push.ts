import type { Clock } from "../core/clock.js";
import type { Queryable, Sql } from "../db/sql.js";
import { CHANNEL_LABEL, ChannelError, type ListingUpdate } from "./channel-client.js";
import type { ChannelsConfig } from "./config.js";
import { clientFor, connectionOf, type ConnectionRow, logEntry } from "./connections.js";

/** How long a claimed outbox row stays with one worker before another may take it (a crashed worker). */
const LEASE_MS = 60_000;
const backoffMs = (attempts: number) => Math.min(15 * 60_000, 5_000 * 2 ** Math.min(attempts, 10));

interface Claimed {
  product_id: string;
  version: string;
  attempts: number;
}

interface Figure {
  product_id: string;
  remote_product_id: string;
  remote_variant_id: string;
  title: string;
  pushed_version: string;
  unit: string;
  active: boolean;
  on_hand: string | null;
  price: string;
  margin: number;
  fixed_price: string | null;
}

/** What the channel shows: on hand minus the margin, capped or paused while the store is not heard from. */
export function stockFigure(
  onHand: number,
  margin: number,
  stale: ConnectionRow["stale_policy"] | null,
  cap: number,
): number {
  const figure = Math.max(0, Math.floor(onHand) - margin);
  if (stale === "pause") return 0;
  if (stale === "cap") return Math.min(figure, cap);
  return figure;
}

/** The store price with the channel's markup (basis points), or the product's fixed price there. */
export const priceFigure = (price: number, markupBp: number, fixed: number | null): number =>
  fixed ?? Math.round((price * (10_000 + markupBp)) / 10_000);

/**
 * One pass over one connection's outbox: claims due rows (FOR UPDATE SKIP LOCKED plus a lease, so
 * several workers never take the same row), reads the CURRENT stock and price of each, sends them
 * grouped per channel product/item (Mercado Libre: every variation of the item), and forgets a row only
 * if its version did not move meanwhile. A listing remembers the version it last carried: an older
 * version is never sent after a newer one, and if a newer push overtook this one in flight, the row is
 * owed again so the channel ends on the newest figure.
 */
export async function pushConnection(
  sql: Sql,
  config: ChannelsConfig,
  clock: Clock,
  tenantId: string,
  conn: ConnectionRow,
  staleNow: boolean,
): Promise<number> {
  const now = clock.now();
  if (conn.status !== "active" || (conn.paused_until && conn.paused_until > now)) return 0;
  const claimed = await sql.withTenant(tenantId, (q) =>
    q.query<Claimed>(
      `UPDATE channel_push_queue q SET claimed_until = $3
        WHERE (q.connection_id, q.product_id) IN (
          SELECT connection_id, product_id FROM channel_push_queue
           WHERE connection_id = $1 AND due_at <= $2 AND (claimed_until IS NULL OR claimed_until < $2)
           ORDER BY due_at, version LIMIT $4 FOR UPDATE SKIP LOCKED)
        RETURNING q.product_id, q.version::text AS version, q.attempts`,
      [conn.id, now, new Date(now.getTime() + LEASE_MS), config.callsPerPass[conn.channel] * 5],
    ),
  );
  if (claimed.length === 0) return 0;
  const versions = new Map(claimed.map((c) => [c.product_id, c]));
  const { figures, allOfItem } = await sql.withTenant(tenantId, async (q) => ({
    figures: await figuresOf(
      q,
      conn,
      claimed.map((c) => c.product_id),
    ),
    allOfItem: await itemVariations(q, conn.id),
  }));

  // Products no longer linked (unmapped meanwhile) owe nothing.
  const linked = new Set(figures.map((f) => f.product_id));
  await sql.withTenant(tenantId, (q) =>
    q.query(`DELETE FROM channel_push_queue WHERE connection_id = $1 AND product_id = ANY($2::uuid[])`, [
      conn.id,
      claimed.filter((c) => !linked.has(c.product_id)).map((c) => c.product_id),
    ]),
  );

  const groups = new Map<string, { f: Figure; u: ListingUpdate }[]>();
  for (const f of figures) {
    const c = versions.get(f.product_id)!;
    if (BigInt(f.pushed_version) >= BigInt(c.version)) {
      await settle(sql, tenantId, conn.id, f.product_id, c.version, "done");
      continue;
    }
    if (f.unit !== "each") {
      await logEntry(
        sql,
        tenantId,
        conn.id,
        now,
        "error",
        `«${f.title}»: el producto se vende por peso y no se puede publicar en ${CHANNEL_LABEL[conn.channel]}`,
        f.product_id,
      );
      await settle(sql, tenantId, conn.id, f.product_id, c.version, "done");
      continue;
    }
    const stock = f.active
      ? stockFigure(Number(f.on_hand ?? 0), f.margin, staleNow ? conn.stale_policy : null, conn.stale_cap)
      : 0;
    const u = {
      remoteProductId: f.remote_product_id,
      remoteVariantId: f.remote_variant_id,
      stock,
      price: priceFigure(
        Number(f.price),
        conn.markup_bp,
        f.fixed_price === null ? null : Number(f.fixed_price),
      ),
    };
    groups.set(f.remote_product_id, [...(groups.get(f.remote_product_id) ?? []), { f, u }]);
  }

  const client = await clientFor(sql, config, clock, tenantId, conn.id);
  let calls = 0;
  let sent = 0;
  for (const [remoteProductId, group] of groups) {
    if (calls >= config.callsPerPass[conn.channel]) {
      // Over this pass's share of the API: the rest waits for the next pass.
      for (const { f } of group) await release(sql, tenantId, conn.id, f.product_id, now);
      continue;
    }
    calls += conn.channel === "tiendanube" ? group.length : 1;
    try {
      await client.pushListings(
        group.map((g) => g.u),
        new Map([[remoteProductId, allOfItem.get(remoteProductId) ?? []]]),
      );
    } catch (err) {
      if (!(err instanceof ChannelError)) throw err;
      await failed(
        sql,
        tenantId,
        conn,
        group.map((g) => ({ f: g.f, c: versions.get(g.f.product_id)! })),
        err,
        clock.now(),
      );
      if (err.failure === "rate_limited" || err.failure === "unauthorized") {
        // The whole connection waits: release what this pass still holds.
        for (const [other, rest] of groups)
          if (other !== remoteProductId)
            for (const { f } of rest) await release(sql, tenantId, conn.id, f.product_id, clock.now());
        return sent;
      }
      continue;
    }
    for (const { f, u } of group) {
      const c = versions.get(f.product_id)!;
      const overtaken = await sql.withTenant(tenantId, async (q) => {
        const rows = await q.query(
          `UPDATE channel_listings SET pushed_version = $4, pushed_stock = $5, pushed_price = $6, pushed_at = $7
            WHERE connection_id = $1 AND remote_product_id = $2 AND remote_variant_id = $3 AND pushed_version < $4 RETURNING 1`,
          [conn.id, f.remote_product_id, f.remote_variant_id, c.version, u.stock, u.price, clock.now()],
        );
        return rows.length === 0;
      });
      await settle(sql, tenantId, conn.id, f.product_id, c.version, overtaken ? "again" : "done");
      sent++;
    }
  }
  return sent;
}

/** Done: forget the row unless a newer change bumped it. Again: owe it once more, due now. */
async function settle(
  sql: Sql,
  tenantId: string,
  connectionId: string,
  productId: string,
  version: string,
  how: "done" | "again",
) {
  await sql.withTenant(tenantId, async (q) => {
    if (how === "again")
      await q.query(
        `UPDATE channel_push_queue SET version = nextval('channel_push_version'), claimed_until = NULL WHERE connection_id = $1 AND product_id = $2`,
        [connectionId, productId],
      );
    const gone = await q.query(
      `DELETE FROM channel_push_queue WHERE connection_id = $1 AND product_id = $2 AND version = $3 RETURNING 1`,
      [connectionId, productId, version],
    );
    if (gone.length === 0)
      await q.query(
        `UPDATE channel_push_queue SET claimed_until = NULL, attempts = 0 WHERE connection_id = $1 AND product_id = $2`,
        [connectionId, productId],
      );
  });
}

async function release(
  sql: Sql,
  tenantId: string,
  connectionId: string,
  productId: string,
  at: Date,
  dueAt: Date = at,
) {
  await sql.withTenant(tenantId, (q) =>
    q.query(
      `UPDATE channel_push_queue SET claimed_until = NULL, due_at = GREATEST(due_at, $3) WHERE connection_id = $1 AND product_id = $2`,
      [connectionId, productId, dueAt],
    ),
  );
}

async function failed(
  sql: Sql,
  tenantId: string,
  conn: ConnectionRow,
  rows: { f: Figure; c: Claimed }[],
  err: ChannelError,
  now: Date,
) {
  const label = CHANNEL_LABEL[conn.channel];
  await sql.withTenant(tenantId, async (q) => {
    if (err.failure === "rate_limited") {
      const until = new Date(now.getTime() + (err.retryAfterMs ?? 60_000));
      await q.query(`UPDATE channel_connections SET paused_until = $2 WHERE id = $1`, [conn.id, until]);
      for (const { f } of rows)
        await q.query(
          `UPDATE channel_push_queue SET claimed_until = NULL, due_at = $3 WHERE connection_id = $1 AND product_id = $2`,
          [conn.id, f.product_id, until],
        );
      await logEntry(q, tenantId, conn.id, now, "info", err.message);
      return;
    }
    for (const { f, c } of rows) {
      const message =
        err.failure === "not_found"
          ? `${f.remote_variant_id ? "la variante" : "la publicación"} «${f.title}» no existe en ${label}: volvé a leer las publicaciones o vinculala de nuevo`
          : `«${f.title}»: ${err.message}`;
      await logEntry(q, tenantId, conn.id, now, "error", message, f.product_id);
      if (err.failure === "not_found" || err.failure === "invalid") {
        // Sending it again would fail the same way: it waits for "Reintentar" or a new change.
        await q.query(
          `DELETE FROM channel_push_queue WHERE connection_id = $1 AND product_id = $2 AND version = $3`,
          [conn.id, f.product_id, c.version],
        );
        await q.query(
          `UPDATE channel_push_queue SET claimed_until = NULL WHERE connection_id = $1 AND product_id = $2`,
          [conn.id, f.product_id],
        );
      } else
        await q.query(
          `UPDATE channel_push_queue SET claimed_until = NULL, attempts = attempts + 1, due_at = $3 WHERE connection_id = $1 AND product_id = $2`,
          [conn.id, f.product_id, new Date(now.getTime() + backoffMs(c.attempts))],
        );
    }
  });
}

/**
 * The current figures of these products' listings on the connection. On hand is the store's minus what its
 * online orders hold (not cancelled, not yet a sale at the till: the same orders the appliance holds stock
 * for, migration 0042), so a Tiendanube order lowers Mercado Libre's stock before the till hears of it.
 */
async function figuresOf(q: Queryable, conn: ConnectionRow, productIds: string[]): Promise<Figure[]> {
  return q.query<Figure>(
    `SELECT l.product_id, l.remote_product_id, l.remote_variant_id, l.title, l.pushed_version::text AS pushed_version,
            p.unit, p.active, (COALESCE(s.on_hand, 0) - COALESCE(held.quantity, 0))::text AS on_hand,
            (CASE WHEN p.variant_of IS NOT NULL AND p.price_follows_model THEN COALESCE(m.price, p.price) ELSE p.price END)::text AS price,
            COALESCE(ps.safety_margin, $2) AS margin, ps.fixed_price::text AS fixed_price
       FROM channel_listings l
       JOIN products p ON p.id = l.product_id
       LEFT JOIN products m ON m.id = p.variant_of
       LEFT JOIN stock_levels s ON s.store_id = $3 AND s.product_id = l.product_id::text
       LEFT JOIN channel_product_settings ps ON ps.connection_id = l.connection_id AND ps.product_id = l.product_id
       LEFT JOIN LATERAL (
         SELECT SUM((x->>'quantity')::bigint) AS quantity
           FROM online_orders o CROSS JOIN jsonb_array_elements(o.lines) x
          WHERE o.store_id = $3 AND o.status <> 'cancelled' AND x->>'productId' = l.product_id::text
            AND NOT EXISTS (SELECT 1 FROM online_order_fulfilments f WHERE f.tenant_id = o.tenant_id AND f.order_id = o.id)
       ) held ON true
      WHERE l.connection_id = $1 AND l.product_id = ANY($4::uuid[])`,
    [conn.id, conn.safety_margin, conn.store_id, productIds],
  );
}

/** Every variation id of every item on the connection (Mercado Libre deletes the ones a PUT leaves out). */
async function itemVariations(q: Queryable, connectionId: string): Promise<Map<string, string[]>> {
  const rows = await q.query<{ remote_product_id: string; ids: string[] }>(
    `SELECT remote_product_id, array_agg(remote_variant_id) AS ids FROM channel_listings
      WHERE connection_id = $1 AND remote_variant_id <> '' GROUP BY remote_product_id`,
    [connectionId],
  );
  return new Map(rows.map((r) => [r.remote_product_id, r.ids]));
}

/** The tenant's connections, for the worker. */
export async function connectionsOf(sql: Sql, tenantId: string): Promise<ConnectionRow[]> {
  return sql.withTenant(tenantId, (q) =>
    q.query<ConnectionRow>(`SELECT * FROM channel_connections ORDER BY created_at, id`),
  );
}

export { connectionOf };
