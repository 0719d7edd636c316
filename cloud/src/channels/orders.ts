import { createHmac, timingSafeEqual } from "node:crypto";
import { describeTextProblem, findTextProblem } from "@mostrador/contracts/text";
import type { Clock } from "../core/clock.js";
import { CloudError } from "../core/errors.js";
import { newId } from "../core/ids.js";
import type { Sql } from "../db/sql.js";
import { CHANNEL_LABEL, ChannelError, type ChannelName, type RemoteOrder } from "./channel-client.js";
import type { ChannelsConfig } from "./config.js";
import { clientFor, logEntry } from "./connections.js";

export type WebhookOutcome =
  | { kind: "recorded"; changed: number; unchanged: number }
  | { kind: "ignored"; reason: string }
  | { kind: "retry_later" };

/** Tiendanube signs the raw body: hex HMAC-SHA256 with the app's client secret (x-linkedstore-hmac-sha256). */
export function tiendanubeSignatureValid(secret: string, raw: string, given: string | undefined): boolean {
  if (!given || !/^[0-9a-f]{64}$/i.test(given)) return false;
  const expected = createHmac("sha256", secret).update(raw).digest();
  return timingSafeEqual(expected, Buffer.from(given, "hex"));
}

/**
 * A field of a JSON body as its raw digits. Mercado Libre's application_id exceeds 2^53: JSON.parse
 * would round it, so it is read from the text and compared as a string.
 */
export function rawNumberField(raw: string, field: string): string | null {
  const m = new RegExp(`"${field}"\\s*:\\s*"?([0-9]{1,30})"?`).exec(raw);
  return m?.[1] ?? null;
}

const invalid = (message: string) => new CloudError("invalid", "invalid_notification", message);

/** Tiendanube's webhook: signature checked, then the order ALWAYS re-read from the API. */
export async function receiveTiendanube(
  sql: Sql,
  config: ChannelsConfig,
  clock: Clock,
  raw: string,
  signature: string | undefined,
): Promise<WebhookOutcome> {
  const app = config.tiendanube;
  if (!app)
    throw new CloudError("not_found", "channel_not_configured", "Tiendanube no está habilitado en esta nube");
  if (!tiendanubeSignatureValid(app.clientSecret, raw, signature))
    throw new CloudError(
      "unauthorized",
      "bad_signature",
      "La firma del aviso no corresponde: no se procesó nada",
    );
  const body = parseObject(raw);
  const storeId = rawNumberField(raw, "store_id");
  const orderId = rawNumberField(raw, "id");
  if (!storeId || !orderId || typeof body.event !== "string")
    throw invalid("El aviso no trae store_id, event e id");
  if (!body.event.startsWith("order/")) return { kind: "ignored", reason: `evento ${body.event}` };
  return reread(sql, config, clock, "tiendanube", storeId, `/orders/${orderId}`);
}

/** Mercado Libre's notification (unsigned): application_id and user_id checked, then the resource re-read. */
export async function receiveMercadoLibre(
  sql: Sql,
  config: ChannelsConfig,
  clock: Clock,
  raw: string,
): Promise<WebhookOutcome> {
  const app = config.mercadolibre;
  if (!app)
    throw new CloudError(
      "not_found",
      "channel_not_configured",
      "Mercado Libre no está habilitado en esta nube",
    );
  const body = parseObject(raw);
  const applicationId = rawNumberField(raw, "application_id");
  if (applicationId !== app.appId)
    throw new CloudError(
      "unauthorized",
      "wrong_application",
      "El aviso no es para esta aplicación: no se procesó nada",
    );
  const userId = rawNumberField(raw, "user_id");
  if (!userId || typeof body.resource !== "string" || typeof body.topic !== "string")
    throw invalid("El aviso no trae resource, user_id y topic");
  if (body.topic !== "orders_v2") return { kind: "ignored", reason: `tema ${body.topic}` };
  if (!/^\/(orders|packs)\/[0-9]{1,20}$/.test(body.resource))
    throw invalid("El aviso nombra un recurso que no es un pedido");
  return reread(sql, config, clock, "mercadolibre", userId, body.resource);
}

function parseObject(raw: string): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw new CloudError("invalid", "malformed_json", "El cuerpo del aviso no es JSON válido");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw invalid("El aviso no es un objeto JSON");
  // The text policy for the body these routes read themselves (a channel may send it pretty-printed).
  const problem = findTextProblem(body);
  if (problem) throw new CloudError("invalid", "invalid_text", describeTextProblem(problem, "El aviso"));
  return body as Record<string, unknown>;
}

