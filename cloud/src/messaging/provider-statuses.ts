import type { Queryable } from "../db/sql.js";
import { logEvent } from "./queue.js";

/** Provider statuses only move a message forward: a late "sent" never undoes "read". */
const RANK: Record<string, number> = { sending: 0, accepted: 1, sent: 2, delivered: 3, read: 4 };

/**
 * A provider's status for one of our messages (WhatsApp webhook statuses[]): sent, delivered, read
 * move forward; failed ends any message not yet read. Unknown provider ids are ignored (another
 * system's message, or one whose record has not landed yet — README: the residual window).
 */
export async function applyProviderStatus(
  q: Queryable,
  tenantId: string,
  channel: "whatsapp",
  providerId: string,
  status: string,
  error: string | null,
  at: Date,
): Promise<boolean> {
  const [message] = await q.query<{ id: string; status: string }>(
    `SELECT id, status FROM messages WHERE channel = $1 AND provider_id = $2 FOR UPDATE`,
    [channel, providerId],
  );
  if (!message) return false;
  const from = RANK[message.status];
  const to = RANK[status];
  const moves =
    status === "failed"
      ? from !== undefined && from < RANK.read!
      : from !== undefined && to !== undefined && to > from;
  if (!moves) return false;
  await q.query(
    `UPDATE messages SET status = $2, last_error = COALESCE($3, last_error), updated_at = $4 WHERE id = $1`,
    [message.id, status, error, at],
  );
  await logEvent(q, tenantId, message.id, `provider_${status}`, error ? { error } : {}, at);
  return true;
}
