import {
  AUTOMATION_KINDS,
  type AutomationBody,
  type AutomationKind,
  type AutomationView,
  type CampaignResults,
} from "@mostrador/contracts/http/cloud-campaigns";
import type { SegmentRule } from "@mostrador/contracts/marketing/segment-rules";
import { dayKeyIn } from "@mostrador/contracts/zoned-day";
import { CloudError } from "../core/errors.js";
import { newId } from "../core/ids.js";
import type { Queryable } from "../db/sql.js";
import type { MessagingConfig } from "../messaging/config.js";
import { enqueue } from "../messaging/queue.js";
import { fieldsOf, shopName } from "./campaigns.js";
import { composeMarketing, marketingThisWeek, mayReceiveMarketing, parseMarketing } from "./compose.js";
import { attributedSales } from "./results.js";
import { segmentMembers } from "./segments.js";
import { loadMarketingSettings, tenantTimeZone } from "./settings.js";

/** What an automation looks like before the owner saves it: off, with a sensible text. */
const DEFAULTS: Record<AutomationKind, Omit<AutomationBody, "enabled" | "channel">> = {
  birthday: {
    subject: "¡Feliz cumpleaños, {{ nombre }}!",
    body: "¡Feliz cumple, {{ nombre }}! Te esperamos en {{ tienda }}.",
    days: 0,
  },
  we_miss_you: {
    subject: "{{ nombre }}, te extrañamos",
    body: "Hola {{ nombre }}: hace un tiempo que no pasás por {{ tienda }}. ¡Te esperamos!",
    days: 60,
  },
  first_purchase: {
    subject: "¡Gracias por tu primera compra!",
    body: "Hola {{ nombre }}: gracias por elegir {{ tienda }}.",
    days: 1,
  },
  points_expiring: {
    subject: "Tus puntos están por vencer",
    body: "Hola {{ nombre }}: tenés {{ puntos }} puntos en {{ tienda }} que vencen pronto.",
    days: 7,
  },
};

interface AutomationRow {
  id: string;
  kind: AutomationKind;
  enabled: boolean;
  channel: "email" | "whatsapp";
  subject: string;
  body: string;
  whatsapp_template: { name: string; language: string; parameters: string[] } | null;
  days: number;
}

/** A candidate for one automation: the customer and the occasion they are reached for (once each). */
interface Occasion {
  id: string;
  contact_id: string | null;
  occasion: string;
}

const lastPurchaseDay = `(SELECT max(s.created_at)::date::text FROM sales s WHERE s.status = 'completed'
  AND s.customer_id IN (SELECT c.id FROM customers c WHERE c.id = $1 OR c.merged_into = $1))`;

/**
 * Who each automation reaches now, and for what occasion:
 * - birthday: the birthday is today in the shop's zone; once a year;
 * - we_miss_you: N to N+7 days since the last purchase (a week's slack for a missed pass); once per lapse
 *   (the last purchase's day is the occasion: buying again and lapsing again is a new one);
 * - first_purchase: exactly one purchase, made in the last N days (at least the same day); once ever;
 * - points_expiring: points with a positive balance expiring within N days; once per expiry day.
 */
