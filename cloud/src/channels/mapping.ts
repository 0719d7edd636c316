import type { Clock } from "../core/clock.js";
import { CloudError } from "../core/errors.js";
import type { Queryable, Sql } from "../db/sql.js";
import { CHANNEL_LABEL, ChannelError } from "./channel-client.js";
import type { ChannelsConfig } from "./config.js";
import { clientFor, connectionOf, logEntry } from "./connections.js";

/** Owes a push of these products on this connection, due now (the outbox row's version moves on). */
export async function enqueuePush(
  q: Queryable,
  tenantId: string,
  connectionId: string,
  productIds: string[],
  at: Date,
): Promise<void> {
  if (productIds.length === 0) return;
  await q.query(
    `INSERT INTO channel_push_queue (tenant_id, connection_id, product_id, due_at)
     SELECT $1, $2, p, $4 FROM unnest($3::uuid[]) AS p
     ON CONFLICT (tenant_id, connection_id, product_id)
     DO UPDATE SET version = nextval('channel_push_version'), due_at = excluded.due_at, attempts = 0, claimed_until = NULL`,
    [tenantId, connectionId, productIds, at],
  );
}

/**
 * Reads the channel's listings again, keeps the hand-made links, and links every unlinked listing whose
 * SKU is exactly one product's SKU of the store's catalog. Listings whose SKU matches nothing stay
 * unlinked and are named in the log (the list of what is unmapped shows them too).
 */
export async function refreshListings(
  sql: Sql,
  config: ChannelsConfig,
  clock: Clock,
  tenantId: string,
  connectionId: string,
): Promise<{ listings: number; mappedBySku: number; unmatched: number }> {
  const client = await clientFor(sql, config, clock, tenantId, connectionId);
  const now = clock.now();
  let listings;
  try {
    listings = await client.listListings();
  } catch (err) {
    if (!(err instanceof ChannelError)) throw err;
    await logEntry(
      sql,
      tenantId,
      connectionId,
      now,
      "error",
      `No se pudieron leer las publicaciones: ${err.message}`,
    );
    throw new CloudError("conflict", "channel_failed", err.message);
  }
  return sql.withTenant(tenantId, async (q) => {
    const conn = await connectionOf(q, connectionId);
    await q.query(
      `INSERT INTO channel_listings (tenant_id, connection_id, remote_product_id, remote_variant_id, sku, title, seen_at)
       SELECT $1, $2, l."remoteProductId", l."remoteVariantId", l.sku, l.title, $4
         FROM jsonb_to_recordset($3::jsonb) AS l("remoteProductId" text, "remoteVariantId" text, sku text, title text)
       ON CONFLICT (tenant_id, connection_id, remote_product_id, remote_variant_id)
       DO UPDATE SET sku = excluded.sku, title = excluded.title, seen_at = excluded.seen_at`,
      [tenantId, connectionId, JSON.stringify(listings), now],
    );
    // Listings the channel no longer has lose their link (their product becomes unmapped again).
    await q.query(`DELETE FROM channel_listings WHERE connection_id = $1 AND seen_at < $2`, [
      connectionId,
      now,
    ]);
    const mapped = await q.query<{ product_id: string }>(
      `WITH candidates AS (
         SELECT l.remote_product_id, l.remote_variant_id, min(p.id::text)::uuid AS product_id, count(*) AS n
           FROM channel_listings l
           JOIN products p ON p.sku = l.sku AND p.active AND p.variant_axes IS NULL
                          AND (p.store_id IS NULL OR p.store_id = $2)
          WHERE l.connection_id = $1 AND l.product_id IS NULL AND l.sku IS NOT NULL
          GROUP BY l.remote_product_id, l.remote_variant_id)
       UPDATE channel_listings l SET product_id = c.product_id, mapped_by = 'sku'
         FROM candidates c
        WHERE l.connection_id = $1 AND l.remote_product_id = c.remote_product_id
          AND l.remote_variant_id = c.remote_variant_id AND c.n = 1
          AND NOT EXISTS (SELECT 1 FROM channel_listings o WHERE o.connection_id = $1 AND o.product_id = c.product_id)
       RETURNING l.product_id`,
      [connectionId, conn.store_id],
    );
    await enqueuePush(
      q,
      tenantId,
      connectionId,
      mapped.map((m) => m.product_id),
      now,
    );
    const unmatched = await q.query<{ title: string; sku: string | null }>(
      `SELECT title, sku FROM channel_listings WHERE connection_id = $1 AND product_id IS NULL ORDER BY title LIMIT 20`,
      [connectionId],
    );
    for (const u of unmatched)
      await logEntry(
        q,
        tenantId,
        connectionId,
        now,
        "error",
        u.sku
          ? `«${u.title}» (SKU ${u.sku}) de ${CHANNEL_LABEL[conn.channel]} no coincide con ningún producto: vinculalo a mano`
          : `«${u.title}» de ${CHANNEL_LABEL[conn.channel]} no tiene SKU: vinculalo a mano`,
      );
    await logEntry(
      q,
      tenantId,
      connectionId,
      now,
      "info",
      `Publicaciones leídas: ${listings.length}; vinculadas por SKU: ${mapped.length}`,
    );
    return { listings: listings.length, mappedBySku: mapped.length, unmatched: unmatched.length };
  });
}

/** Links a listing to a product by hand (productId null: unlinks it). */
export async function mapByHand(
  sql: Sql,
  clock: Clock,
  tenantId: string,
  connectionId: string,
  listing: { remoteProductId: string; remoteVariantId: string },
  productId: string | null,
): Promise<void> {
  const now = clock.now();
  await sql.withTenant(tenantId, async (q) => {
    const conn = await connectionOf(q, connectionId);
    if (productId) {
      const [product] = await q.query<{ variant_axes: unknown; unit: string }>(
        `SELECT variant_axes, unit FROM products WHERE id = $1 AND (store_id IS NULL OR store_id = $2)`,
        [productId, conn.store_id],
      );
      if (!product)
        throw new CloudError(
          "not_found",
          "product_not_found",
          "Ese producto no existe en el catálogo de este local",
        );
      if (product.variant_axes !== null)
        throw new CloudError(
          "invalid",
          "product_is_model",
          "Ese producto tiene variantes: vinculá cada variante con su publicación",
        );
      const [taken] = await q.query(
        `SELECT 1 FROM channel_listings WHERE connection_id = $1 AND product_id = $2
           AND (remote_product_id, remote_variant_id) <> ($3, $4)`,
        [connectionId, productId, listing.remoteProductId, listing.remoteVariantId],
      );
      if (taken)
        throw new CloudError(
          "conflict",
          "product_already_mapped",
          "Ese producto ya está vinculado a otra publicación de este canal",
        );
    }
    const updated = await q.query(
      `UPDATE channel_listings SET product_id = $4, mapped_by = CASE WHEN $4::uuid IS NULL THEN NULL ELSE 'hand' END
        WHERE connection_id = $1 AND remote_product_id = $2 AND remote_variant_id = $3 RETURNING 1`,
      [connectionId, listing.remoteProductId, listing.remoteVariantId, productId],
    );
    if (updated.length === 0)
      throw new CloudError(
        "not_found",
        "listing_not_found",
        "Esa publicación no está en la lista leída del canal",
      );
    if (productId) await enqueuePush(q, tenantId, connectionId, [productId], now);
  });
}
