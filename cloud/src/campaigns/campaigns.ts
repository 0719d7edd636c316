import type {
  CampaignBody,
  CampaignPreview,
  CampaignStatus,
  CampaignView,
} from "@mostrador/contracts/http/cloud-campaigns";
import { CloudError } from "../core/errors.js";
import { newId } from "../core/ids.js";
import type { Queryable } from "../db/sql.js";
import type { MessagingConfig } from "../messaging/config.js";
import { ensureCustomerContact } from "../messaging/customer-consent.js";
import { enqueue } from "../messaging/queue.js";
import { campaignResults } from "./results.js";
import { getSegment, segmentMembers } from "./segments.js";
import { loadMarketingSettings } from "./settings.js";
import { composeMarketing, mayReceiveMarketing, marketingThisWeek, parseMarketing } from "./compose.js";
import { emailHtml, parseTemplate, renderTemplate, type TemplateFields } from "./template.js";

interface CampaignRow {
  id: string;
  name: string;
  segment_id: string;
  segment_name: string;
  channel: "email" | "whatsapp";
  subject: string;
  body: string;
  whatsapp_template: CampaignBody["whatsappTemplate"] | null;
  per_minute: number;
  status: CampaignStatus;
  scheduled_at: Date | null;
  sent_at: Date | null;
  skipped_no_consent: number;
  skipped_cap: number;
  created_at: Date;
}

/** Every template of a campaign parses (an unclosed tag is refused with its line), and its channel's needs. */
function checkTemplates(body: CampaignBody): void {
  if (body.channel === "email" && body.subject.trim() === "")
    throw new CloudError("invalid", "subject_required", "Un correo necesita asunto");
  parseTemplate(body.subject, "asunto");
  parseTemplate(body.body, "mensaje");
  if (body.channel === "whatsapp") {
    if (!body.whatsappTemplate)
      throw new CloudError(
        "invalid",
        "whatsapp_template_required",
        "Una campaña por WhatsApp necesita una plantilla de marketing aprobada por Meta",
      );
    for (const p of body.whatsappTemplate.parameters) parseTemplate(p, "parámetro");
  }
}

const SELECT = `SELECT c.*, s.name AS segment_name FROM campaigns c
  JOIN segments s ON s.tenant_id = c.tenant_id AND s.id = c.segment_id`;

async function row(q: Queryable, id: string, lock = false): Promise<CampaignRow> {
  const [r] = await q.query<CampaignRow>(`${SELECT} WHERE c.id = $1${lock ? " FOR UPDATE OF c" : ""}`, [id]);
  if (!r) throw new CloudError("not_found", "campaign_not_found", "No existe esa campaña");
  return r;
}

async function view(q: Queryable, r: CampaignRow): Promise<CampaignView> {
  const settings = await loadMarketingSettings(q);
  return {
    id: r.id,
    name: r.name,
    segmentId: r.segment_id,
    segmentName: r.segment_name,
    channel: r.channel,
    subject: r.subject,
    body: r.body,
    whatsappTemplate: r.whatsapp_template ?? null,
    perMinute: r.per_minute,
    status: r.status,
    scheduledAt: r.scheduled_at?.toISOString() ?? null,
    sentAt: r.sent_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
    results: await campaignResults(q, r.id, settings.attributionDays, {
      skippedNoConsent: r.skipped_no_consent,
      skippedCap: r.skipped_cap,
    }),
  };
}

export const getCampaign = async (q: Queryable, id: string) => view(q, await row(q, id));

export async function listCampaigns(q: Queryable): Promise<CampaignView[]> {
  const rows = await q.query<CampaignRow>(`${SELECT} ORDER BY c.created_at DESC, c.id DESC LIMIT 200`);
  const out: CampaignView[] = [];
  for (const r of rows) out.push(await view(q, r));
  return out;
}

export async function createCampaign(
  q: Queryable,
  tenantId: string,
  body: CampaignBody,
  now: Date,
): Promise<CampaignView> {
  checkTemplates(body);
  await getSegment(q, body.segmentId);
  const id = newId();
  await q.query(
    `INSERT INTO campaigns (tenant_id, id, name, segment_id, channel, subject, body, whatsapp_template, per_minute,
       status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'draft', $10, $10)`,
    [
      tenantId,
      id,
      body.name.trim(),
      body.segmentId,
      body.channel,
      body.subject,
      body.body,
      body.whatsappTemplate ? JSON.stringify(body.whatsappTemplate) : null,
      body.perMinute,
      now,
    ],
  );
  return getCampaign(q, id);
}

