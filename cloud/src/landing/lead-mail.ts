import { isLandingRubro } from "@mostrador/contracts/http/cloud-landing";
import { newId } from "../core/ids.js";
import type { Queryable } from "../db/sql.js";
import { accountEmailAdapter } from "../messaging/adapters.js";
import type { MessagingConfig } from "../messaging/config.js";
import type { OperatorDb } from "../operator/operator-db.js";
import { leadMailClickUrl, leadMailOpenUrl } from "./lead-mail-tracking.js";
import { noticeMail, welcomeMail, type RenderedMail } from "./pages/mail-texts.js";
import { RUBRO_TEXTS, type Lang } from "./pages/texts.js";

/**
 * The operator's own small outbox (landing/migrations/0047): the welcome a lead gets after a rubro
 * page's form and the notice each operator gets when a lead crosses a threshold that notifies. Queued in
 * the transaction that records what they announce; sent by the platform's SMTP (the operator has no
 * tenant, so messaging's per-tenant queue is not theirs), retried with backoff, never twice.
 */

/** The welcome, once per lead ever: a lead that sends the form again gets no second one. */
export async function queueWelcomeMail(
  q: Queryable,
  lead: { id: string; email: string },
  lang: Lang,
  now: Date,
): Promise<void> {
  await q.query(
    `INSERT INTO lead_mail (id, kind, lead_id, to_email, lang, dedupe_key, next_attempt_at, created_at)
     VALUES ($1, 'welcome', $2, $3, $4, $5, $6, $6) ON CONFLICT (dedupe_key) DO NOTHING`,
    [newId(), lead.id, lead.email, lang, `welcome:${lead.id}`, now],
  );
}

/** A notifying threshold crossed: one notice per active operator, once per lead and threshold. */
export async function queueThresholdNotices(
  q: Queryable,
  crossing: { leadId: string; threshold: number; score: number },
  now: Date,
): Promise<void> {
  const operators = await q.query<{ id: string; email: string }>(
    "SELECT id, email FROM operators WHERE disabled_at IS NULL ORDER BY created_at, id",
  );
  for (const operator of operators)
    await q.query(
      `INSERT INTO lead_mail (id, kind, lead_id, operator_id, threshold, score, to_email, dedupe_key,
         next_attempt_at, created_at)
       VALUES ($1, 'notice', $2, $3, $4, $5, $6, $7, $8, $8) ON CONFLICT (dedupe_key) DO NOTHING`,
      [
        newId(),
        crossing.leadId,
        operator.id,
        crossing.threshold,
        crossing.score,
        operator.email,
        `notice:${crossing.leadId}:${crossing.threshold}:${operator.id}`,
        now,
      ],
    );
}

interface DueMail {
  id: string;
  kind: "welcome" | "notice";
  lead_id: string;
  threshold: number | null;
  score: number | null;
  to_email: string;
  lang: Lang;
  attempts: number;
  business_name: string;
  contact_name: string | null;
  email: string | null;
  phone: string | null;
  rubro: string | null;
  message: string | null;
  utm_source: string | null;
  utm_campaign: string | null;
}

export interface LeadMailPolicy {
  batch: number;
  /** How long a claimed mail is left to its worker before another may take it (a crashed worker). */
  leaseMs: number;
  /** Attempts before a mail the SMTP keeps refusing for now is given up. */
  maxAttempts: number;
}

export const DEFAULT_LEAD_MAIL_POLICY: LeadMailPolicy = { batch: 20, leaseMs: 120_000, maxAttempts: 8 };

/** 1 min, 2, 4… capped at 6 h. */
const backoffMs = (attempts: number) => Math.min(60_000 * 2 ** (attempts - 1), 6 * 3_600_000);

function render(config: MessagingConfig, mail: DueMail): RenderedMail {
  if (mail.kind === "notice")
    return noticeMail(
      {
        businessName: mail.business_name,
        contactName: mail.contact_name,
        email: mail.email,
        phone: mail.phone,
        rubro: mail.rubro,
        message: mail.message,
        utmSource: mail.utm_source,
        utmCampaign: mail.utm_campaign,
      },
      { threshold: mail.threshold!, score: mail.score! },
      `${config.publicUrl}/operador`,
    );
  const rubro = mail.rubro && isLandingRubro(mail.rubro) ? mail.rubro : null;
  const demoPage = `${config.publicUrl}/landing${rubro ? `/${rubro}` : ""}?utm_source=mostrador&utm_medium=email&utm_campaign=welcome${mail.lang === "en" ? "&lang=en" : ""}#demo`;
  return welcomeMail(
    {
      contactName: mail.contact_name,
      businessName: mail.business_name,
      rubroTitle: rubro ? RUBRO_TEXTS[rubro][mail.lang].title : "Mostrador",
    },
    mail.lang,
    { demo: leadMailClickUrl(config, mail.id, demoPage), openPixel: leadMailOpenUrl(config, mail.id) },
  );
}

/**
 * One pass: claims the due mail (a lease, so two workers never send the same one), sends each by the
 * platform's SMTP, and records the outcome. Without MESSAGING_ACCOUNT_SMTP_* nothing is claimed: the
 * mail waits, and the console says why. Returns how many were sent.
 */
export async function sendDueLeadMail(
  db: OperatorDb,
  config: MessagingConfig,
  now: () => Date,
  policy: LeadMailPolicy = DEFAULT_LEAD_MAIL_POLICY,
): Promise<number> {
  if (!config.accountEmail) return 0;
  const due = await db.run(async (q) => {
    const at = now();
    return q.query<DueMail>(
      `UPDATE lead_mail m SET next_attempt_at = $2
         FROM leads l
        WHERE l.id = m.lead_id AND m.id IN (
          SELECT id FROM lead_mail WHERE status = 'pending' AND next_attempt_at <= $1
           ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING m.id, m.kind, m.lead_id, m.threshold, m.score, m.to_email, m.lang, m.attempts,
         l.business_name, l.contact_name, l.email, l.phone, l.rubro, l.message, l.utm_source, l.utm_campaign`,
      [at, new Date(at.getTime() + policy.leaseMs), policy.batch],
    );
  });
  if (due.length === 0) return 0;
  const adapter = accountEmailAdapter(config);
  let sent = 0;
  try {
    for (const mail of due) {
      const rendered = render(config, mail);
      const outcome = await adapter.send({
        id: mail.id,
        channel: "email",
        address: mail.to_email,
        subject: rendered.subject,
        body: rendered.body,
        html: rendered.html,
        template: null,
        unsubscribeUrl: null,
      });
      const attempts = mail.attempts + 1;
      const at = now();
      if (outcome.ok) sent++;
      const status = outcome.ok
        ? "sent"
        : outcome.retry && attempts < policy.maxAttempts
          ? "pending"
          : "failed";
      await db.run((q) =>
        q.query(
          `UPDATE lead_mail SET status = $2, attempts = $3, subject = $4, sent_at = $5, next_attempt_at = $6,
             last_error = $7 WHERE id = $1`,
          [
            mail.id,
            status,
            attempts,
            rendered.subject,
            outcome.ok ? at : null,
            new Date(at.getTime() + (status === "pending" ? backoffMs(attempts) : 0)),
            outcome.ok ? null : outcome.error.slice(0, 500),
          ],
        ),
      );
    }
  } finally {
    adapter.close?.();
  }
  return sent;
}
