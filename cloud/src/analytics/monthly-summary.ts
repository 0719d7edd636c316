import { formatMoney } from "@mostrador/contracts/format";
import type { Clock } from "../core/clock.js";
import { CloudError } from "../core/errors.js";
import type { Queryable, Sql } from "../db/sql.js";
import { addDays } from "../dashboard/periods.js";
import { enqueue } from "../messaging/queue.js";
import { notificationKind } from "../messaging/owner-notifications.js";
import { answerFor, modulesOn } from "./answer.js";
import { type MonthlySummary, change, monthName, summaryPdf } from "./summary-pdf.js";

/**
 * The monthly summary to the owner (issue 19): on the 1st of each month, in the shop's zone (its first
 * store's), the PDF of the month before — the Análisis answer for that month and the one before it, the
 * owner's alerts — mailed to every owner recipient who did not untick it (alert preferences, kind
 * "monthly_summary", email). Exactly once per tenant and month: analytics_monthly_summaries' row is
 * inserted in the transaction that queues the messages (migration 0045), and the queue's dedupe key
 * says the same.
 */

const DEFAULT_ZONE = "America/Argentina/Buenos_Aires";

/** "2026-11" → "2026-10" */
export function monthBefore(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
}

/** The calendar month an instant falls in, in a zone: "2026-12". */
export function monthIn(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit" })
    .format(now)
    .slice(0, 7);
}

/** The month's last day: "2026-02" → "2026-02-28". */
const lastDay = (month: string) => addDays(`${nextMonth(month)}-01`, -1);
function nextMonth(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
}

/** The shop's zone: its first store's. */
async function shopZone(q: Queryable): Promise<string> {
  const [row] = await q.query<{ tz: string }>(
    "SELECT time_zone AS tz FROM stores ORDER BY created_at, id LIMIT 1",
  );
  return row?.tz ?? DEFAULT_ZONE;
}

/** Everything the PDF shows for one month, read under the tenant. */
export async function monthlySummaryOf(
  sql: Sql,
  tenantId: string,
  month: string,
  now: Date,
): Promise<MonthlySummary> {
  const modules = await modulesOn(sql, tenantId, now);
  const previousMonth = monthBefore(month);
  return sql.withTenant(tenantId, async (q) => {
    const [org] = await q.query<{ name: string }>("SELECT name FROM organizations WHERE id = $1", [tenantId]);
    const ask = (m: string) => answerFor(q, tenantId, { from: `${m}-01`, to: lastDay(m) }, modules);
    const current = await ask(month);
    const previous = await ask(previousMonth);
    // Alerts by the store's calendar: each notification on its store's day.
    const alerts = await q.query<{ payload: Record<string, unknown> }>(
      `SELECT n.payload FROM owner_notifications n JOIN stores s ON s.tenant_id = n.tenant_id AND s.id = n.store_id
        WHERE n.created_at >= ($1::date::timestamp AT TIME ZONE s.time_zone)
          AND n.created_at < (($2::date + 1)::timestamp AT TIME ZONE s.time_zone)`,
      [`${month}-01`, lastDay(month)],
    );
    const byKind = new Map<string, number>();
    for (const a of alerts) {
      const kind = notificationKind(a.payload);
      byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
    }
    return {
      shopName: org?.name ?? "Mostrador",
      month,
      previousMonth,
      current,
      previous,
      alerts: [...byKind].map(([kind, count]) => ({ kind, count })).sort((a, b) => b.count - a.count),
    };
  });
}

/** The PDF of any month up to the current one (the Análisis download button). */
export async function summaryPdfOf(sql: Sql, tenantId: string, month: string, now: Date): Promise<Buffer> {
  const zone = await sql.withTenant(tenantId, shopZone);
  if (month > monthIn(now, zone))
    throw new CloudError("invalid", "month_in_future", "Ese mes todavía no empezó: elegí uno pasado");
  return summaryPdf(await monthlySummaryOf(sql, tenantId, month, now));
}

interface Recipient {
  id: string;
}

/**
 * Owner recipients with an email who did not opt out: a stored preference for "monthly_summary" without
 * email is the opt-out (no row: every channel, as for every owner alert).
 */
