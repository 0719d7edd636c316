import { randomBytes } from "node:crypto";
import type { Queryable } from "../db/sql.js";
import { getContact } from "./contacts.js";
import { sha256Hex } from "./secrets.js";

/** How long a "Conectar Telegram" link works. */
export const TELEGRAM_LINK_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * A one-time token for https://t.me/<bot>?start=<token>: 32 url-safe characters (Telegram allows
 * A-Z a-z 0-9 _ - up to 64 in a start parameter). Only its hash is stored.
 */
export async function createTelegramLink(
  q: Queryable,
  tenantId: string,
  contactId: string,
  now: Date,
): Promise<{ token: string; expiresAt: Date }> {
  await getContact(q, contactId);
  const token = randomBytes(24).toString("base64url");
  const expiresAt = new Date(now.getTime() + TELEGRAM_LINK_TTL_MS);
  await q.query(
    `INSERT INTO messaging_telegram_links (tenant_id, token_hash, contact_id, expires_at, created_at)
     VALUES ($1, $2, $3, $4, $5)`,
    [tenantId, sha256Hex(token), contactId, expiresAt, now],
  );
  return { token, expiresAt };
}

/** "/start <token>" (also "/start@bot <token>"): the token, or null when the text is something else. */
export function startToken(text: string): string | null {
  return /^\/start(?:@[A-Za-z0-9_]+)?\s+([A-Za-z0-9_-]{1,64})\s*$/.exec(text)?.[1] ?? null;
}

/**
 * Links the chat to the token's contact: once (the token is spent) and before it expires. The chat moves
 * from any other contact that had it (one chat, one person). Returns the contact's name, or null.
 */
export async function redeemTelegramLink(
  q: Queryable,
  token: string,
  chatId: string,
  now: Date,
): Promise<string | null> {
  const [link] = await q.query<{ contact_id: string }>(
    `UPDATE messaging_telegram_links SET used_at = $2
     WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING contact_id`,
    [sha256Hex(token), now],
  );
  if (!link) return null;
  await q.query(
    `UPDATE messaging_contacts SET telegram_chat_id = NULL WHERE telegram_chat_id = $1 AND id <> $2`,
    [chatId, link.contact_id],
  );
  const [contact] = await q.query<{ name: string }>(
    `UPDATE messaging_contacts SET telegram_chat_id = $2 WHERE id = $1 AND retired_at IS NULL RETURNING name`,
    [link.contact_id, chatId],
  );
  return contact?.name ?? null;
}