async function occasions(q: Queryable, a: AutomationRow, now: Date): Promise<Occasion[]> {
  const zone = await tenantTimeZone(q);
  const byRule = async (rule: SegmentRule, occasionOf: (id: string) => Promise<string>) => {
    const out: Occasion[] = [];
    for (const m of await segmentMembers(q, rule, now))
      out.push({ id: m.id, contact_id: m.contact_id, occasion: await occasionOf(m.id) });
    return out;
  };
  const lastDay = async (id: string) =>
    `last:${(await q.query<{ d: string }>(`SELECT ${lastPurchaseDay} AS d`, [id]))[0]?.d ?? "-"}`;
  switch (a.kind) {
    case "birthday":
      return byRule(
        { field: "daysToBirthday", op: "eq", value: 0 },
        async () => `year:${dayKeyIn(now, zone).slice(0, 4)}`,
      );
    case "we_miss_you":
      return byRule(
        {
          all: [
            { field: "daysSinceLastPurchase", op: "gte", value: a.days },
            { field: "daysSinceLastPurchase", op: "lte", value: a.days + 7 },
          ],
        },
        lastDay,
      );
    case "first_purchase":
      return byRule(
        {
          all: [
            { field: "purchaseCount", op: "eq", value: 1 },
            { field: "daysSinceLastPurchase", op: "lte", value: Math.max(a.days, 0) },
          ],
        },
        async () => "first",
      );
    case "points_expiring":
      return q.query<Occasion>(
        `SELECT p.id, p.contact_id, 'expires:' || min(e.expires)::date::text AS occasion
         FROM customers p
         JOIN LATERAL (SELECT (l.payload ->> 'expiresAt')::timestamptz AS expires FROM loyalty_entries l
           WHERE l.customer_id IN (SELECT m.id FROM customers m WHERE m.id = p.id OR m.merged_into = p.id)
             AND l.points > 0 AND l.payload ->> 'expiresAt' IS NOT NULL) e
           ON e.expires > $1 AND e.expires <= $1 + make_interval(days => $2::int)
         WHERE p.merged_into IS NULL AND p.erased_at IS NULL
           AND (SELECT coalesce(sum(l.points), 0) FROM loyalty_entries l
                WHERE l.customer_id IN (SELECT m.id FROM customers m WHERE m.id = p.id OR m.merged_into = p.id)) > 0
         GROUP BY p.id, p.contact_id`,
        [now, a.days],
      );
  }
}

/**
 * One pass of one automation: every occasion not handled yet is claimed (automation_sends' primary key:
 * never twice to one customer for one occasion, however often the pass runs or on how many replicas)
 * and either queued in messaging (opt-in on the channel, under the weekly cap) or recorded as skipped.
 */
export async function runAutomation(
  q: Queryable,
  tenantId: string,
  config: MessagingConfig,
  a: AutomationRow,
  now: Date,
): Promise<number> {
  const found = await occasions(q, a, now);
  if (found.length === 0) return 0;
  const settings = await loadMarketingSettings(q);
  const shop = await shopName(q);
  const fields = await fieldsOf(
    q,
    found.map((o) => o.id),
    shop,
  );
  const templates = parseMarketing(a);
  let queued = 0;
  for (const o of found) {
    const [claimed] = await q.query(
      `INSERT INTO automation_sends (tenant_id, automation_id, customer_id, occasion, outcome, contact_id, at)
       VALUES ($1, $2, $3, $4, 'no_consent', $5, $6) ON CONFLICT DO NOTHING RETURNING customer_id`,
      [tenantId, a.id, o.id, o.occasion, o.contact_id, now],
    );
    if (!claimed) continue; // this occasion was handled on an earlier pass
    if (!o.contact_id || !(await mayReceiveMarketing(q, o.contact_id, a.channel))) continue;
    if ((await marketingThisWeek(q, o.contact_id, now)) >= settings.weeklyCap) {
      await q.query(
        `UPDATE automation_sends SET outcome = 'cap' WHERE automation_id = $1 AND customer_id = $2 AND occasion = $3`,
        [a.id, o.id, o.occasion],
      );
      continue;
    }
    const sent = await enqueue(
      q,
      tenantId,
      {
        channel: a.channel,
        contactId: o.contact_id,
        kind: "marketing",
        reason: "marketing",
        ...composeMarketing(config, templates, { settings, shopName: shop }, fields.get(o.id)!, {
          t: tenantId,
          k: a.id,
          r: o.id,
          a: o.occasion,
        }),
        dedupeKey: `automation:${a.kind}:${o.occasion}`,
        source: `automation:${a.kind}`,
      },
      now,
    );
    await q.query(
      `UPDATE automation_sends SET outcome = 'queued', message_id = $4 WHERE automation_id = $1 AND customer_id = $2 AND occasion = $3`,
      [a.id, o.id, o.occasion, sent.id],
    );
    queued++;
  }
  return queued;
}

export async function enabledAutomations(q: Queryable): Promise<AutomationRow[]> {
  return q.query<AutomationRow>(`SELECT * FROM automations WHERE enabled ORDER BY kind`);
}

