import type { Queryable } from "../db/sql.js";
import type { TelegramUpdate } from "./channels/telegram-bot.js";
import { firstDelivery, type InboundHandlers, receiveInbound } from "./inbound.js";
import { redeemTelegramLink, startToken } from "./telegram-links.js";

/** What to answer in the chat once the update's transaction committed. */
export interface ChatAnswer {
  chatId: string;
  text: string;
}

/**
 * One Telegram Update, however it arrived (the webhook, or getUpdates without a public URL): handled
 * once per update_id; "/start <token>" connects the chat to the contact the dashboard's link was made
 * for; any other text from a known chat is an inbound answer (/stop → opt-out, inbound.ts).
 */
export async function handleTelegramUpdate(
  q: Queryable,
  handlers: InboundHandlers,
  tenantId: string,
  update: TelegramUpdate,
  now: Date,
): Promise<ChatAnswer | null> {
  if (
    update.update_id !== undefined &&
    !(await firstDelivery(q, tenantId, "telegram", `update:${update.update_id}`, now))
  )
    return null;
  const message = update.message;
  const chatId = message?.chat?.id;
  if (!message?.text || chatId === undefined) return null; // edits, joins, callbacks: nothing to do
  const token = startToken(message.text);
  if (token) {
    const name = await redeemTelegramLink(q, token, String(chatId), now);
    return {
      chatId: String(chatId),
      text: name
        ? `Listo, ${name}: desde ahora vas a recibir acá los avisos de Mostrador.`
        : "Este enlace ya se usó o venció. Pedí uno nuevo en el panel de Mostrador (Mensajería → Conectar Telegram).",
    };
  }
  const [contact] = await q.query<{ id: string }>(
    `SELECT id FROM messaging_contacts WHERE telegram_chat_id = $1`,
    [String(chatId)],
  );
  if (!contact) return null;
  const replyTo = message.reply_to_message?.message_id;
  await receiveInbound(q, handlers, {
    tenantId,
    channel: "telegram",
    contactId: contact.id,
    text: message.text,
    payload: null,
    answersProviderId: replyTo !== undefined ? `${chatId}:${replyTo}` : null,
    at: now,
  });
  return null;
}
