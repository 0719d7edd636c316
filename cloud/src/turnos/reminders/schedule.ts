import type { ReminderSettings } from "@mostrador/contracts/http/cloud-turnos";
import type { Channel } from "@mostrador/contracts/http/messaging";
import type { Clock } from "../../core/clock.js";
import { CloudError, isUniqueViolation } from "../../core/errors.js";
import type { Queryable, Sql } from "../../db/sql.js";
import type { MessagingConfig } from "../../messaging/config.js";
import { ensureCustomerContact } from "../../messaging/customer-consent.js";
import { cancel, enqueue } from "../../messaging/queue.js";
import { formatMoney } from "@mostrador/contracts/money";
import { answerUrl } from "./answer-links.js";

/**
 * Turnos' reminders (issue 17): for every booked or confirmed booking whose patient can be reached, one
 * message per channel (WhatsApp by phone, email) 24 h and 1 h before its start, queued in messaging with
 * `notBefore`. Consent is messaging's (kind `requested`: no opt-in needed, stops after STOP/BAJA or an
 * unsubscribe), checked again at send time.
 *
 * The dedupe key names the booking, the reminder and the START (`turno:<id>:24h:<start>`), so running
 * this again for the same booking queues nothing new, and a moved booking gets new ones: every queued
 * reminder of the booking whose key is not wanted any more (moved, cancelled, done) is cancelled.
 */

export const REMINDERS = [
  { kind: "24h", beforeMs: 24 * 3_600_000 },
  { kind: "1h", beforeMs: 3_600_000 },
] as const;

/** The reply handler name messaging routes answers to (answers.ts registers it). */
export const TURNOS_REPLY_HANDLER = "turnos";

/** How far ahead the sweep looks: the 24 h reminder plus a margin for a sweep that ran late. */
const SWEEP_AHEAD_MS = 25 * 3_600_000;

interface BookingForReminder {
  tenant_id: string;
  id: string;
  store_id: string;
  state: string;
  origin: string;
  start_at: Date;
  customer_id: string | null;
  patient_name: string | null;
  patient_phone: string | null;
  patient_email: string | null;
  service: string | null;
  professional: string | null;
  store: string;
  time_zone: string | null;
  deposit_status: string;
  deposit_paid: string | number;
}

export interface Patient {
  name: string;
  phone: string | null;
  email: string | null;
}

const sourceOf = (bookingId: string) => `turno:${bookingId}`;

/** The patient's name, phone and email: the customer row for a desk booking, the booking for an online one. */
async function patientOf(q: Queryable, b: BookingForReminder): Promise<Patient | null> {
  if (b.customer_id) {
    const [c] = await q.query<{ name: string; phone: string | null; email: string | null }>(
      `SELECT name, phone, email FROM customers WHERE id = $1 AND erased_at IS NULL AND merged_into IS NULL`,
      [b.customer_id],
    );
    if (c) return { name: c.name, phone: c.phone, email: c.email };
  }
  if (b.patient_phone || b.patient_email)
    return { name: b.patient_name ?? "", phone: b.patient_phone, email: b.patient_email };
  return null;
}

/**
 * The patient's messaging contact (one person, one contact: found by phone or email, else created). Two
 * bookings of a new patient written at once both try to create it: the loser finds the winner's.
 */
export async function contactOf(
  q: Queryable,
  tenantId: string,
  patient: Patient,
  now: Date,
): Promise<string> {
  const info = { name: patient.name || "Paciente", phone: patient.phone, email: patient.email };
  await q.query("SAVEPOINT turno_contact");
  try {
    const id = await ensureCustomerContact(q, tenantId, null, info, now);
    await q.query("RELEASE SAVEPOINT turno_contact");
    return id;
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    await q.query("ROLLBACK TO SAVEPOINT turno_contact");
    return ensureCustomerContact(q, tenantId, null, info, now);
  }
}