async function results(q: Queryable, id: string, attributionDays: number): Promise<CampaignResults> {
  const [r] = await q.query<Record<string, number>>(
    `SELECT count(*) FILTER (WHERE x.outcome = 'queued')::int AS recipients,
       count(*) FILTER (WHERE x.outcome = 'no_consent')::int AS no_consent,
       count(*) FILTER (WHERE x.outcome = 'cap')::int AS cap,
       count(*) FILTER (WHERE m.status IN ('accepted', 'sent', 'delivered', 'read'))::int AS sent,
       count(*) FILTER (WHERE m.status IN ('delivered', 'read') OR (m.channel = 'email' AND m.status IN ('accepted', 'sent')))::int AS delivered,
       count(x.opened_at)::int AS opened, count(x.clicked_at)::int AS clicked,
       count(*) FILTER (WHERE k.status = 'opted_out' AND k.opted_out_at >= x.at)::int AS unsubscribed
     FROM automation_sends x
     LEFT JOIN messages m ON m.tenant_id = x.tenant_id AND m.id = x.message_id
     LEFT JOIN messaging_consents k ON k.tenant_id = x.tenant_id AND k.contact_id = x.contact_id AND k.channel = m.channel
     WHERE x.automation_id = $1`,
    [id],
  );
  const attributed = await attributedSales(q, "automation", id, attributionDays);
  return {
    recipients: r?.recipients ?? 0,
    skippedNoConsent: r?.no_consent ?? 0,
    skippedCap: r?.cap ?? 0,
    sent: r?.sent ?? 0,
    delivered: r?.delivered ?? 0,
    opened: r?.opened ?? 0,
    clicked: r?.clicked ?? 0,
    unsubscribed: r?.unsubscribed ?? 0,
    ...attributed,
  };
}

const EMPTY: CampaignResults = {
  recipients: 0,
  skippedNoConsent: 0,
  skippedCap: 0,
  sent: 0,
  delivered: 0,
  opened: 0,
  clicked: 0,
  unsubscribed: 0,
  attributedSales: 0,
  attributedAmount: 0,
};

export async function listAutomations(q: Queryable): Promise<AutomationView[]> {
  const rows = await q.query<AutomationRow>(`SELECT * FROM automations`);
  const { attributionDays } = await loadMarketingSettings(q);
  const out: AutomationView[] = [];
  for (const kind of AUTOMATION_KINDS) {
    const r = rows.find((x) => x.kind === kind);
    out.push(
      r
        ? {
            kind,
            saved: true,
            enabled: r.enabled,
            channel: r.channel,
            subject: r.subject,
            body: r.body,
            whatsappTemplate: r.whatsapp_template,
            days: r.days,
            results: await results(q, r.id, attributionDays),
          }
        : {
            kind,
            saved: false,
            enabled: false,
            channel: "email",
            whatsappTemplate: null,
            ...DEFAULTS[kind],
            results: EMPTY,
          },
    );
  }
  return out;
}

/** Saves one automation (templates checked: an unclosed tag refused with its line; nothing saved). */
export async function saveAutomation(
  q: Queryable,
  tenantId: string,
  kind: AutomationKind,
  body: AutomationBody,
  now: Date,
): Promise<AutomationView> {
  parseMarketing({ ...body, whatsapp_template: body.whatsappTemplate });
  if (body.channel === "email" && body.subject.trim() === "")
    throw new CloudError("invalid", "subject_required", "Un correo necesita asunto");
  if (body.channel === "whatsapp" && !body.whatsappTemplate)
    throw new CloudError(
      "invalid",
      "whatsapp_template_required",
      "Una campaña por WhatsApp necesita una plantilla de marketing aprobada por Meta",
    );
  if (kind !== "birthday" && body.days < 1)
    throw new CloudError("invalid", "automation_days", "Indicá cuántos días (1 o más)");
  await q.query(
    `INSERT INTO automations (tenant_id, id, kind, enabled, channel, subject, body, whatsapp_template, days, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (tenant_id, kind) DO UPDATE SET enabled = excluded.enabled, channel = excluded.channel,
       subject = excluded.subject, body = excluded.body, whatsapp_template = excluded.whatsapp_template,
       days = excluded.days, updated_at = excluded.updated_at`,
    [
      tenantId,
      newId(),
      kind,
      body.enabled,
      body.channel,
      body.subject,
      body.body,
      body.whatsappTemplate ? JSON.stringify(body.whatsappTemplate) : null,
      body.days,
      now,
    ],
  );
  return (await listAutomations(q)).find((a) => a.kind === kind)!;
}