async function recipientsOf(q: Queryable): Promise<Recipient[]> {
  return q.query<Recipient>(
    `SELECT c.id FROM messaging_contacts c
      WHERE c.owner_recipient AND c.retired_at IS NULL AND c.email IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM messaging_alert_preferences p
                         WHERE p.contact_id = c.id AND p.kind = 'monthly_summary'
                           AND NOT 'email' = ANY(p.channels))
      ORDER BY c.id`,
  );
}

/**
 * One tenant's summary of the month before `now`'s (in its zone), if not sent yet. Returns the messages
 * queued, or null when it had been done (another worker, a restart, a replay).
 */
export async function sendMonthlySummary(sql: Sql, tenantId: string, now: Date): Promise<number | null> {
  const zone = await sql.withTenant(tenantId, shopZone);
  const month = monthBefore(monthIn(now, zone));
  const record = (q: Queryable, recipients: number) =>
    q.query<{ month: string }>(
      `INSERT INTO analytics_monthly_summaries (tenant_id, month, time_zone, recipients, created_at)
       VALUES ($1, $2::date, $3, $4, $5) ON CONFLICT (tenant_id, month) DO NOTHING RETURNING month`,
      [tenantId, `${month}-01`, zone, recipients, now],
    );
  const ahead = await sql.withTenant(tenantId, async (q) => {
    const [done] = await q.query("SELECT 1 FROM analytics_monthly_summaries WHERE month = $1::date", [
      `${month}-01`,
    ]);
    if (done) return "done" as const;
    // Nobody to send it to (every owner recipient opted out, or none has an email): recorded, not rendered.
    if ((await recipientsOf(q)).length === 0)
      return (await record(q, 0)).length > 0 ? ("none" as const) : "done";
    return "send" as const;
  });
  if (ahead === "done") return null;
  if (ahead === "none") return 0;
  const summary = await monthlySummaryOf(sql, tenantId, month, now);
  const pdf = await summaryPdf(summary);
  return sql.withTenant(tenantId, async (q) => {
    const recipients = await recipientsOf(q);
    const [won] = await record(q, recipients.length);
    if (!won) return null;
    // The shop's own email channel when it has one (its sender, its owner-alert unsubscribe); else the
    // platform's account mail.
    const [channel] = await q.query<{ enabled: boolean }>(
      "SELECT enabled FROM messaging_channels WHERE channel = 'email' AND enabled",
    );
    const t = summary.current.totals;
    const body = [
      `Resumen de ${monthName(month)} de ${summary.shopName}.`,
      `Ventas netas: ${formatMoney(t.net, "es-AR")} (${change(t.net, summary.previous.totals.net)} respecto de ${monthName(summary.previousMonth)}).`,
      "El PDF adjunto tiene el detalle: productos, categorías, márgenes y alarmas.",
    ].join("\n");
    for (const r of recipients)
      await enqueue(
        q,
        tenantId,
        {
          channel: "email",
          contactId: r.id,
          kind: "transactional",
          reason: channel ? "owner_alert" : "account",
          subject: `Resumen mensual de ${summary.shopName} — ${monthName(month)}`,
          body,
          attachments: [
            {
              filename: `resumen-${month}.pdf`,
              contentType: "application/pdf",
              contentBase64: pdf.toString("base64"),
            },
          ],
          dedupeKey: `monthly_summary:${month}`,
          source: `monthly_summary:${month}`,
        },
        now,
      );
    return recipients.length;
  });
}

/** Every tenant whose summary is due (migration 0045's lookup), one at a time; one failing spares the rest. */
export async function sendDueMonthlySummaries(
  sql: Sql,
  clock: Clock,
  log: (message: string, err?: unknown) => void,
): Promise<void> {
  const now = clock.now();
  const due = await sql.query<{ id: string }>("SELECT analytics_tenants_due_summary($1) AS id", [now]);
  for (const { id } of due)
    await sendMonthlySummary(sql, id, now).catch((err) =>
      log(`análisis: el resumen mensual de ${id} falló`, err),
    );
}
