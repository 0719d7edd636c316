import type { CampaignChannel, MarketingSettings } from "@mostrador/contracts/http/cloud-campaigns";
import type { Template } from "liquidjs";
import type { Queryable } from "../db/sql.js";
import type { MessagingConfig } from "../messaging/config.js";
import type { EnqueueRequest } from "../messaging/queue.js";
import { emailHtml, parseTemplate, renderTemplate, type TemplateFields, trackLinks } from "./template.js";
import { openPixelUrl, type TrackingClaim, trackedLinkUrl } from "./tracking.js";

/**
 * What campaigns and automations share: a marketing message composed for one customer (Liquid
 * rendered, links tracked, the shop's brand around an email, WhatsApp's approved template filled),
 * whether the person may get it (opt-in on the channel, an address), and the weekly cap.
 */
export interface MarketingTemplates {
  channel: CampaignChannel;
  subject: Template[];
  body: Template[];
  whatsapp: { name: string; language: string; parameters: Template[][] } | null;
}

export function parseMarketing(source: {
  channel: CampaignChannel;
  subject: string;
  body: string;
  whatsapp_template: { name: string; language: string; parameters: string[] } | null | undefined;
}): MarketingTemplates {
  return {
    channel: source.channel,
    subject: parseTemplate(source.subject, "asunto"),
    body: parseTemplate(source.body, "mensaje"),
    whatsapp: source.whatsapp_template
      ? {
          name: source.whatsapp_template.name,
          language: source.whatsapp_template.language,
          parameters: source.whatsapp_template.parameters.map((p) => parseTemplate(p, "parámetro")),
        }
      : null,
  };
}

export function composeMarketing(
  config: MessagingConfig,
  t: MarketingTemplates,
  brand: { settings: MarketingSettings; shopName: string },
  fields: TemplateFields,
  claim: Omit<TrackingClaim, "u">,
): Pick<EnqueueRequest, "subject" | "body" | "html" | "template"> {
  const track = (url: string) => trackedLinkUrl(config, claim, url);
  const text = renderTemplate(t.body, fields);
  return {
    subject: renderTemplate(t.subject, fields),
    body: trackLinks(text, track),
    ...(t.channel === "email"
      ? {
          html: emailHtml(
            text,
            { color: brand.settings.brandColor, logoUrl: brand.settings.logoUrl, shopName: brand.shopName },
            track,
            openPixelUrl(config, claim),
          ),
        }
      : {}),
    ...(t.whatsapp
      ? {
          template: {
            name: t.whatsapp.name,
            language: t.whatsapp.language,
            parameters: t.whatsapp.parameters.map((p) => renderTemplate(p, fields)),
          },
        }
      : {}),
  };
}

/** An opt-in on the channel and an address for it (messaging checks consent again at send time). */
export async function mayReceiveMarketing(
  q: Queryable,
  contactId: string | null,
  channel: CampaignChannel,
): Promise<boolean> {
  if (!contactId) return false;
  const address = channel === "email" ? "t.email" : "t.phone";
  const rows = await q.query(
    `SELECT 1 FROM messaging_consents k JOIN messaging_contacts t ON t.tenant_id = k.tenant_id AND t.id = k.contact_id
     WHERE k.contact_id = $1 AND k.channel = $2 AND k.status = 'opted_in' AND ${address} IS NOT NULL`,
    [contactId, channel],
  );
  return rows.length > 0;
}

/**
 * The frequency cap's count: marketing messages to a contact going out in the 7 days before `now` (or
 * already scheduled for the next day: a throttled campaign's tail); cancelled, failed and bounced ones
 * never reached the person.
 */
export async function marketingThisWeek(q: Queryable, contactId: string, now: Date): Promise<number> {
  const [r] = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM messages WHERE contact_id = $1 AND kind = 'marketing'
       AND status NOT IN ('cancelled', 'failed', 'bounced')
       AND not_before > $2::timestamptz - interval '7 days' AND not_before <= $2::timestamptz + interval '1 day'`,
    [contactId, now],
  );
  return r?.n ?? 0;
}