export async function updateCampaign(
  q: Queryable,
  id: string,
  body: CampaignBody,
  now: Date,
): Promise<CampaignView> {
  const current = await row(q, id, true);
  if (current.status !== "draft")
    throw new CloudError(
      "conflict",
      "campaign_not_draft",
      "La campaña ya salió o está programada: no se edita",
    );
  checkTemplates(body);
  await getSegment(q, body.segmentId);
  await q.query(
    `UPDATE campaigns SET name = $2, segment_id = $3, channel = $4, subject = $5, body = $6, whatsapp_template = $7,
       per_minute = $8, updated_at = $9 WHERE id = $1`,
    [
      id,
      body.name.trim(),
      body.segmentId,
      body.channel,
      body.subject,
      body.body,
      body.whatsappTemplate ? JSON.stringify(body.whatsappTemplate) : null,
      body.perMinute,
      now,
    ],
  );
  return getCampaign(q, id);
}

export const shopName = async (q: Queryable) =>
  (await q.query<{ name: string }>(`SELECT name FROM organizations`))[0]?.name ?? "";

/** The personalisation fields of each customer: their name, the shop, their points, their birthday. */
export async function fieldsOf(
  q: Queryable,
  ids: string[],
  shop: string,
): Promise<Map<string, TemplateFields>> {
  const rows = await q.query<{ id: string; name: string; birthday: string | null; points: string | number }>(
    `SELECT c.id, c.name, c.birthday, coalesce((SELECT sum(l.points) FROM loyalty_entries l WHERE l.customer_id IN
       (SELECT m.id FROM customers m WHERE m.id = c.id OR m.merged_into = c.id)), 0) AS points
     FROM customers c WHERE c.id = ANY($1)`,
    [ids],
  );
  return new Map(
    rows.map((r) => [
      r.id,
      {
        nombre: r.name.split(/\s+/)[0] ?? "",
        nombre_completo: r.name,
        tienda: shop,
        puntos: Number(r.points),
        cumpleanios: r.birthday ? `${r.birthday.slice(8, 10)}/${r.birthday.slice(5, 7)}` : "",
      },
    ]),
  );
}

const SAMPLE: Omit<TemplateFields, "tienda"> = {
  nombre: "Lucía",
  nombre_completo: "Lucía Fernández",
  puntos: 120,
  cumpleanios: "14/03",
};

/** The email as one customer of the segment (else a sample person) would get it; links not tracked. */
export async function previewCampaign(
  q: Queryable,
  body: { segmentId?: string | undefined; subject: string; body: string },
  now: Date,
): Promise<CampaignPreview> {
  const subject = parseTemplate(body.subject, "asunto");
  const text = parseTemplate(body.body, "mensaje");
  const shop = await shopName(q);
  let fields: TemplateFields = { ...SAMPLE, tienda: shop };
  if (body.segmentId) {
    const [first] = await segmentMembers(q, (await getSegment(q, body.segmentId)).rule, now);
    if (first) fields = (await fieldsOf(q, [first.id], shop)).get(first.id) ?? fields;
  }
  const settings = await loadMarketingSettings(q);
  const rendered = renderTemplate(text, fields);
  return {
    subject: renderTemplate(subject, fields),
    text: rendered,
    html: emailHtml(
      rendered,
      { color: settings.brandColor, logoUrl: settings.logoUrl, shopName: shop },
      (u) => u,
      null,
    ),
    customerName: fields.nombre_completo,
  };
}

/** One copy to the owner, marked as a test, with the sample person's fields (no tracking, no recipient row). */
export async function testSendCampaign(
  q: Queryable,
  tenantId: string,
  id: string,
  email: string,
  now: Date,
): Promise<{ messageId: string }> {
  const c = await row(q, id);
  if (c.channel !== "email")
    throw new CloudError("invalid", "test_email_only", "La prueba se envía por correo (el de la cuenta)");
  const preview = await previewCampaign(q, { subject: c.subject, body: c.body }, now);
  const contactId = await ensureCustomerContact(
    q,
    tenantId,
    null,
    { name: "Dueño (prueba)", email, phone: null },
    now,
  );
  const sent = await enqueue(
    q,
    tenantId,
    {
      channel: "email",
      contactId,
      kind: "transactional",
      reason: "requested",
      subject: `[Prueba] ${preview.subject}`,
      body: preview.text,
      html: preview.html,
      dedupeKey: `campaign_test:${id}:${newId()}`,
      source: `campaign_test:${id}`,
    },
    now,
  );
  return { messageId: sent.id };
}

