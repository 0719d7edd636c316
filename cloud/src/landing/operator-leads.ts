import type { Utm } from "@mostrador/contracts/http/cloud-landing";
import { newId } from "../core/ids.js";
import type { Queryable } from "../db/sql.js";
import type { LeadForm } from "./lead-form.js";
import { queueWelcomeMail } from "./lead-mail.js";
import { rescoreLead } from "./lead-scoring.js";
import type { Lang } from "./pages/texts.js";

/**
 * What the operator's pages per rubro write into the CRM (as the operator's role): visits, the lead a
 * form makes or updates (source "landing", with its UTM, message and consent), a demo asked for. Each
 * action is an event of the log the score is computed from; a visitor's earlier visits join the lead.
 * The welcome email's opens and clicks (lead-mail-tracking.ts) are events of the same log.
 */

const utmParams = (utm: Utm) => [utm.source, utm.medium, utm.campaign, utm.term, utm.content];

async function leadOfVisitor(q: Queryable, visitorId: string | null): Promise<string | null> {
  if (!visitorId) return null;
  const [row] = await q.query<{ lead_id: string }>(
    `SELECT id AS lead_id FROM leads WHERE visitor_id = $1
     UNION ALL SELECT lead_id FROM lead_events WHERE visitor_id = $1 AND lead_id IS NOT NULL LIMIT 1`,
    [visitorId],
  );
  return row?.lead_id ?? null;
}

async function addEvent(
  q: Queryable,
  event: {
    kind: "visit" | "form" | "demo";
    visitorId: string | null;
    leadId: string | null;
    rubro: string;
    utm: Utm;
  },
  now: Date,
): Promise<void> {
  await q.query(
    `INSERT INTO lead_events (id, visitor_id, lead_id, kind, rubro, utm_source, utm_medium, utm_campaign, utm_term,
       utm_content, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [newId(), event.visitorId, event.leadId, event.kind, event.rubro, ...utmParams(event.utm), now],
  );
}

/** A visit to a rubro page: kept with its UTM; a known visitor's visit counts toward its lead's score. */
export async function recordRubroVisit(
  q: Queryable,
  visit: { visitorId: string; rubro: string; utm: Utm },
  now: Date,
): Promise<void> {
  const leadId = await leadOfVisitor(q, visit.visitorId);
  await addEvent(q, { kind: "visit", ...visit, leadId }, now);
  if (leadId) await rescoreLead(q, leadId, now);
}

/** A demo started from a rubro page; "demo requested" scores when the visitor is a known lead. */
export async function recordDemoRequest(
  q: Queryable,
  demo: { visitorId: string | null; rubro: string; utm: Utm },
  now: Date,
): Promise<string | null> {
  const leadId = await leadOfVisitor(q, demo.visitorId);
  if (!demo.visitorId && !leadId) return null;
  await addEvent(q, { kind: "demo", ...demo, leadId }, now);
  if (leadId) await rescoreLead(q, leadId, now);
  return leadId;
}

/**
 * The form of a rubro page: the lead known by its email (or else its WhatsApp) is updated, otherwise a
 * new one starts at "contact" from source "landing"; its consent (the wording shown, the time, the
 * address) is appended, the visitor's earlier events join it, and its score is recomputed.
 */
export async function captureOperatorLead(
  q: Queryable,
  form: LeadForm,
  page: { rubro: string; consentWording: string; ip: string | null; lang: Lang },
  now: Date,
): Promise<string> {
  const [known] = await q.query<{ id: string }>(
    `SELECT id FROM leads WHERE ($1::text IS NOT NULL AND email = $1) OR ($1::text IS NULL AND phone = $2)
     ORDER BY created_at LIMIT 1 FOR UPDATE`,
    [form.email, form.phone],
  );
  let leadId = known?.id;
  if (leadId) {
    await q.query(
      `UPDATE leads SET contact_name = coalesce(contact_name, $2), phone = coalesce(phone, $3),
         message = coalesce($4, message), visitor_id = coalesce(visitor_id, $5), rubro = coalesce(rubro, $6)
       WHERE id = $1`,
      [leadId, form.name, form.phone, form.message, form.visitorId, page.rubro],
    );
  } else {
    leadId = newId();
    await q.query(
      `INSERT INTO leads (id, business_name, contact_name, email, phone, rubro, source, stage, created_at,
         stage_changed_at, utm_source, utm_medium, utm_campaign, utm_term, utm_content, message, visitor_id)
       VALUES ($1, $2, $3, $4, $5, $6, 'landing', 'contact', $7, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [
        leadId,
        form.business ?? form.name,
        form.name,
        form.email,
        form.phone,
        page.rubro,
        now,
        ...utmParams(form.utm),
        form.message,
        form.visitorId,
      ],
    );
    await q.query(
      "INSERT INTO lead_stage_changes (id, lead_id, from_stage, to_stage, operator_id, at) VALUES ($1, $2, NULL, 'contact', NULL, $3)",
      [newId(), leadId, now],
    );
  }
  if (form.visitorId)
    await q.query("UPDATE lead_events SET lead_id = $1 WHERE visitor_id = $2 AND lead_id IS NULL", [
      leadId,
      form.visitorId,
    ]);
  await q.query("INSERT INTO lead_consents (id, lead_id, wording, ip, at) VALUES ($1, $2, $3, $4, $5)", [
    newId(),
    leadId,
    page.consentWording,
    page.ip?.slice(0, 64) ?? null,
    now,
  ]);
  await addEvent(
    q,
    { kind: "form", visitorId: form.visitorId, leadId, rubro: page.rubro, utm: form.utm },
    now,
  );
  // The welcome (once per lead ever) goes with the lead: committed together or not at all.
  if (form.email) await queueWelcomeMail(q, { id: leadId, email: form.email }, page.lang, now);
  await rescoreLead(q, leadId, now);
  return leadId;
}

/**
 * The first open (a click is an open too: images are often blocked) and the first click of a welcome
 * mail become the lead's events, and the lead is re-scored (its thresholds may fire). Null when the mail
 * is not a welcome this cloud sent; else the lead's browser id, so the page the click opens counts
 * toward the same lead.
 */
export async function recordLeadMailTracking(
  q: Queryable,
  mailId: string,
  what: "open" | "click",
  now: Date,
): Promise<{ visitorId: string | null } | null> {
  const [before] = await q.query<{
    lead_id: string;
    visitor_id: string | null;
    opened_at: Date | null;
    clicked_at: Date | null;
  }>(
    `SELECT m.lead_id, l.visitor_id, m.opened_at, m.clicked_at FROM lead_mail m JOIN leads l ON l.id = m.lead_id
      WHERE m.id = $1 AND m.kind = 'welcome' FOR UPDATE OF m`,
    [mailId],
  );
  if (!before) return null;
  const kinds: ("email_open" | "email_click")[] = [];
  if (!before.opened_at) kinds.push("email_open");
  if (what === "click" && !before.clicked_at) kinds.push("email_click");
  if (kinds.length > 0) {
    await q.query(
      `UPDATE lead_mail SET opened_at = coalesce(opened_at, $2),
         clicked_at = CASE WHEN $3 THEN coalesce(clicked_at, $2) ELSE clicked_at END WHERE id = $1`,
      [mailId, now, what === "click"],
    );
    for (const kind of kinds)
      await q.query("INSERT INTO lead_events (id, lead_id, kind, at) VALUES ($1, $2, $3, $4)", [
        newId(),
        before.lead_id,
        kind,
        now,
      ]);
    await rescoreLead(q, before.lead_id, now);
  }
  return { visitorId: before.visitor_id };
}
