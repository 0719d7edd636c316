import type { CampaignResults } from "@mostrador/contracts/http/cloud-campaigns";
import type { Queryable } from "../db/sql.js";

/**
 * A campaign's results, from messaging's records and the sales the cloud projects:
 * - sent: the provider took it; delivered: WhatsApp said delivered/read, an email accepted and not bounced;
 * - opened, clicked: people (first open, first click through the tracked links);
 * - unsubscribed: recipients whose consent on the channel was withdrawn after the campaign reached them;
 * - attributed: completed sales by a recipient (any record merged into them) within `attributionDays`
 *   after their message went out, counted once, in centavos.
 */
export async function campaignResults(
  q: Queryable,
  campaignId: string,
  attributionDays: number,
  skipped: { skippedNoConsent: number; skippedCap: number },
): Promise<CampaignResults> {
  const [r] = await q.query<Record<string, number>>(
    `SELECT count(*)::int AS recipients,
       count(*) FILTER (WHERE m.status IN ('accepted', 'sent', 'delivered', 'read'))::int AS sent,
       count(*) FILTER (WHERE m.status IN ('delivered', 'read') OR (m.channel = 'email' AND m.status IN ('accepted', 'sent')))::int AS delivered,
       count(r.opened_at)::int AS opened,
       count(r.clicked_at)::int AS clicked,
       count(*) FILTER (WHERE k.status = 'opted_out' AND k.opted_out_at >= r.queued_at)::int AS unsubscribed
     FROM campaign_recipients r
     JOIN messages m ON m.tenant_id = r.tenant_id AND m.id = r.message_id
     LEFT JOIN messaging_consents k ON k.tenant_id = r.tenant_id AND k.contact_id = r.contact_id AND k.channel = m.channel
     WHERE r.campaign_id = $1`,
    [campaignId],
  );
  const attributed = await attributedSales(q, "campaign", campaignId, attributionDays);
  return {
    recipients: r?.recipients ?? 0,
    skippedNoConsent: skipped.skippedNoConsent,
    skippedCap: skipped.skippedCap,
    sent: r?.sent ?? 0,
    delivered: r?.delivered ?? 0,
    opened: r?.opened ?? 0,
    clicked: r?.clicked ?? 0,
    unsubscribed: r?.unsubscribed ?? 0,
    ...attributed,
  };
}

/** Where each kind of message records its recipients, and the column naming the campaign or automation. */
const SENDS = {
  campaign: { table: "campaign_recipients", of: "campaign_id" },
  automation: { table: "automation_sends", of: "automation_id" },
} as const;

/**
 * The completed sales attributed to a campaign's or an automation's messages: by a recipient (any record
 * merged into them) within `attributionDays` after their message went out (its first "accepted" event),
 * each sale counted once, in centavos.
 */
export async function attributedSales(
  q: Queryable,
  kind: keyof typeof SENDS,
  id: string,
  attributionDays: number,
): Promise<{ attributedSales: number; attributedAmount: number }> {
  const { table, of } = SENDS[kind];
  const [a] = await q.query<{ n: number; amount: string | number }>(
    `SELECT count(*)::int AS n, coalesce(sum(s.total), 0) AS amount FROM sales s
     WHERE s.status = 'completed' AND EXISTS (
       SELECT 1 FROM ${table} r
       JOIN LATERAL (SELECT min(e.at) AS at FROM message_events e WHERE e.message_id = r.message_id AND e.type = 'accepted') x
         ON x.at IS NOT NULL
       WHERE r.${of} = $1
         AND s.customer_id IN (SELECT c.id FROM customers c WHERE c.id = r.customer_id OR c.merged_into = r.customer_id)
         AND s.created_at >= x.at AND s.created_at < x.at + make_interval(days => $2::int))`,
    [id, attributionDays],
  );
  return { attributedSales: a?.n ?? 0, attributedAmount: Number(a?.amount ?? 0) };
}
