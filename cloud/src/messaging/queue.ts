import type { Channel, MessageStatus, MessageView } from "@mostrador/contracts/http/messaging";
import { CloudError } from "../core/errors.js";
import { newId } from "../core/ids.js";
import type { Queryable } from "../db/sql.js";
import { getContact } from "./contacts.js";
import type { MessageAttachment } from "./channels/types.js";
import type { MessageKind, MessageReason } from "./policy.js";

/**
 * An approved WhatsApp template: body parameters fill {{1}}, {{2}}…; `quickReplies` are the payloads of
 * its quick-reply buttons, in order (what the webhook hands back when the person taps one).
 */
export interface MessageTemplate {
  name: string;
  language: string;
  parameters: string[];
  quickReplies?: string[];
}

/** What a caller (owner notifications, turnos, dunning, campaigns, the test send) asks to send. */
export interface EnqueueRequest {
  channel: Channel;
  contactId: string;
  kind: MessageKind;
  reason: MessageReason;
  subject?: string;
  body: string;
  /** Email: an HTML part beside the text (campaigns: brand, open pixel, tracked links). */
  html?: string;
  /** WhatsApp outside the session window: the approved template; its parameters fill {{1}}, {{2}}… */
  template?: MessageTemplate;
  /** Email: files it carries (kept with the message, so a retry sends the same email). */
  attachments?: MessageAttachment[];
  /**
   * The caller's key for "this event, to this person, on this channel": enqueueing it again is a no-op
   * whatever state the first one reached (UNIQUE per tenant + channel + contact + key).
   */
  dedupeKey: string;
  /** Where it came from (owner_notification:<id>, turno:<id>…), for the log. */
  source?: string;
  /** The inbound handler that gets answers to this message (e.g. "turnos"), and what it needs to know. */
  replyHandler?: string;
  replyContext?: Record<string, unknown>;
  /** Not before this time (scheduling). Default: now. */
  notBefore?: Date;
}

export interface Enqueued {
  id: string;
  status: MessageStatus;
  /** True when the dedupe key was already used: nothing new was queued. */
  duplicate: boolean;
}

const ADDRESS_OF: Record<Channel, "email" | "phone" | "telegram_chat_id"> = {
  email: "email",
  whatsapp: "phone",
  telegram: "telegram_chat_id",
};

/** Queues one message in the caller's transaction (withTenant). Consent is checked again at send time. */
export async function enqueue(
  q: Queryable,
  tenantId: string,
  req: EnqueueRequest,
  now: Date,
): Promise<Enqueued> {
  const contact = await getContact(q, req.contactId);
  const address = contact[ADDRESS_OF[req.channel]];
  if (!address)
    throw new CloudError(
      "invalid",
      "no_address",
      `El contacto no tiene ${req.channel === "email" ? "correo" : req.channel === "whatsapp" ? "teléfono" : "chat de Telegram"}`,
    );
  const id = newId();
  const notBefore = req.notBefore ?? now;
  const inserted = await q.query<{ id: string }>(
    `INSERT INTO messages (tenant_id, id, channel, contact_id, address, kind, reason, subject, body, template, dedupe_key,
       source, reply_handler, reply_context, next_attempt_at, not_before, created_at, updated_at, html, attachments)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $16, $16, $17, $18)
     ON CONFLICT (tenant_id, channel, contact_id, dedupe_key) DO NOTHING RETURNING id`,
    [
      tenantId,
      id,
      req.channel,
      req.contactId,
      address,
      req.kind,
      req.reason,
      req.subject ?? null,
      req.body,
      req.template ? JSON.stringify(req.template) : null,
      req.dedupeKey,
      req.source ?? null,
      req.replyHandler ?? null,
      req.replyContext ? JSON.stringify(req.replyContext) : null,
      notBefore,
      now,
      req.html ?? null,
      req.attachments?.length ? JSON.stringify(req.attachments) : null,
    ],
  );
  if (inserted.length === 0) {
    const [existing] = await q.query<{ id: string; status: MessageStatus }>(
      `SELECT id, status FROM messages WHERE channel = $1 AND contact_id = $2 AND dedupe_key = $3`,
      [req.channel, req.contactId, req.dedupeKey],
    );
    return { id: existing!.id, status: existing!.status, duplicate: true };
  }
  await logEvent(
    q,
    tenantId,
    id,
    "enqueued",
    { dedupeKey: req.dedupeKey, notBefore: notBefore.toISOString() },
    now,
  );
  return { id, status: "queued", duplicate: false };
}

/** Cancels a message not yet handed to a provider; one already sending or sent cannot be recalled. */
export async function cancel(q: Queryable, tenantId: string, id: string, now: Date): Promise<void> {
  const rows = await q.query(
    `UPDATE messages SET status = 'cancelled', updated_at = $2, last_error = 'Cancelado'
     WHERE id = $1 AND status = 'queued' RETURNING id`,
    [id, now],
  );
  if (rows.length === 0) {
    const [m] = await q.query<{ status: string }>(`SELECT status FROM messages WHERE id = $1`, [id]);
    if (!m) throw new CloudError("not_found", "message_not_found", "No existe ese mensaje");
    throw new CloudError(
      "conflict",
      "message_not_cancellable",
      `El mensaje ya está ${m.status}: no se puede cancelar`,
    );
  }
  await logEvent(q, tenantId, id, "cancelled", {}, now);
}

export async function logEvent(
  q: Queryable,
  tenantId: string,
  messageId: string,
  type: string,
  detail: Record<string, unknown>,
  at: Date,
): Promise<void> {
  await q.query(
    `INSERT INTO message_events (tenant_id, id, message_id, at, type, detail) VALUES ($1, $2, $3, $4, $5, $6)`,
    [tenantId, newId(), messageId, at, type, JSON.stringify(detail)],
  );
}

export async function listMessages(
  q: Queryable,
  filter: { channel?: Channel; status?: MessageStatus; limit: number },
): Promise<MessageView[]> {
  const rows = await q.query<{
    id: string;
    channel: Channel;
    contact_id: string;
    name: string;
    address: string;
    kind: MessageKind;
    subject: string | null;
    body: string;
    status: MessageStatus;
    attempts: number;
    provider_id: string | null;
    last_error: string | null;
    not_before: Date;
    created_at: Date;
    updated_at: Date;
  }>(
    `SELECT m.*, c.name FROM messages m JOIN messaging_contacts c ON c.tenant_id = m.tenant_id AND c.id = m.contact_id
     WHERE ($1::text IS NULL OR m.channel = $1) AND ($2::text IS NULL OR m.status = $2)
       -- Account mail carries single-use links (a reset link would let a manager take the owner's account).
       AND m.reason <> 'account'
     ORDER BY m.created_at DESC, m.id DESC LIMIT $3`,
    [filter.channel ?? null, filter.status ?? null, filter.limit],
  );
  return rows.map((r) => ({
    id: r.id,
    channel: r.channel,
    contactId: r.contact_id,
    contactName: r.name,
    address: r.address,
    kind: r.kind,
    subject: r.subject,
    body: r.body,
    status: r.status,
    attempts: r.attempts,
    providerId: r.provider_id,
    lastError: r.last_error,
    notBefore: r.not_before.toISOString(),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  }));
}
