import type {
  LeadMailState,
  ScoredLeadsAnswer,
  ScoreSettings,
} from "@mostrador/contracts/http/cloud-landing";
import type { LeadStage } from "@mostrador/contracts/http/cloud-operator";
import { newId } from "../core/ids.js";
import type { Queryable } from "../db/sql.js";
import { queueThresholdNotices } from "./lead-mail.js";
import { DEFAULT_SCORE_SETTINGS, leadScore, newlyCrossed, stageMove, type ScoredAction } from "./score.js";

/**
 * Lead scoring over the operator's tables (run as the operator's role: landing/operator-side.ts): the
 * settings row, each lead's actions (its events, plus "trial" when a sign-up linked it to a tenant), and
 * the thresholds it crossed, which move it along the CRM's stages as the operator would (kept in
 * lead_stage_changes with no operator) and list a notice, emailed to every active operator (lead-mail.ts).
 */

export async function readScoreSettings(q: Queryable): Promise<ScoreSettings> {
  const [row] = await q.query<{
    points: ScoreSettings["points"];
    half_life_days: number;
    thresholds: ScoreSettings["thresholds"];
  }>("SELECT points, half_life_days, thresholds FROM lead_score_settings");
  if (!row) return DEFAULT_SCORE_SETTINGS;
  return { points: row.points, halfLifeDays: row.half_life_days, thresholds: row.thresholds };
}

export async function saveScoreSettings(
  q: Queryable,
  settings: ScoreSettings,
  now: Date,
): Promise<ScoreSettings> {
  const thresholds = [...settings.thresholds].sort((a, b) => a.score - b.score);
  await q.query(
    `INSERT INTO lead_score_settings (id, points, half_life_days, thresholds, updated_at)
     VALUES (true, $1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE SET points = excluded.points, half_life_days = excluded.half_life_days,
       thresholds = excluded.thresholds, updated_at = excluded.updated_at`,
    [JSON.stringify(settings.points), settings.halfLifeDays, JSON.stringify(thresholds), now],
  );
  return { ...settings, thresholds };
}

/** Every lead's actions, by lead id. */
async function actionsOf(q: Queryable, leadIds: string[] | null): Promise<Map<string, ScoredAction[]>> {
  const rows = await q.query<{ lead_id: string; kind: ScoredAction["kind"]; at: Date }>(
    `SELECT lead_id, kind, at FROM lead_events WHERE lead_id IS NOT NULL AND ($1::uuid[] IS NULL OR lead_id = ANY($1))
     UNION ALL
     SELECT l.id, 'trial', o.created_at FROM leads l JOIN organizations o ON o.id = l.organization_id
      WHERE $1::uuid[] IS NULL OR l.id = ANY($1)`,
    [leadIds],
  );
  const out = new Map<string, ScoredAction[]>();
  for (const r of rows) {
    const list = out.get(r.lead_id) ?? [];
    list.push({ kind: r.kind, at: r.at });
    out.set(r.lead_id, list);
  }
  return out;
}

/**
 * Recomputes a lead's score at `now` and applies the thresholds it reaches for the first time: the
 * stage moves forward (never back, never out of won/lost) and the crossing is kept once. Returns the score.
 */
export async function rescoreLead(q: Queryable, leadId: string, now: Date): Promise<number> {
  const settings = await readScoreSettings(q);
  const [lead] = await q.query<{ stage: LeadStage }>("SELECT stage FROM leads WHERE id = $1 FOR UPDATE", [
    leadId,
  ]);
  if (!lead) return 0;
  const score = leadScore((await actionsOf(q, [leadId])).get(leadId) ?? [], settings, now);
  const crossed = await q.query<{ threshold: number }>(
    "SELECT threshold FROM lead_score_crossings WHERE lead_id = $1",
    [leadId],
  );
  let stage = lead.stage;
  for (const threshold of newlyCrossed(
    score,
    settings.thresholds,
    new Set(crossed.map((c) => c.threshold)),
  )) {
    await q.query(
      "INSERT INTO lead_score_crossings (lead_id, threshold, score, notify, at) VALUES ($1, $2, $3, $4, $5)",
      [leadId, threshold.score, score, threshold.notify, now],
    );
    if (threshold.notify) await queueThresholdNotices(q, { leadId, threshold: threshold.score, score }, now);
    const next = stageMove(stage, threshold.stage);
    if (!next) continue;
    await q.query("UPDATE leads SET stage = $2, stage_changed_at = $3 WHERE id = $1", [leadId, next, now]);
    await q.query(
      "INSERT INTO lead_stage_changes (id, lead_id, from_stage, to_stage, operator_id, at) VALUES ($1, $2, $3, $4, NULL, $5)",
      [newId(), leadId, stage, next, now],
    );
    stage = next;
  }
  return score;
}

