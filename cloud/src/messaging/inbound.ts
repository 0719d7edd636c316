import type { Channel } from "@mostrador/contracts/http/messaging";
import type { Queryable } from "../db/sql.js";
import { optOut } from "./consent.js";
import { logEvent } from "./queue.js";
import { isStopWord } from "./policy.js";

/** A person's answer, as handed to the module that asked (turnos' "confirmar"/"cancelar"…). */
export interface InboundAnswer {
  tenantId: string;
  channel: Channel;
  contactId: string;
  text: string;
  /** A quick-reply button's payload (WhatsApp templates), when the answer was a button. */
  payload: string | null;
  /** Our message this answers, with the context its sender stored at enqueue (replyContext). */
  answered: { messageId: string; context: Record<string, unknown> | null };
  at: Date;
}

/**
 * Another module's handler of answers to its messages: a message enqueued with `replyHandler: name`
 * routes the person's answer here, inside the webhook's transaction (a throw answers 500 and the
 * provider retries).
 */
export interface InboundHandler {
  name: string;
  handle(q: Queryable, answer: InboundAnswer): Promise<void>;
}

export class InboundHandlers {
  private readonly handlers = new Map<string, InboundHandler>();
  register(handler: InboundHandler): void {
    if (this.handlers.has(handler.name))
      throw new Error(`Ya hay un receptor de respuestas "${handler.name}"`);
    this.handlers.set(handler.name, handler);
  }
  get(name: string): InboundHandler | undefined {
    return this.handlers.get(name);
  }
}

interface AnsweredRow {
  id: string;
  reply_handler: string | null;
  reply_context: Record<string, unknown> | null;
}

/**
 * What an inbound text does: STOP/BAJA (or /stop) opts the person out of that channel at once;
 * anything else goes to the handler of the message it answers — the one the provider names (WhatsApp
 * context.id, Telegram reply_to_message), else the latest message with a handler sent to that person
 * in the last 7 days. Returns what happened, for the log.
 */
/**
 * True the first time a provider's inbound message id is seen for this tenant and channel; false for a
 * webhook delivered again (the provider retries when our answer was slow or lost).
 */
export async function firstDelivery(
  q: Queryable,
  tenantId: string,
  channel: Channel,
  providerMessageId: string,
  at: Date,
): Promise<boolean> {
  const rows = await q.query(
    `INSERT INTO messaging_inbound_seen (tenant_id, channel, provider_message_id, received_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT DO NOTHING RETURNING provider_message_id`,
    [tenantId, channel, providerMessageId.slice(0, 200), at],
  );
  return rows.length === 1;
}

export async function receiveInbound(
  q: Queryable,
  handlers: InboundHandlers,
  input: {
    tenantId: string;
    channel: Channel;
    contactId: string;
    text: string;
    payload: string | null;
    answersProviderId: string | null;
    at: Date;
  },
): Promise<"opted_out" | "routed" | "unrouted"> {
  if (isStopWord(input.text)) {
    await optOut(
      q,
      input.tenantId,
      input.contactId,
      input.channel,
      { source: `${input.channel}: "${input.text.trim().slice(0, 40)}"`, recordedBy: "la persona" },
      input.at,
    );
    return "opted_out";
  }
  let [answered] = input.answersProviderId
    ? await q.query<AnsweredRow>(
        `SELECT id, reply_handler, reply_context FROM messages WHERE channel = $1 AND provider_id = $2 AND contact_id = $3`,
        [input.channel, input.answersProviderId, input.contactId],
      )
    : [];
  if (!answered?.reply_handler)
    [answered] = await q.query<AnsweredRow>(
      `SELECT id, reply_handler, reply_context FROM messages
       WHERE channel = $1 AND contact_id = $2 AND reply_handler IS NOT NULL AND provider_id IS NOT NULL AND created_at > $3
       ORDER BY created_at DESC LIMIT 1`,
      [input.channel, input.contactId, new Date(input.at.getTime() - 7 * 86_400_000)],
    );
  const handler = answered?.reply_handler ? handlers.get(answered.reply_handler) : undefined;
  if (!answered || !handler) return "unrouted";
  await logEvent(q, input.tenantId, answered.id, "answer", { text: input.text.slice(0, 200) }, input.at);
  await handler.handle(q, {
    tenantId: input.tenantId,
    channel: input.channel,
    contactId: input.contactId,
    text: input.text,
    payload: input.payload,
    answered: { messageId: answered.id, context: answered.reply_context },
    at: input.at,
  });
  return "routed";
}
