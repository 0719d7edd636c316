import type { StorePage, StorePageBody, StorePageLead, Utm } from "@mostrador/contracts/http/cloud-landing";
import { CloudError } from "../core/errors.js";
import { newId } from "../core/ids.js";
import type { Queryable } from "../db/sql.js";
import { createCloudCustomer } from "../customers/customer-writes.js";
import type { MessagingConfig } from "../messaging/config.js";
import { ensureCustomerContact, recordCustomerConsent } from "../messaging/customer-consent.js";
import type { LeadForm } from "./lead-form.js";

/**
 * Each store's own page for its customers (tenant data, RLS): the owner turns it on and writes the
 * address and hours; its visits are counted with their UTM; a lead sent from it becomes a customer of
 * the shop (tag "Página web"), with the consent they gave written into messaging's records (email:
 * double opt-in, as any other) and its wording and time kept beside the lead.
 */

export const storePagePath = (storeId: string) => `/local/${storeId}`;

const utmParams = (utm: Utm) => [utm.source, utm.medium, utm.campaign, utm.term, utm.content];

export interface PublicStorePage {
  storeId: string;
  storeName: string;
  businessName: string;
  address: string | null;
  hours: string | null;
  /** The turnos module takes bookings online here (an active professional): the widget goes on the page. */
  turnos: boolean;
}

/** The page as the public sees it (run under the store's tenant), or null when it is off. */
export async function publicStorePage(q: Queryable, storeId: string): Promise<PublicStorePage | null> {
  const [row] = await q.query<{
    name: string;
    org: string;
    address: string | null;
    hours: string | null;
    turnos: boolean;
  }>(
    `SELECT s.name, o.name AS org, p.address, p.hours,
       EXISTS (SELECT 1 FROM turno_professionals t WHERE t.store_id = s.id AND t.active) AS turnos
     FROM store_pages p JOIN stores s ON s.id = p.store_id JOIN organizations o ON o.id = p.tenant_id
     WHERE p.store_id = $1 AND p.enabled`,
    [storeId],
  );
  if (!row) return null;
  return {
    storeId,
    storeName: row.name,
    businessName: row.org,
    address: row.address,
    hours: row.hours,
    turnos: row.turnos,
  };
}

