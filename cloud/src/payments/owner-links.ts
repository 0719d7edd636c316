import {
  type OwnerPaymentLinkBody,
  type PaymentLinkItem,
  type PaymentLinkList,
  type PaymentLinkState,
  RESERVED_LINK_PREFIXES,
} from "@mostrador/contracts/http/cloud-mercadopago";
import { newId } from "../core/ids.js";
import { CloudError } from "../core/errors.js";
import type { Queryable, Sql } from "../db/sql.js";
import type { PaymentsConfig } from "./config.js";
import { createPaymentLink } from "./payment-links.js";

interface ItemRow {
  reference: string;
  title: string;
  url: string;
  amount: string | number;
  status: string;
  payment_id: string | null;
  customer_id: string | null;
  customer_name: string | null;
  customer_phone: string | null;
  expires_at: Date | null;
  cancelled_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const SELECT_ITEMS = `SELECT l.reference, l.title, l.url, l.amount, l.status, l.payment_id, l.customer_id,
    c.name AS customer_name, c.phone AS customer_phone, l.expires_at, l.cancelled_at, l.created_at, l.updated_at
  FROM payment_links l LEFT JOIN customers c ON c.tenant_id = l.tenant_id AND c.id = l.customer_id`;

/**
 * The owner's word for a link. MP's money wins: an approved payment is "paid" even after a cancel or the
 * expiry (it arrived; the owner refunds it at MP if they do not want it), a refund or charge-back is
 * "refunded". Otherwise the owner's cancel, then the expiry, then "pending".
 */
export function stateOf(
  row: { status: string; expires_at: Date | null; cancelled_at: Date | null },
  now: Date,
): PaymentLinkState {
  if (row.status === "approved") return "paid";
  if (row.status === "refunded" || row.status === "charged_back") return "refunded";
  if (row.cancelled_at) return "cancelled";
  if (row.expires_at && row.expires_at.getTime() <= now.getTime()) return "expired";
  return "pending";
}

const itemOf = (r: ItemRow, now: Date): PaymentLinkItem => ({
  reference: r.reference,
  title: r.title,
  url: r.url,
  amount: Number(r.amount),
  state: stateOf(r, now),
  status: r.status,
  paymentId: r.payment_id,
  customer: r.customer_id
    ? { id: r.customer_id, name: r.customer_name ?? "", phone: r.customer_phone }
    : null,
  expiresAt: r.expires_at?.toISOString() ?? null,
  cancelledAt: r.cancelled_at?.toISOString() ?? null,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

/**
 * The owner's links, newest first, a page at a time. Other modules' links (turnos' señas, under their
 * reserved prefixes) are not listed: the owner neither made them nor may cancel them here.
 */
export async function listPaymentLinks(
  sql: Sql,
  config: PaymentsConfig,
  tenantId: string,
  page: { limit: number; offset: number },
  now: Date,
): Promise<PaymentLinkList> {
  const reserved = reservedPrefixes(config).map((p) => `${p.toLowerCase()}%`);
  const rows = await sql.withTenant(tenantId, (q) =>
    q.query<ItemRow>(
      `${SELECT_ITEMS} WHERE NOT (lower(l.reference) LIKE ANY($3::text[])) ORDER BY l.seq DESC LIMIT $1 OFFSET $2`,
      [page.limit + 1, page.offset, reserved],
    ),
  );
  const more = rows.length > page.limit;
  return {
    links: rows.slice(0, page.limit).map((r) => itemOf(r, now)),
    nextOffset: more ? page.offset + page.limit : null,
  };
}

async function itemByReference(q: Queryable, reference: string, now: Date): Promise<PaymentLinkItem> {
  const [row] = await q.query<ItemRow>(`${SELECT_ITEMS} WHERE l.reference = $1`, [reference]);
  if (!row) throw new CloudError("not_found", "payment_link_not_found", "No existe ese link de pago");
  return itemOf(row, now);
}

/** One link as the owner's list shows it. */
export function paymentLinkItem(
  sql: Sql,
  tenantId: string,
  reference: string,
  now: Date,
): Promise<PaymentLinkItem> {
  return sql.withTenant(tenantId, (q) => itemByReference(q, reference, now));
}

/** Another module's references (turnos' señas): the owner neither makes nor cancels those. */
function reservedPrefixes(config: PaymentsConfig): string[] {
  return [...RESERVED_LINK_PREFIXES, ...(config.linkHandlers?.prefixes() ?? [])];
}

function refuseReserved(config: PaymentsConfig, reference: string): void {
  const reserved = reservedPrefixes(config);
  const prefix = reserved.find((p) => reference.toLowerCase().startsWith(p.toLowerCase()));
  if (prefix)
    throw new CloudError(
      "invalid",
      "reserved_reference",
      `Las referencias que empiezan con «${prefix}» son de otro módulo (las señas de turnos): usá otra`,
    );
}

/**
 * The owner's link: checked before anything is asked of MP (concept, reserved reference, the customer
 * is the tenant's, the expiry is ahead), then made like any other link (payment-links.ts).
 */
export async function createOwnerPaymentLink(
  sql: Sql,
  config: PaymentsConfig,
  tenantId: string,
  body: OwnerPaymentLinkBody,
  now: Date,
): Promise<PaymentLinkItem> {
  const title = body.title.trim();
  if (title === "") throw new CloudError("invalid", "empty_concept", "Escribí el concepto del cobro");
  const reference = body.reference ?? `link-${newId()}`;
  refuseReserved(config, reference);
  const expiresAt = body.expiresAt ? new Date(body.expiresAt) : null;
  if (expiresAt && expiresAt.getTime() <= now.getTime())
    throw new CloudError("invalid", "expiry_in_past", "El vencimiento del link tiene que ser en el futuro");
  const customerId = body.customerId ?? null;
  if (customerId) {
    // Row-level security: a customer of another tenant is not found, the same as one that never existed.
    const [customer] = await sql.withTenant(tenantId, (q) =>
      q.query("SELECT id FROM customers WHERE id = $1 AND merged_into IS NULL AND erased_at IS NULL", [
        customerId,
      ]),
    );
    if (!customer)
      throw new CloudError("invalid", "customer_not_found", "Ese cliente no existe en esta cuenta");
  }
  await createPaymentLink(sql, config, tenantId, { title, amount: body.amount, reference }, now, {
    customerId,
    expiresAt,
  });
  return sql.withTenant(tenantId, (q) => itemByReference(q, reference, now));
}

/**
 * The owner withdraws a link nobody paid yet. MP's preference cannot be deleted: if the buyer still pays
 * it, the payment is recorded and the link shows as paid (stateOf).
 */
export async function cancelPaymentLink(
  sql: Sql,
  config: PaymentsConfig,
  tenantId: string,
  reference: string,
  now: Date,
): Promise<PaymentLinkItem> {
  refuseReserved(config, reference);
  return sql.withTenant(tenantId, async (q) => {
    const [row] = await q.query<ItemRow>(`${SELECT_ITEMS} WHERE l.reference = $1 FOR UPDATE OF l`, [
      reference,
    ]);
    if (!row) throw new CloudError("not_found", "payment_link_not_found", "No existe ese link de pago");
    const state = stateOf(row, now);
    if (state !== "pending")
      throw new CloudError(
        "conflict",
        "payment_link_not_pending",
        state === "paid" || state === "refunded"
          ? "Ese link ya se pagó: no se puede cancelar"
          : state === "cancelled"
            ? "Ese link ya estaba cancelado"
            : "Ese link ya venció",
      );
    await q.query("UPDATE payment_links SET cancelled_at = $1, updated_at = $1 WHERE reference = $2", [
      now,
      reference,
    ]);
    return itemByReference(q, reference, now);
  });
}
