import type {
  ConnectionView,
  ListingView,
  MappingAnswer,
  SyncLogEntry,
} from "@mostrador/contracts/http/cloud-channels";
import type { Queryable } from "../db/sql.js";
import { connectionOf } from "./connections.js";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The tenant's connections as the "Canales" screen shows them. */
export async function listConnections(q: Queryable): Promise<ConnectionView[]> {
  const rows = await q.query<{
    id: string;
    store_id: string;
    channel: ConnectionView["channel"];
    account_id: string;
    status: ConnectionView["status"];
    safety_margin: number;
    markup_bp: number;
    stale_policy: ConnectionView["stalePolicy"];
    stale_minutes: number;
    stale_cap: number;
    stale_since: Date | null;
    paused_until: Date | null;
    pending: number;
    unmapped: number;
  }>(
    `SELECT c.*, (SELECT count(*)::int FROM channel_push_queue p WHERE p.connection_id = c.id) AS pending,
            (SELECT count(*)::int FROM channel_listings l WHERE l.connection_id = c.id AND l.product_id IS NULL) AS unmapped
       FROM channel_connections c ORDER BY c.created_at, c.id`,
  );
  return rows.map((r) => ({
    id: r.id,
    storeId: r.store_id,
    channel: r.channel,
    accountId: r.account_id,
    status: r.status,
    safetyMargin: r.safety_margin,
    markupBp: r.markup_bp,
    stalePolicy: r.stale_policy,
    staleMinutes: r.stale_minutes,
    staleCap: r.stale_cap,
    staleSince: iso(r.stale_since),
    pausedUntil: iso(r.paused_until),
    pendingPushes: r.pending,
    unmappedListings: r.unmapped,
  }));
}

/** Listings with their links, and the store's sellable products that are on no listing. */
export async function mappingOf(q: Queryable, connectionId: string): Promise<MappingAnswer> {
  const conn = await connectionOf(q, connectionId);
  const listings = await q.query<{
    remote_product_id: string;
    remote_variant_id: string;
    sku: string | null;
    title: string;
    product_id: string | null;
    product_name: string | null;
    mapped_by: ListingView["mappedBy"];
    pushed_stock: number | null;
    pushed_price: string | null;
    pushed_at: Date | null;
  }>(
    `SELECT l.*, p.name AS product_name FROM channel_listings l LEFT JOIN products p ON p.id = l.product_id
      WHERE l.connection_id = $1 ORDER BY l.product_id IS NOT NULL, l.title`,
    [connectionId],
  );
  const unmapped = await q.query<{ id: string; sku: string; name: string }>(
    `SELECT p.id, p.sku, p.name FROM products p
      WHERE p.active AND p.variant_axes IS NULL AND (p.store_id IS NULL OR p.store_id = $2)
        AND NOT EXISTS (SELECT 1 FROM channel_listings l WHERE l.connection_id = $1 AND l.product_id = p.id)
      ORDER BY p.name LIMIT 500`,
    [connectionId, conn.store_id],
  );
  return {
    listings: listings.map((l) => ({
      remoteProductId: l.remote_product_id,
      remoteVariantId: l.remote_variant_id,
      sku: l.sku,
      title: l.title,
      productId: l.product_id,
      productName: l.product_name,
      mappedBy: l.mapped_by,
      pushedStock: l.pushed_stock,
      pushedPrice: l.pushed_price === null ? null : Number(l.pushed_price),
      pushedAt: iso(l.pushed_at),
    })),
    unmappedProducts: unmapped,
  };
}

export async function syncLogOf(q: Queryable, connectionId: string): Promise<SyncLogEntry[]> {
  await connectionOf(q, connectionId);
  const rows = await q.query<{
    id: string;
    at: Date;
    level: SyncLogEntry["level"];
    message: string;
    product_id: string | null;
    retried_at: Date | null;
  }>(
    `SELECT id, at, level, message, product_id, retried_at FROM channel_sync_log WHERE connection_id = $1 ORDER BY at DESC, id DESC LIMIT 200`,
    [connectionId],
  );
  return rows.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    level: r.level,
    message: r.message,
    productId: r.product_id,
    retriedAt: iso(r.retried_at),
  }));
}
