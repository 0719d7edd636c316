import type { TelegramSecrets, TelegramSetupAnswer } from "@mostrador/contracts/http/messaging";
import type { Sql } from "../db/sql.js";
import { loadChannels } from "./channel-config.js";
import { TelegramBot } from "./channels/telegram-bot.js";
import type { MessagingConfig } from "./config.js";

/** Where Telegram posts a tenant's updates (webhooks.ts). */
export const telegramWebhookUrl = (config: MessagingConfig, tenantId: string) =>
  `${config.publicUrl}/v1/messaging/webhooks/telegram/${tenantId}`;

/**
 * After the Telegram channel is saved: getMe (the token works; its username makes the t.me links, kept
 * in the channel's settings) and then, with a public https URL, setWebhook with the webhook secret;
 * without one, the webhook is removed (setWebhook url "": getUpdates refuses to work while one is set)
 * and the worker polls. Telegram's answer is what the dashboard shows. Called outside any transaction.
 */
export async function connectTelegramBot(
  sql: Sql,
  config: MessagingConfig,
  tenantId: string,
): Promise<TelegramSetupAnswer> {
  const secrets = await sql.withTenant(
    tenantId,
    async (q) =>
      (await loadChannels(q, config.secrets)).get("telegram")?.secrets as TelegramSecrets | undefined,
  );
  const updates = config.telegramUpdates;
  if (!secrets) return { botUsername: null, updates, ok: false, description: "Falta el token del bot" };
  const bot = new TelegramBot(config.telegram, secrets.botToken);
  const me = await bot.getMe();
  if (!me.ok || !me.result)
    return {
      botUsername: null,
      updates,
      ok: false,
      description: `Telegram no reconoce el token del bot${me.description ? ` (${me.description})` : ""}`,
    };
  const botUsername = me.result.username ?? null;
  await sql.withTenant(tenantId, (q) =>
    q.query(
      `UPDATE messaging_channels SET settings = settings || jsonb_build_object('botUsername', $1::text)
       WHERE channel = 'telegram'`,
      [botUsername],
    ),
  );
  const hook =
    updates === "webhook"
      ? await bot.setWebhook(telegramWebhookUrl(config, tenantId), secrets.webhookSecret)
      : await bot.call<boolean>("setWebhook", { url: "" });
  return {
    botUsername,
    updates,
    ok: hook.ok,
    description:
      updates === "poll" && hook.ok
        ? "Sin URL pública: la nube le pregunta a Telegram por mensajes nuevos (getUpdates) en cada pasada"
        : (hook.description ?? null),
  };
}