/**
 * Schedules a draft: now (the scheduler's next pass sends it) or at an instant. A segment with nobody
 * in it, or nobody who may receive marketing on the channel, is refused and nothing changes.
 */
export async function scheduleCampaign(
  q: Queryable,
  id: string,
  scheduledAt: Date | null,
  now: Date,
): Promise<CampaignView> {
  const c = await row(q, id, true);
  if (c.status !== "draft")
    throw new CloudError("conflict", "campaign_not_draft", "La campaña ya salió o está programada");
  const members = await segmentMembers(q, (await getSegment(q, c.segment_id)).rule, now);
  if (members.length === 0)
    throw new CloudError(
      "conflict",
      "segment_empty",
      "El segmento no tiene clientes: no hay a quién enviarle",
    );
  if (scheduledAt && scheduledAt.getTime() < now.getTime() - 60_000)
    throw new CloudError("invalid", "scheduled_in_past", "La fecha programada ya pasó");
  await q.query(
    `UPDATE campaigns SET status = 'scheduled', scheduled_at = $2, updated_at = $3 WHERE id = $1`,
    [id, scheduledAt ?? now, now],
  );
  return getCampaign(q, id);
}

export async function cancelCampaign(q: Queryable, id: string, now: Date): Promise<CampaignView> {
  const c = await row(q, id, true);
  if (c.status !== "scheduled")
    throw new CloudError(
      "conflict",
      "campaign_not_scheduled",
      "Solo se cancela una campaña programada que no salió",
    );
  // Back to a draft: it can be edited and sent again.
  await q.query(`UPDATE campaigns SET status = 'draft', scheduled_at = NULL, updated_at = $2 WHERE id = $1`, [
    id,
    now,
  ]);
  return getCampaign(q, id);
}

/**
 * A due campaign goes out: the segment evaluated now, each member with an opt-in on the channel and
 * under the frequency cap gets one message in messaging's queue (dedupe key per campaign: never twice),
 * spread `perMinute` a minute. Messaging still checks consent, suppression and quiet hours at send
 * time. Idempotent: the campaign row is locked and only a `scheduled` one is sent.
 */
export async function dispatchCampaign(
  q: Queryable,
  tenantId: string,
  config: MessagingConfig,
  id: string,
  now: Date,
): Promise<void> {
  const c = await row(q, id, true);
  if (c.status !== "scheduled") return;
  const settings = await loadMarketingSettings(q);
  const members = await segmentMembers(q, (await getSegment(q, c.segment_id)).rule, now);
  const shop = await shopName(q);
  const fields = await fieldsOf(
    q,
    members.map((m) => m.id),
    shop,
  );
  const templates = parseMarketing(c);
  let skippedNoConsent = 0;
  let skippedCap = 0;
  let queued = 0;
  for (const m of members) {
    if (!m.contact_id || !(await mayReceiveMarketing(q, m.contact_id, c.channel))) {
      skippedNoConsent++;
      continue;
    }
    if ((await marketingThisWeek(q, m.contact_id, now)) >= settings.weeklyCap) {
      skippedCap++;
      continue;
    }
    const sent = await enqueue(
      q,
      tenantId,
      {
        channel: c.channel,
        contactId: m.contact_id,
        kind: "marketing",
        reason: "marketing",
        ...composeMarketing(config, templates, { settings, shopName: shop }, fields.get(m.id)!, {
          t: tenantId,
          k: id,
          r: m.id,
        }),
        dedupeKey: `campaign:${id}`,
        source: `campaign:${id}`,
        // Throttling: perMinute messages a minute from the send time.
        notBefore: new Date(now.getTime() + Math.floor(queued / c.per_minute) * 60_000),
      },
      now,
    );
    queued++;
    await q.query(
      `INSERT INTO campaign_recipients (tenant_id, campaign_id, customer_id, contact_id, message_id, queued_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      [tenantId, id, m.id, m.contact_id, sent.id, now],
    );
  }
  await q.query(
    `UPDATE campaigns SET status = 'sent', sent_at = $2, skipped_no_consent = $3, skipped_cap = $4, updated_at = $2
     WHERE id = $1`,
    [id, now, skippedNoConsent, skippedCap],
  );
}
