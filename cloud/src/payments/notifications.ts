import type { RelayedOrder } from "@mostrador/contracts/http/cloud-mercadopago";
import { MercadoPagoError, type OrderView } from "@mostrador/platform/mercadopago/api";
import { webhookSignatureValid } from "@mostrador/platform/mercadopago/signature";
import type { Clock } from "../core/clock.js";
import { CloudError } from "../core/errors.js";
import type { Sql } from "../db/sql.js";
import { clientOf, type PaymentsConfig } from "./config.js";
import type { NotificationOutcome } from "./outcome.js";
import { confirmLinkPayment } from "./payment-links.js";
import { sellerOf } from "./seller.js";

export interface Notification {
  tenantId: string;
  type: string | undefined;
  dataId: string | undefined;
  signature: string | undefined;
  requestId: string | undefined;
}

/**
 * One webhook from MP for a tenant. The signature is a filter (a wrong one is refused, nothing read);
 * the order or payment is then ALWAYS read again from MP with the seller's token, and only what MP
 * answers is recorded: once per (order, status), so replays and retries add nothing, and reordered
 * notifications only add the statuses MP really had. The appliances pull the recorded orders.
 */
export async function receiveNotification(
  sql: Sql,
  config: PaymentsConfig,
  clock: Clock,
  n: Notification,
): Promise<NotificationOutcome> {
  const seller = await sql.withTenant(n.tenantId, (q) => sellerOf(q, config));
  if (!seller)
    throw new CloudError(
      "not_found",
      "mercadopago_not_configured",
      "Mercado Pago no está configurado para esta cuenta",
    );
  if (!n.dataId || !/^[A-Za-z0-9_-]{1,64}$/.test(n.dataId))
    throw new CloudError("invalid", "invalid_notification", "El aviso no trae un id (data.id) válido");
  if (
    seller.webhookSecret &&
    !webhookSignatureValid(seller.webhookSecret, n.signature, n.dataId, n.requestId)
  )
    throw new CloudError(
      "unauthorized",
      "bad_signature",
      "La firma del aviso no corresponde: no se procesó nada",
    );

  const mp = clientOf(config, seller.accessToken);
  try {
    if (n.type === "order") {
      const order = await mp.getOrder(n.dataId);
      return { kind: "recorded", duplicate: !(await recordOrder(sql, n.tenantId, order, clock.now())) };
    }
    if (n.type === "payment") {
      const payment = await mp.getPayment(n.dataId);
      return await confirmLinkPayment(sql, n.tenantId, payment, clock.now(), config.linkHandlers);
    }
    return { kind: "ignored", reason: `tipo de aviso ${n.type ?? "(ninguno)"}` };
  } catch (err) {
    if (err instanceof MercadoPagoError && err.failure === "not_found")
      throw new CloudError(
        "not_found",
        "mercadopago_unknown",
        "Mercado Pago no conoce ese pedido para esta cuenta",
      );
    if (err instanceof MercadoPagoError) return { kind: "retry_later" };
    throw err;
  }
}

/** Keeps an order as MP answered it; false when that (order, status) was already kept. */
export async function recordOrder(sql: Sql, tenantId: string, order: OrderView, at: Date): Promise<boolean> {
  return sql.withTenant(tenantId, async (q) => {
    const rows = await q.query(
      `INSERT INTO mercadopago_orders (tenant_id, order_id, status, status_detail, kind, external_reference, amount, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (tenant_id, order_id, status) DO NOTHING RETURNING seq`,
      [
        tenantId,
        order.id,
        order.status,
        order.statusDetail,
        order.kind,
        order.externalReference,
        order.amount,
        at,
      ],
    );
    return rows.length > 0;
  });
}

/** What an appliance of the tenant has not pulled yet (oldest first, at most `limit`). */
export async function ordersAfter(
  sql: Sql,
  tenantId: string,
  after: number,
  limit = 200,
): Promise<RelayedOrder[]> {
  const rows = await sql.withTenant(tenantId, (q) =>
    q.query<{
      seq: string | number;
      order_id: string;
      kind: string;
      status: RelayedOrder["status"];
      status_detail: string;
      external_reference: string;
      amount: string | number;
    }>(
      `SELECT seq, order_id, kind, status, status_detail, external_reference, amount FROM mercadopago_orders
        WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [after, limit],
    ),
  );
  return rows.map((r) => ({
    seq: Number(r.seq),
    orderId: r.order_id,
    kind: r.kind,
    status: r.status,
    statusDetail: r.status_detail,
    externalReference: r.external_reference,
    amount: Number(r.amount),
  }));
}
