import type { Clock } from "../core/clock.js";
import type { Sql } from "../db/sql.js";
import type { MessagingConfig } from "../messaging/config.js";
import { enabledAutomations, runAutomation } from "./automations.js";
import { dispatchCampaign } from "./campaigns.js";

/**
 * One pass of the campaign scheduler: every campaign whose time came goes out, each in its own
 * transaction with its row locked, so two cloud replicas (or a pass re-run after a crash) never send one
 * twice: the second finds it `sent`, and messaging's dedupe key (`campaign:<id>` per contact) holds too.
 */
export async function runDueCampaigns(sql: Sql, clock: Clock, config: MessagingConfig): Promise<number> {
  const now = clock.now();
  const tenants = await sql.query<{ tenant: string }>(`SELECT campaigns_tenants_due($1) AS tenant`, [now]);
  let sent = 0;
  for (const { tenant } of tenants) {
    const due = await sql.withTenant(tenant, (q) =>
      q.query<{ id: string }>(
        `SELECT id FROM campaigns WHERE status = 'scheduled' AND scheduled_at <= $1 ORDER BY scheduled_at, id`,
        [now],
      ),
    );
    for (const { id } of due) {
      await sql.withTenant(tenant, (q) => dispatchCampaign(q, tenant, config, id, now));
      sent++;
    }
  }
  return sent;
}

/**
 * One pass of every tenant's enabled automations, each automation in its own transaction under an
 * advisory lock (two replicas take turns); automation_sends' primary key keeps each occasion to once.
 */
export async function runAutomations(sql: Sql, clock: Clock, config: MessagingConfig): Promise<number> {
  const now = clock.now();
  const tenants = await sql.query<{ tenant: string }>(`SELECT automations_tenants_enabled() AS tenant`);
  let queued = 0;
  for (const { tenant } of tenants) {
    const automations = await sql.withTenant(tenant, enabledAutomations);
    for (const a of automations)
      queued += await sql.withTenant(tenant, async (q) => {
        await q.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`automation:${a.id}`]);
        return runAutomation(q, tenant, config, a, now);
      });
  }
  return queued;
}