async function reread(
  sql: Sql,
  config: ChannelsConfig,
  clock: Clock,
  channel: ChannelName,
  accountId: string,
  resource: string,
): Promise<WebhookOutcome> {
  const [owner] = await sql.query<{ tenant_id: string; connection_id: string }>(
    "SELECT tenant_id, connection_id FROM channels_connection_of_account($1, $2)",
    [channel, accountId],
  );
  if (!owner)
    throw new CloudError(
      "not_found",
      "channel_account_unknown",
      `Esa cuenta de ${CHANNEL_LABEL[channel]} no está conectada`,
    );
  const client = await clientFor(sql, config, clock, owner.tenant_id, owner.connection_id);
  let orders: RemoteOrder[];
  try {
    orders = await client.readOrders(resource);
  } catch (err) {
    if (!(err instanceof ChannelError)) throw err;
    await logEntry(
      sql,
      owner.tenant_id,
      owner.connection_id,
      clock.now(),
      "error",
      `No se pudo leer el pedido ${resource}: ${err.message}`,
    );
    if (err.failure === "not_found")
      throw new CloudError(
        "not_found",
        "order_unknown",
        `${CHANNEL_LABEL[channel]} no conoce ese pedido para esta cuenta`,
      );
    if (err.failure === "invalid") return { kind: "ignored", reason: err.message };
    return { kind: "retry_later" };
  }
  let changed = 0;
  for (const order of orders)
    if (await recordOrder(sql, clock, owner.tenant_id, owner.connection_id, channel, order)) changed++;
  return { kind: "recorded", changed, unchanged: orders.length - changed };
}

/**
 * Keeps an order as the channel answered it, once per content: the same state again (a replay, or a
 * late notification whose re-read answers what is already kept) changes nothing, so the shape sends
 * nothing down. Lines are linked to the store's products through the listings; a line on no linked
 * listing keeps productId null and is named in the log.
 */
export async function recordOrder(
  sql: Sql,
  clock: Clock,
  tenantId: string,
  connectionId: string,
  channel: ChannelName,
  order: RemoteOrder,
): Promise<boolean> {
  const now = clock.now();
  return sql.withTenant(tenantId, async (q) => {
    const [conn] = await q.query<{ store_id: string }>(
      "SELECT store_id FROM channel_connections WHERE id = $1",
      [connectionId],
    );
    const listings = await q.query<{
      remote_product_id: string;
      remote_variant_id: string;
      product_id: string | null;
    }>(
      `SELECT remote_product_id, remote_variant_id, product_id FROM channel_listings WHERE connection_id = $1 AND product_id IS NOT NULL
         AND remote_product_id = ANY($2::text[])`,
      [connectionId, order.lines.map((l) => l.remoteProductId)],
    );
    const productOf = (l: RemoteOrder["lines"][number]) =>
      listings.find(
        (x) => x.remote_product_id === l.remoteProductId && x.remote_variant_id === l.remoteVariantId,
      )?.product_id ?? null;
    const lines = order.lines.map((l) => ({ productId: productOf(l), ...l }));
    const rows = await q.query<{ inserted: boolean }>(
      `INSERT INTO online_orders (tenant_id, id, store_id, connection_id, channel, remote_order_id, remote_pack_id, number, status, buyer_name, total, lines, placed_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (tenant_id, channel, remote_order_id) DO UPDATE SET status = excluded.status, buyer_name = excluded.buyer_name,
         total = excluded.total, lines = excluded.lines, remote_pack_id = excluded.remote_pack_id, updated_at = excluded.updated_at
       WHERE (online_orders.status, online_orders.buyer_name, online_orders.total, online_orders.lines, online_orders.remote_pack_id)
             IS DISTINCT FROM (excluded.status, excluded.buyer_name, excluded.total, excluded.lines, excluded.remote_pack_id)
       RETURNING (xmax = 0) AS inserted`,
      [
        tenantId,
        newId(),
        conn!.store_id,
        connectionId,
        channel,
        order.remoteOrderId,
        order.packId,
        order.number,
        order.status,
        order.buyerName,
        order.total,
        JSON.stringify(lines),
        order.placedAt,
        now,
      ],
    );
    if (rows[0]?.inserted)
      for (const l of lines.filter((x) => !x.productId))
        await logEntry(
          q,
          tenantId,
          connectionId,
          now,
          "error",
          `El pedido ${order.number} trae «${l.title}»${l.sku ? ` (SKU ${l.sku})` : ""}, que no está vinculado a ningún producto: vinculalo para que la caja lo reconozca`,
        );
    return rows.length > 0;
  });
}
