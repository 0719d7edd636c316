import type { ReminderSettingsView } from "@mostrador/contracts/http/cloud-turnos";
import { dayKeyIn, nextDayKey, wallTimeUtc } from "@mostrador/contracts/zoned-day";
import type { Sql } from "../../db/sql.js";
import { loadChannels } from "../../messaging/channel-config.js";
import type { MessagingConfig } from "../../messaging/config.js";
import { whatsappTemplateApproval } from "../../messaging/whatsapp-templates.js";
import { reminderEmail, reminderSettings, whenText } from "./schedule.js";

const DEFAULT_ZONE = "America/Argentina/Buenos_Aires";

/**
 * The reminder settings as the owner's "Recordatorios" screen shows them: every switch, whether Meta
 * approved the WhatsApp template they name (asked after the database transaction, never inside it) and
 * the 24 h email of an example booking tomorrow at 10:00 with the shop's own names — the very function
 * the reminders are written with, so the preview cannot drift from what patients get.
 */
export async function reminderSettingsView(
  sql: Sql,
  tenantId: string,
  config: MessagingConfig,
  now: Date,
): Promise<ReminderSettingsView> {
  const read = await sql.withTenant(tenantId, async (q) => {
    const settings = await reminderSettings(q);
    const whatsapp = (await loadChannels(q, config.secrets)).get("whatsapp");
    const [example] = await q.query<{
      store: string | null;
      professional: string | null;
      service: string | null;
      time_zone: string | null;
    }>(
      `SELECT (SELECT name FROM stores ORDER BY created_at, id LIMIT 1) AS store,
              (SELECT name FROM turno_professionals WHERE active ORDER BY name, id LIMIT 1) AS professional,
              (SELECT name FROM turno_services ORDER BY name, id LIMIT 1) AS service,
              (SELECT time_zone FROM turno_rules ORDER BY updated_at DESC LIMIT 1) AS time_zone`,
    );
    return { settings, whatsapp, example };
  });
  const { settings, whatsapp, example } = read;
  const template = await whatsappTemplateApproval(config.whatsapp, whatsapp, {
    name: settings.templateName,
    language: settings.templateLanguage,
  });
  const zone = example?.time_zone ?? DEFAULT_ZONE;
  const at = new Date(wallTimeUtc(nextDayKey(dayKeyIn(now, zone)), "10:00", zone));
  const link = `${config.publicUrl}/v1/turnos/answer?token=…`;
  const emailPreview = reminderEmail(
    {
      patient: "Ana Pérez",
      kind: "24h",
      when: whenText(at, zone),
      professional: example?.professional ?? null,
      service: example?.service ?? null,
      store: example?.store ?? "tu local",
    },
    { confirm: link, cancel: link },
  );
  return { ...settings, template, emailPreview };
}
