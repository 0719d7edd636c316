import { createTenant } from "../../auth/accounts.js";
import { ManualClock } from "../../core/clock.js";
import { newId } from "../../core/ids.js";
import type { Sql } from "../../db/sql.js";
import { createStore } from "../../tenancy/stores.js";
import { saveChannel } from "../channel-config.js";
import type { MessagingConfig } from "../config.js";
import { createContact } from "../contacts.js";
import { cloudModules } from "../../modules.js";
import { createMessagingModule, messagingModule } from "../module.js";
import { startFakeTelegram } from "./fake-telegram.js";
import { startFakeWhatsapp } from "./fake-whatsapp.js";
import { startTestSmtp } from "./test-smtp.js";

export const WA_TOKEN = "EAAG-token-de-prueba";
export const WA_APP_SECRET = "secreto-de-la-app";
export const WA_VERIFY = "verificar-123";
export const WA_PHONE_ID = "106540352242922";
export const TG_TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
export const TG_SECRET = "secreto_del_webhook";

/**
 * A messaging world for a test file: the three fakes (real SMTP, WhatsApp and Telegram HTTP servers),
 * the module's configuration pointing at them, and `tenant()` — an organisation with a store, its three
 * channels configured and one owner recipient reachable on all of them.
 */
export async function startMessagingWorld(
  sql: Sql,
  options: { refuseEmail?: string[]; clock?: ManualClock } = {},
) {
  const smtp = await startTestSmtp(options.refuseEmail ? { refuse: options.refuseEmail } : {});
  const whatsapp = await startFakeWhatsapp(WA_TOKEN);
  const telegram = await startFakeTelegram(TG_TOKEN);
  // 12:00 in Buenos Aires: outside quiet hours.
  const clock = options.clock ?? new ManualClock("2026-03-02T15:00:00.000Z");
  // The cloud's own module configuration (its secret box: what the API seals, the worker opens), with
  // the providers' endpoints pointing at the fakes.
  const config: MessagingConfig = {
    ...messagingModule.config,
    whatsapp: { baseUrl: whatsapp.url, apiVersion: "v21.0" },
    telegram: { baseUrl: telegram.url },
    email: { bounceDomain: "rebotes.test", ignoreTls: true },
    bounceSmtp: null,
    pollMs: 1000,
    leaseSeconds: 120,
  };

  let n = 0;
  async function tenant(label = "a") {
    n++;
    const { tenantId, accountId } = await createTenant(
      sql,
      {
        orgName: `Almacén ${label}`,
        ownerEmail: `duenio-${label}-${n}-${newId()}@example.com`,
        password: "clave-de-prueba-1",
      },
      clock,
    );
    const store = await createStore(sql, tenantId, `Local ${label}`, clock);
    const ownerContactId = await sql.withTenant(tenantId, async (q) => {
      const now = clock.now();
      await saveChannel(
        q,
        config.secrets,
        tenantId,
        "email",
        {
          enabled: true,
          settings: {
            host: "127.0.0.1",
            port: smtp.port,
            secure: false,
            from: "avisos@almacen.test",
            fromName: "Almacén",
          },
        },
        accountId,
        now,
      );
      await saveChannel(
        q,
        config.secrets,
        tenantId,
        "whatsapp",
        {
          enabled: true,
          settings: { phoneNumberId: WA_PHONE_ID, alertTemplate: { name: "aviso_dueno", language: "es_AR" } },
          secrets: { accessToken: WA_TOKEN, appSecret: WA_APP_SECRET, verifyToken: WA_VERIFY },
        },
        accountId,
        now,
      );
      await saveChannel(
        q,
        config.secrets,
        tenantId,
        "telegram",
        {
          enabled: true,
          settings: {},
          secrets: { botToken: TG_TOKEN, webhookSecret: TG_SECRET },
        },
        accountId,
        now,
      );
      return createContact(
        q,
        tenantId,
        {
          name: "Dueña",
          email: `duena-${label}-${n}@almacen.test`,
          phone: `+54 9 11 2345-${String(6000 + n)}`,
          telegramChatId: String(700000 + n),
          ownerRecipient: true,
        },
        now,
      );
    });
    return { tenantId, accountId, storeId: store.id, ownerContactId };
  }

  /** What the appliance's "notify" action lands as after sync: a queued owner notification. */
  async function ownerNotification(
    tenantId: string,
    storeId: string,
    message: string,
    fields: Record<string, unknown> = {},
  ): Promise<string> {
    const id = newId();
    await sql.withTenant(tenantId, (q) =>
      q.query(
        `INSERT INTO owner_notifications (tenant_id, id, store_id, message, payload, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          tenantId,
          id,
          storeId,
          message,
          JSON.stringify({ message, at: clock.now().toISOString(), ...fields }),
          clock.now(),
        ],
      ),
    );
    return id;
  }

  /** The cloud's modules with messaging configured as this world (its providers: the fakes). */
  const modules = (overrides: Partial<MessagingConfig> = {}) =>
    cloudModules.map((m) =>
      m.name === "messaging" ? createMessagingModule({ ...config, ...overrides }) : m,
    );

  return {
    modules,
    smtp,
    whatsapp,
    telegram,
    clock,
    config,
    tenant,
    ownerNotification,
    async close() {
      await Promise.all([smtp.close(), whatsapp.close(), telegram.close()]);
    },
  };
}
