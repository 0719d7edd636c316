import type { Channel, WhatsappSettings } from "@mostrador/contracts/http/messaging";
import type { Queryable } from "../db/sql.js";
import { enqueue } from "./queue.js";

interface NotificationRow {
  id: string;
  message: string;
  store_name: string | null;
}

interface RecipientRow {
  id: string;
  email: string | null;
  phone: string | null;
  telegram_chat_id: string | null;
}

/**
 * Owner notifications (the appliance's rule action "notify", low-stock alerts: ingest/projections/
 * alarms.ts writes them `queued`) become one message per owner recipient and enabled channel, with the
 * dedupe key `owner_notification:<id>`: expanding the same notification twice (two workers, a crash
 * before the status update) queues nothing new. The notification is then `sent` (handed to the queue;
 * each message has its own status in the log) or `failed` when the tenant has no recipient to send to.
 */
export async function expandOwnerNotifications(q: Queryable, tenantId: string, now: Date): Promise<void> {
  const notifications = await q.query<NotificationRow>(
    `SELECT n.id, n.message, s.name AS store_name FROM owner_notifications n
     LEFT JOIN stores s ON s.tenant_id = n.tenant_id AND s.id = n.store_id
     WHERE n.status = 'queued' ORDER BY n.created_at LIMIT 100 FOR UPDATE OF n SKIP LOCKED`,
  );
  if (notifications.length === 0) return;
  const recipients = await q.query<RecipientRow>(
    `SELECT id, email, phone, telegram_chat_id FROM messaging_contacts WHERE owner_recipient ORDER BY id`,
  );
  const channels = await q.query<{ channel: Channel; settings: Record<string, unknown> }>(
    `SELECT channel, settings FROM messaging_channels WHERE enabled`,
  );
  for (const n of notifications) {
    let queued = 0;
    const text = n.store_name ? `${n.store_name}: ${n.message}` : n.message;
    for (const r of recipients)
      for (const { channel, settings } of channels) {
        const address = channel === "email" ? r.email : channel === "whatsapp" ? r.phone : r.telegram_chat_id;
        if (!address) continue;
        const alertTemplate =
          channel === "whatsapp" ? (settings as WhatsappSettings).alertTemplate : undefined;
        await enqueue(
          q,
          tenantId,
          {
            channel,
            contactId: r.id,
            kind: "transactional",
            reason: "owner_alert",
            subject: `Aviso de Mostrador${n.store_name ? ` — ${n.store_name}` : ""}`,
            body: text,
            ...(alertTemplate ? { template: { ...alertTemplate, parameters: [text] } } : {}),
            dedupeKey: `owner_notification:${n.id}`,
            source: `owner_notification:${n.id}`,
          },
          now,
        );
        queued++;
      }
    await q.query(`UPDATE owner_notifications SET status = $2, sent_at = $3 WHERE id = $1`, [
      n.id,
      queued > 0 ? "sent" : "failed",
      queued > 0 ? now : null,
    ]);
  }
}
