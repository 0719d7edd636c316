import type { Clock } from "../core/clock.js";
import { newId } from "../core/ids.js";
import type { Queryable, Sql } from "../db/sql.js";

interface OutageRow {
  appliance_id: string;
  store_id: string;
  name: string;
  last_seen_at: Date;
}

const hourIn = (at: Date, timeZone: string) =>
  new Intl.DateTimeFormat("es-AR", {
    timeZone,
    day: "2-digit",
    month: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).format(at);

/**
 * The cloud's own owner alert "appliance offline": an appliance (not revoked) whose last authenticated
 * call (appliances.last_seen_at, written by every upload, at most every 30 s) is older than the
 * tenant's `appliance_offline_minutes` (default 30) opens an outage and notifies the owner once; the
 * first call after it closes the outage and notifies once more. Both become owner notifications of kind
 * "appliance_offline" that the worker expands like the appliance's own (preferences, quiet hours:
 * "Grave" by default, so they go at night too). A revoked appliance's outage closes silently.
 */
export async function checkApplianceOutages(sql: Sql, clock: Clock): Promise<void> {
  const now = clock.now();
  const tenants = await sql.query<{ tenant: string }>(`SELECT messaging_tenants_with_outages($1) AS tenant`, [
    now,
  ]);
  for (const { tenant } of tenants) await sql.withTenant(tenant, (q) => checkTenant(q, tenant, now));
}

async function checkTenant(q: Queryable, tenantId: string, now: Date): Promise<void> {
  const [settings] = await q.query<{ minutes: number; tz: string }>(
    `SELECT appliance_offline_minutes AS minutes, default_time_zone AS tz FROM messaging_settings`,
  );
  const minutes = settings?.minutes ?? 30;
  const zone = settings?.tz ?? "America/Argentina/Buenos_Aires";
  // ON CONFLICT: the open-outage index makes a second checker (or a second pass) open nothing new.
  const opened = await q.query<OutageRow>(
    `WITH silent AS (
       SELECT id, store_id, name, last_seen_at FROM appliances
       WHERE revoked_at IS NULL AND last_seen_at IS NOT NULL AND last_seen_at < $2)
     , inserted AS (
       INSERT INTO messaging_appliance_outages (tenant_id, appliance_id, last_seen_at, noticed_at)
       SELECT $1, id, last_seen_at, $3 FROM silent ON CONFLICT DO NOTHING RETURNING appliance_id)
     SELECT s.id AS appliance_id, s.store_id, s.name, s.last_seen_at FROM silent s JOIN inserted i ON i.appliance_id = s.id`,
    [tenantId, new Date(now.getTime() - minutes * 60_000), now],
  );
  for (const o of opened)
    await notify(q, tenantId, o, now, {
      message: `La caja «${o.name}» no se comunica con la nube desde el ${hourIn(o.last_seen_at, zone)} (más de ${minutes} min). Revisá que esté encendida y con internet.`,
      dedupeKey: `appliance_offline:${o.appliance_id}:${o.last_seen_at.toISOString()}`,
    });

  const recovered = await q.query<OutageRow & { revoked: boolean }>(
    `UPDATE messaging_appliance_outages o SET recovered_at = $1 FROM appliances a
     WHERE a.id = o.appliance_id AND o.recovered_at IS NULL
       AND (a.revoked_at IS NOT NULL OR a.last_seen_at > o.last_seen_at)
     RETURNING o.appliance_id, a.store_id, a.name, o.last_seen_at, a.revoked_at IS NOT NULL AS revoked`,
    [now],
  );
  for (const o of recovered)
    if (!o.revoked)
      await notify(q, tenantId, o, now, {
        message: `La caja «${o.name}» volvió a comunicarse con la nube (estaba sin conexión desde el ${hourIn(o.last_seen_at, zone)}).`,
        dedupeKey: `appliance_online:${o.appliance_id}:${o.last_seen_at.toISOString()}`,
      });
}

async function notify(
  q: Queryable,
  tenantId: string,
  o: OutageRow,
  now: Date,
  n: { message: string; dedupeKey: string },
): Promise<void> {
  const payload = {
    message: n.message,
    at: now.toISOString(),
    kind: "appliance_offline",
    dedupeKey: n.dedupeKey,
    applianceId: o.appliance_id,
  };
  await q.query(
    `INSERT INTO owner_notifications (tenant_id, id, store_id, message, payload, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
    [tenantId, newId(), o.store_id, n.message, JSON.stringify(payload), now],
  );
}