/**
 * A sign-up links its lead from the tenants' side (operator_lead_signed_up), which cannot touch the
 * score's tables; the landing worker re-scores the leads whose trial started within `withinMs`, so the
 * trial's points move the stage and notify without waiting for the lead's next event. Thresholds fire
 * once, so a lead seen again changes nothing. Returns how many were re-scored.
 */
export async function rescoreNewTrials(q: Queryable, now: Date, withinMs: number): Promise<number> {
  const leads = await q.query<{ id: string }>(
    `SELECT l.id FROM leads l JOIN organizations o ON o.id = l.organization_id
      WHERE o.created_at > $1 AND o.created_at <= $2 ORDER BY o.created_at`,
    [new Date(now.getTime() - withinMs), now],
  );
  for (const lead of leads) await rescoreLead(q, lead.id, now);
  return leads.length;
}

interface LeadRow {
  id: string;
  business_name: string;
  contact_name: string | null;
  email: string | null;
  phone: string | null;
  rubro: string | null;
  source: string;
  stage: LeadStage;
  message: string | null;
  utm_source: string | null;
  utm_medium: string | null;
  utm_campaign: string | null;
  utm_term: string | null;
  utm_content: string | null;
  visits: number;
  created_at: Date;
}

interface MailRow {
  lead_id: string;
  status: "pending" | "sent" | "failed";
  sent_at: Date | null;
  opened_at: Date | null;
  clicked_at: Date | null;
  last_error: string | null;
}

const iso = (at: Date | null) => (at ? at.toISOString() : null);

/**
 * Every lead with its score at `now` (highest first) and its welcome email, and the notices of
 * thresholds crossed (newest first) with their emails to the operators.
 */
export async function scoredLeads(
  q: Queryable,
  now: Date,
  mailConfigured: boolean,
): Promise<ScoredLeadsAnswer> {
  const settings = await readScoreSettings(q);
  const rows = await q.query<LeadRow>(
    `SELECT l.id, l.business_name, l.contact_name, l.email, l.phone, l.rubro, l.source, l.stage, l.message,
       l.utm_source, l.utm_medium, l.utm_campaign, l.utm_term, l.utm_content, l.created_at,
       (SELECT count(*)::int FROM lead_events e WHERE e.lead_id = l.id AND e.kind = 'visit') AS visits
     FROM leads l ORDER BY l.created_at DESC, l.id`,
  );
  const actions = await actionsOf(q, null);
  const welcomes = new Map(
    (
      await q.query<MailRow>(
        "SELECT lead_id, status, sent_at, opened_at, clicked_at, last_error FROM lead_mail WHERE kind = 'welcome'",
      )
    ).map((m) => [m.lead_id, m]),
  );
  const leads = rows
    .map((r) => ({
      id: r.id,
      businessName: r.business_name,
      contactName: r.contact_name,
      email: r.email,
      phone: r.phone,
      rubro: r.rubro,
      source: r.source,
      stage: r.stage,
      message: r.message,
      utm: {
        source: r.utm_source,
        medium: r.utm_medium,
        campaign: r.utm_campaign,
        term: r.utm_term,
        content: r.utm_content,
      },
      score: leadScore(actions.get(r.id) ?? [], settings, now),
      visits: Number(r.visits),
      welcomeMail: mailState(welcomes.get(r.id)),
      createdAt: r.created_at.toISOString(),
    }))
    .sort((a, b) => b.score - a.score);
  const notices = await q.query<{
    lead_id: string;
    business_name: string;
    threshold: number;
    score: number;
    at: Date;
    sent: number;
    pending: number;
    failed: number;
  }>(
    `SELECT c.lead_id, l.business_name, c.threshold, c.score, c.at,
       count(*) FILTER (WHERE m.status = 'sent')::int AS sent,
       count(*) FILTER (WHERE m.status = 'pending')::int AS pending,
       count(*) FILTER (WHERE m.status = 'failed')::int AS failed
     FROM lead_score_crossings c JOIN leads l ON l.id = c.lead_id
     LEFT JOIN lead_mail m ON m.kind = 'notice' AND m.lead_id = c.lead_id AND m.threshold = c.threshold
     WHERE c.notify GROUP BY c.lead_id, l.business_name, c.threshold, c.score, c.at
     ORDER BY c.at DESC LIMIT 50`,
  );
  return {
    leads,
    notices: notices.map((n) => ({
      leadId: n.lead_id,
      businessName: n.business_name,
      threshold: n.threshold,
      score: n.score,
      at: n.at.toISOString(),
      emails: { sent: Number(n.sent), pending: Number(n.pending), failed: Number(n.failed) },
    })),
    mailConfigured,
  };
}

function mailState(row: MailRow | undefined): LeadMailState | null {
  if (!row) return null;
  return {
    status: row.status,
    sentAt: iso(row.sent_at),
    openedAt: iso(row.opened_at),
    clickedAt: iso(row.clicked_at),
    error: row.last_error,
  };
}
