import { CloudError, isUniqueViolation } from "../core/errors.js";
import { newId } from "../core/ids.js";
import type { Queryable } from "../db/sql.js";
import type { MessagingConfig } from "./config.js";
import { type ConsentActor, optIn, optOut } from "./consent.js";
import { confirmUrl } from "./links.js";
import { normalizePhone } from "./phone.js";
import { enqueue } from "./queue.js";
import { sha256Hex } from "./secrets.js";

/** A shop customer as messaging needs them (cloud/src/customers/): who, and where to reach them. */
export interface CustomerContactInfo {
  name: string;
  email: string | null;
  /** E.164, as the appliance stores it. */
  phone: string | null;
}

/**
 * The messaging contact for a customer: `contactId` when the customer already has one (its address
 * refreshed), else a new one, or the tenant's existing contact with the same e-mail or phone (one
 * person, one contact). Returns the contact id.
 */
export async function ensureCustomerContact(
  q: Queryable,
  tenantId: string,
  contactId: string | null,
  info: CustomerContactInfo,
  now: Date,
): Promise<string> {
  const email = info.email?.toLowerCase() ?? null;
  const phone = info.phone ? normalizePhone(info.phone) : null;
  if (contactId) {
    await q
      .query(
        `UPDATE messaging_contacts SET name = $2, email = COALESCE($3, email), phone = COALESCE($4, phone)
          WHERE id = $1`,
        [contactId, info.name || "Cliente", email, phone],
      )
      .catch((err: unknown) => {
        // The address belongs to another contact already: keep this one's, consent still applies.
        if (!isUniqueViolation(err)) throw err;
      });
    return contactId;
  }
  const existing = await q.query<{ id: string }>(
    `SELECT id FROM messaging_contacts WHERE retired_at IS NULL
       AND ((email IS NOT NULL AND email = $1) OR (phone IS NOT NULL AND phone = $2)) ORDER BY created_at LIMIT 1`,
    [email, phone],
  );
  if (existing[0]) return existing[0].id;
  const id = newId();
  await q.query(
    `INSERT INTO messaging_contacts (tenant_id, id, name, email, phone, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
    [tenantId, id, info.name || "Cliente", email, phone, now],
  );
  return id;
}

/**
 * A customer's marketing consent on one channel, recorded at a till or in the dashboard, written into
 * messaging's consent records, which every campaign checks at send time. An email opt-in is double
 * opt-in as any other (pending until the person follows the emailed link); WhatsApp is in force at once.
 */
export async function recordCustomerConsent(
  q: Queryable,
  config: MessagingConfig,
  tenantId: string,
  contactId: string,
  channel: "email" | "whatsapp",
  granted: boolean,
  actor: ConsentActor,
  at: Date,
): Promise<"pending" | "opted_in" | "opted_out"> {
  if (!granted) {
    await optOut(q, tenantId, contactId, channel, actor, at);
    return "opted_out";
  }
  const contact = await q.query<{ name: string; email: string | null; phone: string | null }>(
    "SELECT name, email, phone FROM messaging_contacts WHERE id = $1",
    [contactId],
  );
  const address = channel === "email" ? contact[0]?.email : contact[0]?.phone;
  if (!address) throw new CloudError("invalid", "no_address", "El cliente no tiene dirección en ese canal");
  const result = await optIn(q, tenantId, contactId, channel, actor, at);
  if (result.confirmToken)
    await enqueue(
      q,
      tenantId,
      {
        channel: "email",
        contactId,
        kind: "transactional",
        reason: "consent_confirmation",
        subject: "Confirmá tu suscripción",
        body: `Hola ${contact[0]?.name ?? ""}: para recibir nuestras novedades por correo, confirmá en ${confirmUrl(config, result.confirmToken)}`,
        dedupeKey: `consent_confirmation:${sha256Hex(result.confirmToken).slice(0, 32)}`,
        source: "consent",
      },
      at,
    );
  return result.status;
}

/**
 * Delete on request, messaging's part: the customer's contacts lose name and addresses and are retired,
 * their consent records go, queued messages are cancelled and sent ones keep no text, address or events.
 */
export async function eraseCustomerContacts(q: Queryable, contactIds: string[], now: Date): Promise<void> {
  if (contactIds.length === 0) return;
  await q.query(
    `UPDATE messaging_contacts SET name = 'Cliente borrado', email = NULL, phone = NULL, telegram_chat_id = NULL,
       retired_at = COALESCE(retired_at, $2) WHERE id = ANY($1::uuid[])`,
    [contactIds, now],
  );
  await q.query("DELETE FROM messaging_consents WHERE contact_id = ANY($1::uuid[])", [contactIds]);
  await q.query(
    `DELETE FROM message_events WHERE message_id IN (SELECT id FROM messages WHERE contact_id = ANY($1::uuid[]))`,
    [contactIds],
  );
  await q.query(
    `UPDATE messages SET address = '', subject = NULL, body = '', html = NULL, template = NULL, reply_context = NULL,
       last_error = NULL, status = CASE WHEN status IN ('queued', 'sending') THEN 'cancelled' ELSE status END,
       updated_at = $2
     WHERE contact_id = ANY($1::uuid[])`,
    [contactIds, now],
  );
}
