import type { Channel, WhatsappSettings } from "@mostrador/contracts/http/messaging";
import type { Queryable } from "../db/sql.js";
import { quietUntil } from "./policy.js";
import { enqueue } from "./queue.js";

interface NotificationRow {
  id: string;
  store_id: string;
  message: string;
  payload: Record<string, unknown>;
  store_name: string | null;
}

interface RecipientRow {
  id: string;
  email: string | null;
  phone: string | null;
  telegram_chat_id: string | null;
  time_zone: string | null;
  quiet_start: string | null;
  quiet_end: string | null;
  alert_bypass_severity: number | null;
}

/**
 * How urgent a kind is when its payload carries no `severity` (contracts/src/alarms.ts levels): a rule
 * the owner wrote to notify them, and an appliance gone silent, count as "Grave" and go through quiet
 * hours by default; low stock waits for the morning. Unknown kinds (a newer appliance's): "Aviso".
 */
const DEFAULT_SEVERITY: Record<string, number> = {
  rule: 3,
  appliance_offline: 3,
  backup_failed: 2,
  cash_difference: 2,
  low_stock: 1,
  invoicing_deadline: 3,
  certificate_expiry: 3,
  // The online channels' stock capped or paused while the till is silent (cloud/src/channels/stale-stock.ts).
  channel_stock_stale: 2,
};

/** What kind of notification a payload is: older appliances sent only rules' and had no `kind`. */
export function notificationKind(payload: Record<string, unknown>): string {
  return typeof payload.kind === "string" ? payload.kind : "rule";
}

/**
 * The send queue's key for one owner notification: the appliance's `dedupeKey` (one event, however
 * often it was queued or uploaded: every upload is a new op id) scoped to its store; older ops have no
 * key, and their op id is the event. routes.ts computes the same key in SQL to show deliveries.
 */
export function ownerAlertKey(
  storeId: string,
  notificationId: string,
  payload: Record<string, unknown>,
): string {
  const key = typeof payload.dedupeKey === "string" ? payload.dedupeKey : notificationId;
  return `owner_alert:${storeId}:${key}`.slice(0, 200);
}
export const OWNER_ALERT_KEY_SQL = `left('owner_alert:' || n.store_id || ':' || COALESCE(n.payload->>'dedupeKey', n.id), 200)`;

/**
 * Owner notifications (the appliance's rule action "notify" and low-stock alerts, ingested `queued` by
 * ingest/projections/alarms.ts; the cloud's own, like an appliance offline) become one message per owner
 * recipient and channel that recipient wants for the kind (messaging_alert_preferences; none stored:
 * every channel), de-duplicated by `ownerAlertKey`: the same event uploaded twice, or expanded by two
 * workers, queues nothing new. Inside the recipient's quiet hours an alert below their bypass severity
 * is scheduled for the end of the window. The notification is then `sent` (handed to the queue; each
 * message has its own status) or `failed` when no recipient could get it.
 */
export async function expandOwnerNotifications(q: Queryable, tenantId: string, now: Date): Promise<void> {
  const notifications = await q.query<NotificationRow>(
    `SELECT n.id, n.store_id, n.message, n.payload, s.name AS store_name FROM owner_notifications n
     LEFT JOIN stores s ON s.tenant_id = n.tenant_id AND s.id = n.store_id
     WHERE n.status = 'queued' ORDER BY n.created_at LIMIT 100 FOR UPDATE OF n SKIP LOCKED`,
  );
  if (notifications.length === 0) return;
  const recipients = await q.query<RecipientRow>(
    `SELECT id, email, phone, telegram_chat_id, time_zone, alert_bypass_severity,
       to_char(alert_quiet_start, 'HH24:MI') AS quiet_start, to_char(alert_quiet_end, 'HH24:MI') AS quiet_end
     FROM messaging_contacts WHERE owner_recipient AND retired_at IS NULL ORDER BY id`,
  );
  const channels = await q.query<{ channel: Channel; settings: Record<string, unknown> }>(
    `SELECT channel, settings FROM messaging_channels WHERE enabled`,
  );
  const preferences = await q.query<{ contact_id: string; kind: string; channels: Channel[] }>(
    `SELECT contact_id, kind, channels FROM messaging_alert_preferences`,
  );
  const [settings] = await q.query<{ tz: string }>(`SELECT default_time_zone AS tz FROM messaging_settings`);
  const defaultZone = settings?.tz ?? "America/Argentina/Buenos_Aires";

  for (const n of notifications) {
    let queued = 0;
    const kind = notificationKind(n.payload);
    const severity =
      typeof n.payload.severity === "number" ? n.payload.severity : (DEFAULT_SEVERITY[kind] ?? 2);
    const dedupeKey = ownerAlertKey(n.store_id, n.id, n.payload);
    const text = n.store_name ? `${n.store_name}: ${n.message}` : n.message;
    for (const r of recipients) {
      const wanted = preferences.find((p) => p.contact_id === r.id && p.kind === kind)?.channels;
      const bypass = r.alert_bypass_severity !== null && severity >= r.alert_bypass_severity;
      const notBefore =
        r.quiet_start && r.quiet_end && !bypass
          ? quietUntil(now, r.time_zone ?? defaultZone, r.quiet_start, r.quiet_end)
          : null;
      for (const { channel, settings } of channels) {
        if (wanted && !wanted.includes(channel)) continue;
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
            ...(notBefore ? { notBefore } : {}),
            dedupeKey,
            source: `owner_notification:${n.id}`,
          },
          now,
        );
        queued++;
      }
    }
    await q.query(`UPDATE owner_notifications SET status = $2, sent_at = $3 WHERE id = $1`, [
      n.id,
      queued > 0 ? "sent" : "failed",
      queued > 0 ? now : null,
    ]);
  }
}
