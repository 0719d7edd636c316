import type { PaymentLink, PaymentLinkBody } from "@mostrador/contracts/http/cloud-mercadopago";
import type { PaymentView } from "@mostrador/platform/mercadopago/api";
import { MercadoPagoError } from "@mostrador/platform/mercadopago/api";
import { CloudError } from "../core/errors.js";
import type { Sql } from "../db/sql.js";
import { clientOf, type PaymentsConfig, webhookUrlOf } from "./config.js";
import type { LinkPaymentHandlers } from "./link-hooks.js";
import type { NotificationOutcome } from "./outcome.js";
import { sellerOf } from "./seller.js";

interface LinkRow {
  reference: string;
  url: string;
  amount: string | number;
  status: string;
  payment_id: string | null;
}

const view = (r: LinkRow): PaymentLink => ({
  reference: r.reference,
  url: r.url,
  amount: Number(r.amount),
  status: r.status,
  paymentId: r.payment_id,
});

export async function getPaymentLink(sql: Sql, tenantId: string, reference: string): Promise<PaymentLink> {
  const [row] = await sql.withTenant(tenantId, (q) =>
    q.query<LinkRow>(
      "SELECT reference, url, amount, status, payment_id FROM payment_links WHERE reference = $1",
      [reference],
    ),
  );
  if (!row) throw new CloudError("not_found", "payment_link_not_found", "No existe ese link de pago");
  return view(row);
}

/**
 * A Checkout Pro link for something the tenant sells online (a turno's seña, an online order). One per
 * reference: asking again answers the same link (and MP's idempotency key makes a retried create the same
 * preference). The payment is confirmed only by re-reading it from MP after its webhook.
 */
export async function createPaymentLink(
  sql: Sql,
  config: PaymentsConfig,
  tenantId: string,
  body: PaymentLinkBody,
  at: Date,
  options: { backUrl?: string; customerId?: string | null; expiresAt?: Date | null } = {},
): Promise<PaymentLink> {
  const existing = await getPaymentLink(sql, tenantId, body.reference).catch(() => null);
  if (existing) {
    if (existing.amount !== body.amount)
      throw new CloudError(
        "conflict",
        "payment_link_exists",
        "Ya hay un link de pago con esa referencia por otro importe",
      );
    return existing;
  }
  const seller = await sql.withTenant(tenantId, (q) => sellerOf(q, config));
  if (!seller)
    throw new CloudError(
      "conflict",
      "mercadopago_not_configured",
      "Mercado Pago no está configurado: conectalo desde Ajustes en el equipo",
    );
  let pref: { id: string; url: string };
  try {
    pref = await clientOf(config, seller.accessToken).createPreference(
      {
        externalReference: body.reference,
        title: body.title,
        amount: body.amount,
        notificationUrl: `${webhookUrlOf(config, tenantId)}?source_news=webhooks`,
        ...(options.backUrl ? { backUrl: options.backUrl } : {}),
        ...(options.expiresAt ? { expiresAt: options.expiresAt } : {}),
      },
      `link-${tenantId}-${body.reference}`,
    );
  } catch (err) {
    if (err instanceof MercadoPagoError)
      throw new CloudError(
        "conflict",
        "mercadopago_refused",
        `No se pudo crear el link en Mercado Pago: ${err.message}`,
      );
    throw err;
  }
  await sql.withTenant(tenantId, (q) =>
    q.query(
      `INSERT INTO payment_links (tenant_id, reference, title, amount, preference_id, url, created_at, updated_at,
         customer_id, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9) ON CONFLICT (tenant_id, reference) DO NOTHING`,
      [
        tenantId,
        body.reference,
        body.title,
        body.amount,
        pref.id,
        pref.url,
        at,
        options.customerId ?? null,
        options.expiresAt ?? null,
      ],
    ),
  );
  return getPaymentLink(sql, tenantId, body.reference);
}

/**
 * A payment MP notified, as re-read from MP: applied to its link once per (payment, status), only for
 * the link's exact amount. "approved" marks the link paid; a later "refunded" is kept too.
 */
export async function confirmLinkPayment(
  sql: Sql,
  tenantId: string,
  payment: PaymentView,
  at: Date,
  handlers?: LinkPaymentHandlers,
): Promise<NotificationOutcome> {
  if (!payment.externalReference) return { kind: "ignored", reason: "pago sin referencia" };
  return sql.withTenant(tenantId, async (q) => {
    const [link] = await q.query<LinkRow>(
      "SELECT reference, url, amount, status, payment_id FROM payment_links WHERE reference = $1 FOR UPDATE",
      [payment.externalReference],
    );
    if (!link) return { kind: "ignored", reason: "pago de otra cosa" };
    if (Number(link.amount) !== payment.amount) return { kind: "ignored", reason: "importe distinto" };
    const seen = await q.query(
      `INSERT INTO payment_link_events (tenant_id, payment_id, status, reference, seen_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING RETURNING payment_id`,
      [tenantId, payment.id, payment.status, link.reference, at],
    );
    if (seen.length === 0) return { kind: "recorded", duplicate: true };
    // A paid link stays paid by its first approved payment; a refund of that payment is recorded.
    if (link.status === "approved" && !(payment.status === "refunded" && link.payment_id === payment.id))
      return { kind: "recorded", duplicate: true };
    await q.query(
      "UPDATE payment_links SET status = $1, payment_id = $2, updated_at = $3 WHERE reference = $4",
      [payment.status, payment.id, at, link.reference],
    );
    // The module that made the link acts on it in this same transaction (exactly once per payment and status).
    await handlers?.handlerOf(link.reference)?.(q, { tenantId, reference: link.reference, payment, at });
    return { kind: "recorded", duplicate: false };
  });
}
