import type { ContactBody, ContactView } from "@mostrador/contracts/http/messaging";
import { CloudError, isUniqueViolation } from "../core/errors.js";
import { newId } from "../core/ids.js";
import type { Queryable } from "../db/sql.js";
import { normalizePhone } from "./phone.js";

export interface ContactRow {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  telegram_chat_id: string | null;
  time_zone: string | null;
  owner_recipient: boolean;
  whatsapp_last_inbound_at: Date | null;
}

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The columns of a contact body, normalised (phone) and checked (zone); refusals change nothing. */
function columns(body: ContactBody) {
  let phone: string | null | undefined = body.phone;
  if (typeof body.phone === "string") {
    phone = normalizePhone(body.phone);
    if (!phone)
      throw new CloudError("invalid", "invalid_phone", `"${body.phone}" no es un número de teléfono`);
  }
  if (typeof body.timeZone === "string" && !validTimeZone(body.timeZone))
    throw new CloudError("invalid", "invalid_time_zone", `"${body.timeZone}" no es una zona horaria`);
  return {
    name: body.name.trim(),
    email: typeof body.email === "string" ? body.email.trim().toLowerCase() : body.email,
    phone,
    telegramChatId: body.telegramChatId,
    timeZone: body.timeZone,
    ownerRecipient: body.ownerRecipient,
  };
}

function duplicate(err: unknown): never {
  if (isUniqueViolation(err))
    throw new CloudError(
      "conflict",
      "contact_exists",
      "Ya hay un contacto con ese correo, teléfono o chat de Telegram",
    );
  throw err;
}

export async function createContact(
  q: Queryable,
  tenantId: string,
  body: ContactBody,
  now: Date,
): Promise<string> {
  const c = columns(body);
  const id = newId();
  await q
    .query(
      `INSERT INTO messaging_contacts (tenant_id, id, name, email, phone, telegram_chat_id, time_zone, owner_recipient, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        tenantId,
        id,
        c.name,
        c.email ?? null,
        c.phone ?? null,
        c.telegramChatId ?? null,
        c.timeZone ?? null,
        c.ownerRecipient ?? false,
        now,
      ],
    )
    .catch(duplicate);
  return id;
}

/** Replaces the fields the body names (absent: kept; null: cleared). */
export async function updateContact(q: Queryable, id: string, body: ContactBody): Promise<void> {
  const c = columns(body);
  const rows = await q
    .query(
      `UPDATE messaging_contacts SET name = $2,
         email = CASE WHEN $3::boolean THEN $4 ELSE email END,
         phone = CASE WHEN $5::boolean THEN $6 ELSE phone END,
         telegram_chat_id = CASE WHEN $7::boolean THEN $8 ELSE telegram_chat_id END,
         time_zone = CASE WHEN $9::boolean THEN $10 ELSE time_zone END,
         owner_recipient = COALESCE($11, owner_recipient)
       WHERE id = $1 AND retired_at IS NULL RETURNING id`,
      [
        id,
        c.name,
        c.email !== undefined,
        c.email ?? null,
        c.phone !== undefined,
        c.phone ?? null,
        c.telegramChatId !== undefined,
        c.telegramChatId ?? null,
        c.timeZone !== undefined,
        c.timeZone ?? null,
        c.ownerRecipient ?? null,
      ],
    )
    .catch(duplicate);
  if (rows.length === 0) throw new CloudError("not_found", "contact_not_found", "No existe ese contacto");
}

export async function getContact(q: Queryable, id: string): Promise<ContactRow> {
  const [row] = await q.query<ContactRow>(
    `SELECT * FROM messaging_contacts WHERE id = $1 AND retired_at IS NULL`,
    [id],
  );
  if (!row) throw new CloudError("not_found", "contact_not_found", "No existe ese contacto");
  return row;
}

export async function listContacts(q: Queryable): Promise<ContactView[]> {
  const contacts = await q.query<ContactRow>(
    `SELECT * FROM messaging_contacts WHERE retired_at IS NULL ORDER BY name, id`,
  );
  const consents = await q.query<{
    contact_id: string;
    channel: ContactView["consents"][number]["channel"];
    status: ContactView["consents"][number]["status"];
    opted_in_at: Date | null;
    opted_out_at: Date | null;
    source: string;
    recorded_by: string;
  }>(`SELECT * FROM messaging_consents ORDER BY channel`);
  return contacts.map((c) => ({
    id: c.id,
    name: c.name,
    email: c.email,
    phone: c.phone,
    telegramChatId: c.telegram_chat_id,
    timeZone: c.time_zone,
    ownerRecipient: c.owner_recipient,
    consents: consents
      .filter((k) => k.contact_id === c.id)
      .map((k) => ({
        channel: k.channel,
        status: k.status,
        optedInAt: k.opted_in_at?.toISOString() ?? null,
        optedOutAt: k.opted_out_at?.toISOString() ?? null,
        source: k.source,
        recordedBy: k.recorded_by,
      })),
  }));
}

/**
 * Removes a contact: deleted outright when no message was ever queued to it; otherwise retired — its
 * addresses cleared (so they can be added again, and nothing more is sent), off the owner recipients,
 * its consents and alert preferences dropped — because the message log keeps pointing at it.
 * Returns which of the two happened.
 */
export async function removeContact(q: Queryable, id: string, now: Date): Promise<"deleted" | "retired"> {
  await getContact(q, id);
  const [used] = await q.query(`SELECT 1 FROM messages WHERE contact_id = $1 LIMIT 1`, [id]);
  if (!used) {
    await q.query(`DELETE FROM messaging_contacts WHERE id = $1`, [id]);
    return "deleted";
  }
  await q.query(`DELETE FROM messaging_consents WHERE contact_id = $1`, [id]);
  await q.query(`DELETE FROM messaging_alert_preferences WHERE contact_id = $1`, [id]);
  await q.query(
    `UPDATE messaging_contacts SET retired_at = $2, email = NULL, phone = NULL, telegram_chat_id = NULL,
       owner_recipient = false WHERE id = $1`,
    [id, now],
  );
  // Whatever was still waiting for this person does not go.
  await q.query(
    `UPDATE messages SET status = 'cancelled', updated_at = $2, last_error = 'Contacto eliminado'
     WHERE contact_id = $1 AND status = 'queued'`,
    [id, now],
  );
  return "retired";
}