/** "martes 3/3, 10:00" in the shop's time zone (built from parts: ICU versions punctuate differently). */
export function whenText(at: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("es-AR", {
      timeZone,
      weekday: "long",
      day: "numeric",
      month: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.weekday} ${parts.day}/${parts.month}, ${parts.hour}:${parts.minute}`;
}

/** Every switch of the tenant's reminders, as saved (defaults until the owner saves them: all on). */
export type StoredReminderSettings = Required<ReminderSettings>;

/** The tenant's reminder settings (defaults until the owner saves them). */
export async function reminderSettings(q: Queryable): Promise<StoredReminderSettings> {
  const [s] = await q.query<{
    template_name: string;
    template_language: string;
    enabled: boolean;
    whatsapp: boolean;
    email: boolean;
    before_24h: boolean;
    before_1h: boolean;
  }>(
    `SELECT template_name, template_language, enabled, whatsapp, email, before_24h, before_1h
       FROM turno_reminder_settings`,
  );
  return {
    templateName: s?.template_name ?? "recordatorio_turno",
    templateLanguage: s?.template_language ?? "es_AR",
    enabled: s?.enabled ?? true,
    whatsapp: s?.whatsapp ?? true,
    email: s?.email ?? true,
    before24h: s?.before_24h ?? true,
    before1h: s?.before_1h ?? true,
  };
}

/**
 * Saves the settings; a switch the body leaves out keeps its saved value (an older dashboard sends only
 * the template and `enabled`). Reminders switched on with no channel or no moment left would send
 * nothing while saying they are on: refused, so the owner turns them off instead.
 */
export async function saveReminderSettings(
  q: Queryable,
  tenantId: string,
  input: ReminderSettings,
  now: Date,
): Promise<void> {
  const saved = await reminderSettings(q);
  const next: StoredReminderSettings = {
    ...saved,
    ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
  };
  if (next.enabled && !next.whatsapp && !next.email)
    throw new CloudError(
      "invalid",
      "reminder_no_channel",
      "Elegí al menos un canal (WhatsApp o correo) o apagá los recordatorios",
    );
  if (next.enabled && !next.before24h && !next.before1h)
    throw new CloudError(
      "invalid",
      "reminder_no_moment",
      "Elegí al menos un recordatorio (24 h o 1 h antes) o apagá los recordatorios",
    );
  await q.query(
    `INSERT INTO turno_reminder_settings
       (tenant_id, template_name, template_language, enabled, whatsapp, email, before_24h, before_1h, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (tenant_id) DO UPDATE SET template_name = EXCLUDED.template_name,
       template_language = EXCLUDED.template_language, enabled = EXCLUDED.enabled,
       whatsapp = EXCLUDED.whatsapp, email = EXCLUDED.email, before_24h = EXCLUDED.before_24h,
       before_1h = EXCLUDED.before_1h, updated_at = EXCLUDED.updated_at`,
    [
      tenantId,
      next.templateName,
      next.templateLanguage,
      next.enabled,
      next.whatsapp,
      next.email,
      next.before24h,
      next.before1h,
      now,
    ],
  );
}

/** What a reminder says, before the channel's own part (buttons, links). */
export interface ReminderWords {
  patient: string;
  kind: (typeof REMINDERS)[number]["kind"];
  when: string;
  professional: string | null;
  service: string | null;
  store: string;
  /** What else the patient should know, as a sentence (" Seña pagada: $ 5.000,00."), or nothing. */
  note?: string;
}

export function reminderText(w: ReminderWords): string {
  const lead = w.kind === "24h" ? "Te recordamos tu turno" : "Tu turno es en una hora";
  return `${w.patient || "Hola"}: ${lead} del ${w.when} con ${w.professional ?? "el profesional"} (${w.service ?? "turno"}) en ${w.store}.${w.note ?? ""}`;
}

/** The reminder email: the text and the two signed links to answer. */
export function reminderEmail(
  w: ReminderWords,
  links: { confirm: string; cancel: string },
): { subject: string; body: string } {
  return {
    subject: `Tu turno del ${w.when}`,
    body: [reminderText(w), "", `Confirmar: ${links.confirm}`, `Cancelar: ${links.cancel}`].join("\n"),
  };
}

/**
 * Brings one booking's reminders in line with the booking as it is now: queues the ones due (dedupe makes
 * this idempotent) and cancels the queued ones that no longer fit. Runs in the caller's transaction
 * (the ingest batch, the patient's link, the sweep), under the booking's tenant.
 */
export async function syncBookingReminders(
  q: Queryable,
  config: MessagingConfig,
  bookingId: string,
  now: Date,
): Promise<void> {
  const [b] = await q.query<BookingForReminder>(
    `SELECT b.tenant_id, b.id, b.store_id, b.state, b.origin, b.start_at, b.customer_id, b.patient_name,
            b.patient_phone, b.patient_email, s.name AS service, p.name AS professional, st.name AS store,
            r.time_zone, b.deposit_status, b.deposit_paid
       FROM turno_bookings b
       JOIN stores st ON st.id = b.store_id
       LEFT JOIN turno_services s ON s.id = b.service_id
       LEFT JOIN turno_professionals p ON p.id = b.professional_id
       LEFT JOIN turno_rules r ON r.store_id = b.store_id
      WHERE b.id = $1`,
    [bookingId],
  );
  if (!b) return;
  const wanted = new Set<string>();
  // A reminder whose moment passed (booked 3 h ahead: no 24 h one) is not sent late; a past booking (an
  // appliance's first upload of its history) costs no contact and no settings read.
  const due = REMINDERS.filter((r) => b.start_at.getTime() - r.beforeMs >= now.getTime() - 60_000);
  const pending = b.state === "booked" || b.state === "confirmed";
  const settings = due.length > 0 && pending ? await reminderSettings(q) : null;
  const patient = settings?.enabled ? await patientOf(q, b) : null;
  if (settings && patient) {
    const contactId = await contactOf(q, b.tenant_id, patient, now);
    const zone = b.time_zone ?? "America/Argentina/Buenos_Aires";
    const when = whenText(b.start_at, zone);
    const start = b.start_at.toISOString();
    // What the contact can be reached at, not what this booking typed: a phone already known as another
    // person's contact (with no email) keeps that contact, and a reminder must never fail the booking.
    const [reach] = await q.query<{ phone: string | null; email: string | null }>(
      "SELECT phone, email FROM messaging_contacts WHERE id = $1",
      [contactId],
    );
    const channels: Channel[] = [];
    if (reach?.phone && settings.whatsapp) channels.push("whatsapp");
    if (reach?.email && settings.email) channels.push("email");
    const chosen = due.filter((r) => (r.kind === "24h" ? settings.before24h : settings.before1h));
    for (const r of chosen) {
      const at = b.start_at.getTime() - r.beforeMs;
      for (const channel of channels) {
        const dedupeKey = `turno:${b.id}:${r.kind}:${start}`;
        wanted.add(`${channel}|${dedupeKey}`);
        const name = patient.name || "Hola";
        const words = {
          patient: patient.name,
          kind: r.kind,
          when,
          professional: b.professional,
          service: b.service,
          store: b.store,
          note: depositNote(b),
        };
        const text = reminderText(words);
        const replyContext = { bookingId: b.id, start, reminder: r.kind };
        await enqueue(
          q,
          b.tenant_id,
          channel === "whatsapp"
            ? {
                channel,
                contactId,
                kind: "transactional",
                reason: "requested",
                body: `${text} Respondé CONFIRMAR o CANCELAR.`,
                template: {
                  name: settings.templateName,
                  language: settings.templateLanguage,
                  parameters: [name, when, b.professional ?? "", b.service ?? "", b.store],
                  quickReplies: [`turno:confirm:${b.id}`, `turno:cancel:${b.id}`],
                },
                dedupeKey,
                source: sourceOf(b.id),
                replyHandler: TURNOS_REPLY_HANDLER,
                replyContext,
                notBefore: new Date(Math.max(at, now.getTime())),
              }
            : {
                channel,
                contactId,
                kind: "transactional",
                reason: "requested",
                ...reminderEmail(words, {
                  confirm: answerUrl(config, { t: b.tenant_id, b: b.id, s: start, a: "confirm" }),
                  cancel: answerUrl(config, { t: b.tenant_id, b: b.id, s: start, a: "cancel" }),
                }),
                dedupeKey,
                source: sourceOf(b.id),
                replyHandler: TURNOS_REPLY_HANDLER,
                replyContext,
                notBefore: new Date(Math.max(at, now.getTime())),
              },
          now,
        );
      }
    }
  }
  const queued = await q.query<{ id: string; channel: string; dedupe_key: string }>(
    `SELECT id, channel, dedupe_key FROM messages WHERE source = $1 AND status = 'queued'`,
    [sourceOf(b.id)],
  );
  for (const m of queued)
    if (!wanted.has(`${m.channel}|${m.dedupe_key}`)) await cancel(q, b.tenant_id, m.id, now);
}

/** " Seña pagada: $ 5.000,00." when the booking's seña was paid online (the reminders and the confirmation say so). */
const depositNote = (b: BookingForReminder) =>
  b.deposit_status === "paid" ? ` Seña pagada: ${formatMoney(Number(b.deposit_paid))}.` : "";

/**
 * The patient's confirmation once their seña was paid online (deposits.ts): an email when they gave one
 * (a WhatsApp message outside the 24 h window needs an approved template; the reminders carry the same
 * line). Once per booking (its dedupe key); never fails the payment that triggered it.
 */
export async function sendDepositPaidMessage(q: Queryable, bookingId: string, now: Date): Promise<void> {
  const [b] = await q.query<BookingForReminder>(
    `SELECT b.tenant_id, b.id, b.store_id, b.state, b.origin, b.start_at, b.customer_id, b.patient_name,
            b.patient_phone, b.patient_email, s.name AS service, p.name AS professional, st.name AS store,
            r.time_zone, b.deposit_status, b.deposit_paid
       FROM turno_bookings b
       JOIN stores st ON st.id = b.store_id
       LEFT JOIN turno_services s ON s.id = b.service_id
       LEFT JOIN turno_professionals p ON p.id = b.professional_id
       LEFT JOIN turno_rules r ON r.store_id = b.store_id
      WHERE b.id = $1`,
    [bookingId],
  );
  if (!b?.patient_email || b.deposit_status !== "paid") return;
  const patient = { name: b.patient_name ?? "", phone: b.patient_phone, email: b.patient_email };
  const contactId = await contactOf(q, b.tenant_id, patient, now);
  const when = whenText(b.start_at, b.time_zone ?? "America/Argentina/Buenos_Aires");
  await enqueue(
    q,
    b.tenant_id,
    {
      channel: "email",
      contactId,
      kind: "transactional",
      reason: "requested",
      subject: `Turno confirmado: ${when}`,
      body: `${patient.name || "Hola"}: tu turno del ${when} con ${b.professional ?? "el profesional"} (${b.service ?? "turno"}) en ${b.store} quedó reservado.${depositNote(b)}`,
      dedupeKey: `turno:${b.id}:deposit-paid`,
      // Not the reminders' source: syncBookingReminders cancels any queued message of theirs it does not want.
      source: `turno-deposit:${b.id}`,
    },
    now,
  );
}

/** Cancels every reminder of the booking still waiting in the queue (the patient said they cancel). */
export async function cancelQueuedReminders(
  q: Queryable,
  tenantId: string,
  bookingId: string,
  now: Date,
): Promise<void> {
  const queued = await q.query<{ id: string }>(
    `SELECT id FROM messages WHERE source = $1 AND status = 'queued'`,
    [sourceOf(bookingId)],
  );
  for (const m of queued) await cancel(q, tenantId, m.id, now);
}

/**
 * The periodic pass: every booking of every tenant starting within the next 25 h, so a reminder is
 * queued even when its booking arrived before the rules or the customer row did, and nothing is missed
 * after a restart. Cheap: the dedupe keys make a second pass a no-op.
 */
export async function sweepReminders(sql: Sql, clock: Clock, config: MessagingConfig): Promise<void> {
  const now = clock.now();
  const to = new Date(now.getTime() + SWEEP_AHEAD_MS);
  const tenants = await sql.query<{ tenant: string }>(
    `SELECT turnos_tenants_with_bookings_ahead($1, $2) AS tenant`,
    [now, to],
  );
  for (const { tenant } of tenants)
    await sql.withTenant(tenant, async (q) => {
      const rows = await q.query<{ id: string }>(
        `SELECT id FROM turno_bookings WHERE state IN ('booked', 'confirmed') AND start_at > $1 AND start_at <= $2`,
        [now, to],
      );
      for (const r of rows) await syncBookingReminders(q, config, r.id, now);
    });
}