export async function recordStoreVisit(
  q: Queryable,
  tenantId: string,
  storeId: string,
  utm: Utm,
  now: Date,
): Promise<void> {
  await q.query(
    `INSERT INTO store_page_visits (tenant_id, id, store_id, utm_source, utm_medium, utm_campaign, utm_term, utm_content, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [tenantId, newId(), storeId, ...utmParams(utm), now],
  );
}

/** A lead from the store's page: a new customer with the consent given, in one transaction. */
export async function captureStoreLead(
  q: Queryable,
  messaging: MessagingConfig,
  tenantId: string,
  storeId: string,
  form: LeadForm,
  consent: { wording: string; ip: string | null },
  now: Date,
): Promise<string> {
  const customerId = await createCloudCustomer(
    q,
    tenantId,
    {
      name: form.name,
      ...(form.email ? { email: form.email } : {}),
      ...(form.phone ? { phone: form.phone } : {}),
      tags: ["Página web"],
    },
    now,
  );
  const [customer] = await q.query<{
    name: string;
    email: string | null;
    phone: string | null;
    contact_id: string | null;
  }>("SELECT name, email, phone, contact_id FROM customers WHERE id = $1", [customerId]);
  const contactId = await ensureCustomerContact(q, tenantId, customer!.contact_id, customer!, now);
  await q.query("UPDATE customers SET contact_id = $2 WHERE id = $1", [customerId, contactId]);
  const actor = { source: "página del local (formulario)", recordedBy: "la persona" };
  if (customer!.email)
    await recordCustomerConsent(q, messaging, tenantId, contactId, "email", true, actor, now);
  if (customer!.phone)
    await recordCustomerConsent(q, messaging, tenantId, contactId, "whatsapp", true, actor, now);
  const id = newId();
  await q.query(
    `INSERT INTO store_page_leads (tenant_id, id, store_id, customer_id, message, utm_source, utm_medium, utm_campaign,
       utm_term, utm_content, consent_wording, consent_at, ip, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $12)`,
    [
      tenantId,
      id,
      storeId,
      customerId,
      form.message,
      ...utmParams(form.utm),
      consent.wording,
      now,
      consent.ip?.slice(0, 64) ?? null,
    ],
  );
  return id;
}

/** Every store of the tenant with its page (off until the owner turns it on), leads and visits. */
export async function listStorePages(q: Queryable): Promise<StorePage[]> {
  const rows = await q.query<{
    id: string;
    name: string;
    enabled: boolean | null;
    address: string | null;
    hours: string | null;
    leads: number;
    visits: number;
  }>(
    `SELECT s.id, s.name, p.enabled, p.address, p.hours,
       (SELECT count(*)::int FROM store_page_leads l WHERE l.store_id = s.id) AS leads,
       (SELECT count(*)::int FROM store_page_visits v WHERE v.store_id = s.id) AS visits
     FROM stores s LEFT JOIN store_pages p ON p.store_id = s.id ORDER BY s.created_at, s.id`,
  );
  return rows.map((r) => ({
    storeId: r.id,
    storeName: r.name,
    enabled: r.enabled ?? false,
    address: r.address,
    hours: r.hours,
    path: storePagePath(r.id),
    leads: Number(r.leads),
    visits: Number(r.visits),
  }));
}

export async function saveStorePage(
  q: Queryable,
  tenantId: string,
  storeId: string,
  body: StorePageBody,
  now: Date,
): Promise<StorePage> {
  const [store] = await q.query("SELECT 1 FROM stores WHERE id = $1", [storeId]);
  if (!store) throw new CloudError("not_found", "store_not_found", "El local no existe");
  await q.query(
    `INSERT INTO store_pages (tenant_id, store_id, enabled, address, hours, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (tenant_id, store_id) DO UPDATE SET enabled = excluded.enabled, address = excluded.address,
       hours = excluded.hours, updated_at = excluded.updated_at`,
    [tenantId, storeId, body.enabled, body.address?.trim() || null, body.hours?.trim() || null, now],
  );
  return (await listStorePages(q)).find((p) => p.storeId === storeId)!;
}

/** The leads of the tenant's store pages, newest first (an erased customer shows no name or address). */
export async function listStorePageLeads(q: Queryable): Promise<StorePageLead[]> {
  const rows = await q.query<{
    id: string;
    store_id: string;
    store_name: string;
    customer_id: string;
    name: string | null;
    email: string | null;
    phone: string | null;
    message: string | null;
    utm_source: string | null;
    utm_medium: string | null;
    utm_campaign: string | null;
    utm_term: string | null;
    utm_content: string | null;
    consent_wording: string;
    consent_at: Date;
    at: Date;
  }>(
    `SELECT l.id, l.store_id, s.name AS store_name, l.customer_id, nullif(c.name, '') AS name, c.email, c.phone,
       l.message, l.utm_source, l.utm_medium, l.utm_campaign, l.utm_term, l.utm_content, l.consent_wording,
       l.consent_at, l.at
     FROM store_page_leads l JOIN stores s ON s.id = l.store_id
     LEFT JOIN customers c ON c.id = l.customer_id
     ORDER BY l.at DESC, l.id DESC LIMIT 500`,
  );
  return rows.map((r) => ({
    id: r.id,
    storeId: r.store_id,
    storeName: r.store_name,
    customerId: r.customer_id,
    name: r.name,
    email: r.email,
    phone: r.phone,
    message: r.message,
    utm: {
      source: r.utm_source,
      medium: r.utm_medium,
      campaign: r.utm_campaign,
      term: r.utm_term,
      content: r.utm_content,
    },
    consentWording: r.consent_wording,
    consentAt: r.consent_at.toISOString(),
    at: r.at.toISOString(),
  }));
}
