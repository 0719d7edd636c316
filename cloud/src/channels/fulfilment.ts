import type { IngestOp } from "@mostrador/contracts/sync/ingest-batch";
import type { OnlineOrderPreparedPayload } from "@mostrador/contracts/sync/online-orders";
import { SYNC_OPS } from "@mostrador/contracts/sync/ops";
import type { Clock } from "../core/clock.js";
import type { Queryable, Sql } from "../db/sql.js";
import type { HandlerRegistration, IngestScope } from "../ingest/handlers.js";
import { CHANNEL_LABEL, ChannelError } from "./channel-client.js";
import type { ChannelsConfig } from "./config.js";
import { clientFor, type ConnectionRow, logEntry } from "./connections.js";

const LEASE_MS = 60_000;
const backoffMs = (attempts: number) => Math.min(15 * 60_000, 5_000 * 2 ** Math.min(attempts, 10));
/** Fulfilments one connection sends per pass (each is one call). */
const PER_PASS = 10;

/**
 * online_order/prepared from the store's appliance: the order became a sale there. Kept once per order
 * (a replay changes nothing); the row's insert re-pushes the order's products (migration 0042: it no longer
 * holds stock, its sale's movements lowered stock_levels) and owes the channel its fulfilment.
 */
async function applyPrepared(q: Queryable, scope: IngestScope, ops: IngestOp[]): Promise<void> {
  for (const op of ops) {
    const p = op.payload as OnlineOrderPreparedPayload;
    await q.query(
      `INSERT INTO online_order_fulfilments (tenant_id, order_id, store_id, sale_id, sale_number, prepared_at, due_at)
       SELECT o.tenant_id, o.id, o.store_id, $3, $4, $5, $6 FROM online_orders o
        WHERE o.tenant_id = $1 AND o.id = $2 AND o.store_id = $7
       ON CONFLICT (tenant_id, order_id) DO NOTHING`,
      [scope.tenantId, p.id, p.saleId, p.saleNumber, new Date(p.preparedAt), scope.now, scope.storeId],
    );
  }
}

export const onlineOrderProjection: HandlerRegistration = {
  apply: applyPrepared,
  payloads: SYNC_OPS.online_order,
  owns: [
    { table: "online_orders", ids: (op) => [op.entityId], reason: "El pedido online pertenece a otro local" },
  ],
};

interface Due {
  order_id: string;
  remote_order_id: string;
  number: string;
  sale_number: string;
  attempts: number;
}

/**
 * Sends the connection's due fulfilments: claimed with SKIP LOCKED and a lease (several workers never send
 * the same one), sent_at set after the channel answered, so it is never sent twice once it went through.
 * A 5xx or the network backs off (5 s × 2ⁿ, at most 15 min); a 429 pauses the connection; a refusal that
 * would repeat (the order cancelled or gone there) is logged and kept as failed. Every outcome is logged
 * in plain Spanish. Answers how many went out.
 */
export async function fulfilConnection(
  sql: Sql,
  config: ChannelsConfig,
  clock: Clock,
  tenantId: string,
  conn: ConnectionRow,
): Promise<number> {
  const now = clock.now();
  if (conn.status !== "active" || (conn.paused_until && conn.paused_until > now)) return 0;
  const due = await sql.withTenant(tenantId, (q) =>
    q.query<Due>(
      `UPDATE online_order_fulfilments f SET claimed_until = $3
         FROM online_orders o
        WHERE o.tenant_id = f.tenant_id AND o.id = f.order_id AND f.order_id IN (
          SELECT f2.order_id FROM online_order_fulfilments f2 JOIN online_orders o2 ON o2.tenant_id = f2.tenant_id AND o2.id = f2.order_id
           WHERE o2.connection_id = $1 AND f2.sent_at IS NULL AND f2.failed IS NULL AND f2.due_at <= $2
             AND (f2.claimed_until IS NULL OR f2.claimed_until < $2)
           ORDER BY f2.due_at LIMIT $4 FOR UPDATE OF f2 SKIP LOCKED)
        RETURNING f.order_id, o.remote_order_id, o.number, f.sale_number, f.attempts`,
      [conn.id, now, new Date(now.getTime() + LEASE_MS), PER_PASS],
    ),
  );
  if (due.length === 0) return 0;
  const label = CHANNEL_LABEL[conn.channel];
  const client = await clientFor(sql, config, clock, tenantId, conn.id);
  let sent = 0;
  for (const [i, d] of due.entries()) {
    try {
      await client.fulfilOrder(d.remote_order_id, d.sale_number);
    } catch (err) {
      if (!(err instanceof ChannelError)) throw err;
      const at = clock.now();
      await sql.withTenant(tenantId, async (q) => {
        if (err.failure === "rate_limited") {
          const until = new Date(at.getTime() + (err.retryAfterMs ?? 60_000));
          await q.query(`UPDATE channel_connections SET paused_until = $2 WHERE id = $1`, [conn.id, until]);
          // This one and the rest of the pass wait for the pause.
          for (const rest of due.slice(i))
            await q.query(
              `UPDATE online_order_fulfilments SET claimed_until = NULL, due_at = $2 WHERE order_id = $1`,
              [rest.order_id, until],
            );
          await logEntry(q, tenantId, conn.id, at, "info", err.message);
          return;
        }
        const lasting = err.failure === "not_found" || err.failure === "invalid";
        if (lasting)
          await q.query(
            `UPDATE online_order_fulfilments SET claimed_until = NULL, failed = $2 WHERE order_id = $1`,
            [d.order_id, err.message.slice(0, 500)],
          );
        else
          await q.query(
            `UPDATE online_order_fulfilments SET claimed_until = NULL, attempts = attempts + 1, due_at = $2 WHERE order_id = $1`,
            [d.order_id, new Date(at.getTime() + backoffMs(d.attempts))],
          );
        await logEntry(
          q,
          tenantId,
          conn.id,
          at,
          "error",
          `Pedido ${d.number}: no se pudo avisar a ${label} que está preparado (${err.message})${lasting ? "" : "; se vuelve a intentar"}`,
        );
      });
      if (err.failure === "rate_limited" || err.failure === "unauthorized") return sent;
      continue;
    }
    await sql.withTenant(tenantId, async (q) => {
      await q.query(
        `UPDATE online_order_fulfilments SET sent_at = $2, claimed_until = NULL WHERE order_id = $1`,
        [d.order_id, clock.now()],
      );
      await logEntry(
        q,
        tenantId,
        conn.id,
        clock.now(),
        "info",
        conn.channel === "tiendanube"
          ? `Pedido ${d.number}: preparado en el local (venta ${d.sale_number}); Tiendanube lo marcó como enviado`
          : `Pedido ${d.number}: preparado en el local (venta ${d.sale_number}); quedó anotado en Mercado Libre`,
      );
    });
    sent++;
  }
  return sent;
}
