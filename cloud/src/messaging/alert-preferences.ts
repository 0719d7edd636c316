import {
  type AlertPreferences,
  type Channel,
  OWNER_ALERT_KINDS,
  type OwnerAlertKind,
  type OwnerNotificationView,
} from "@mostrador/contracts/http/messaging";
import { CloudError } from "../core/errors.js";
import type { Queryable } from "../db/sql.js";
import { getContact } from "./contacts.js";
import { notificationKind, OWNER_ALERT_KEY_SQL } from "./owner-notifications.js";

/** One owner recipient's alert preferences (defaults: every channel, no quiet hours, "Grave" bypasses). */
export async function getAlertPreferences(q: Queryable, contactId: string): Promise<AlertPreferences> {
  await getContact(q, contactId);
  const [c] = await q.query<{ s: string | null; e: string | null; bypass: number | null }>(
    `SELECT to_char(alert_quiet_start, 'HH24:MI') AS s, to_char(alert_quiet_end, 'HH24:MI') AS e,
       alert_bypass_severity AS bypass FROM messaging_contacts WHERE id = $1`,
    [contactId],
  );
  const rows = await q.query<{ kind: string; channels: Channel[] }>(
    `SELECT kind, channels FROM messaging_alert_preferences WHERE contact_id = $1`,
    [contactId],
  );
  const kinds: AlertPreferences["kinds"] = {};
  for (const r of rows)
    if ((OWNER_ALERT_KINDS as readonly string[]).includes(r.kind))
      kinds[r.kind as OwnerAlertKind] = r.channels;
  return { kinds, quietStart: c?.s ?? null, quietEnd: c?.e ?? null, bypassSeverity: c?.bypass ?? null };
}

/** Replaces them whole (a kind left out: back to every channel). Refusals change nothing. */
export async function saveAlertPreferences(
  q: Queryable,
  tenantId: string,
  contactId: string,
  prefs: AlertPreferences,
  now: Date,
): Promise<void> {
  await getContact(q, contactId);
  if ((prefs.quietStart === null) !== (prefs.quietEnd === null))
    throw new CloudError(
      "invalid",
      "quiet_hours_incomplete",
      "Las horas de silencio necesitan un comienzo y un fin (o ninguno)",
    );
  if (prefs.quietStart !== null && prefs.quietStart === prefs.quietEnd)
    throw new CloudError(
      "invalid",
      "quiet_hours_empty",
      "Las horas de silencio empiezan y terminan a la misma hora",
    );
  await q.query(
    `UPDATE messaging_contacts SET alert_quiet_start = $2, alert_quiet_end = $3, alert_bypass_severity = $4 WHERE id = $1`,
    [contactId, prefs.quietStart, prefs.quietEnd, prefs.bypassSeverity],
  );
  await q.query(`DELETE FROM messaging_alert_preferences WHERE contact_id = $1`, [contactId]);
  for (const [kind, channels] of Object.entries(prefs.kinds))
    await q.query(
      `INSERT INTO messaging_alert_preferences (tenant_id, contact_id, kind, channels, updated_at) VALUES ($1, $2, $3, $4, $5)`,
      [tenantId, contactId, kind, channels, now],
    );
}

/** The latest owner notifications, each with its messages' statuses per channel and recipient. */
export async function listOwnerNotifications(q: Queryable, limit = 50): Promise<OwnerNotificationView[]> {
  const rows = await q.query<{
    id: string;
    store_name: string | null;
    message: string;
    payload: Record<string, unknown>;
    created_at: Date;
    status: OwnerNotificationView["status"];
    deliveries: OwnerNotificationView["deliveries"] | null;
  }>(
    `SELECT n.id, s.name AS store_name, n.message, n.payload, n.created_at, n.status,
       (SELECT json_agg(json_build_object('channel', m.channel, 'contactName', c.name, 'status', m.status,
          'lastError', m.last_error) ORDER BY m.channel, c.name)
        FROM messages m JOIN messaging_contacts c ON c.tenant_id = m.tenant_id AND c.id = m.contact_id
        WHERE m.dedupe_key = ${OWNER_ALERT_KEY_SQL}) AS deliveries
     FROM owner_notifications n LEFT JOIN stores s ON s.tenant_id = n.tenant_id AND s.id = n.store_id
     ORDER BY n.created_at DESC, n.id DESC LIMIT $1`,
    [limit],
  );
  return rows.map((r) => ({
    id: r.id,
    storeName: r.store_name,
    kind: notificationKind(r.payload),
    message: r.message,
    createdAt: r.created_at.toISOString(),
    status: r.status,
    deliveries: r.deliveries ?? [],
  }));
}
