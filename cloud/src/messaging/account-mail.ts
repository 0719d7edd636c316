import type { Queryable } from "../db/sql.js";
import { newId } from "../core/ids.js";
import { enqueue, type Enqueued } from "./queue.js";

export interface AccountMail {
  /** Lower-case address. */
  email: string;
  subject: string;
  body: string;
  /** One event, one email (a retried request queues nothing new). */
  dedupeKey: string;
  source: string;
}

/**
 * Queues an email about a dashboard account (verification, password reset, invitation) in the caller's
 * transaction, so it goes only if what it announces was committed. The queue needs a contact: the
 * address's existing contact of the tenant, else a new one named after the address. Reason "account":
 * no consent needed, sent by the platform's SMTP, kept out of the shop's message log (worker.ts).
 */
export async function enqueueAccountMail(
  q: Queryable,
  tenantId: string,
  mail: AccountMail,
  now: Date,
): Promise<Enqueued> {
  const [existing] = await q.query<{ id: string }>(`SELECT id FROM messaging_contacts WHERE email = $1`, [
    mail.email,
  ]);
  let contactId = existing?.id;
  if (!contactId) {
    contactId = newId();
    await q.query(
      `INSERT INTO messaging_contacts (tenant_id, id, name, email, created_at) VALUES ($1, $2, $3, $4, $5)`,
      [tenantId, contactId, mail.email.slice(0, 120), mail.email, now],
    );
  }
  return enqueue(
    q,
    tenantId,
    {
      channel: "email",
      contactId,
      kind: "transactional",
      reason: "account",
      subject: mail.subject,
      body: mail.body,
      dedupeKey: mail.dedupeKey,
      source: mail.source,
    },
    now,
  );
}
