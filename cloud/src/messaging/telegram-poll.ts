import type { TelegramSecrets } from "@mostrador/contracts/http/messaging";
import type { Clock } from "../core/clock.js";
import type { Sql } from "../db/sql.js";
import { loadChannels } from "./channel-config.js";
import { TelegramBot } from "./channels/telegram-bot.js";
import type { MessagingConfig } from "./config.js";
import type { InboundHandlers } from "./inbound.js";
import { handleTelegramUpdate } from "./telegram-updates.js";

/**
 * The fallback without a public URL (config.telegramUpdates "poll", the embedded cloud): each pass asks
 * every enabled bot for new updates (getUpdates from the stored offset, no wait) and handles them as the
 * webhook would (telegram-updates.ts); the offset moves past each one handled, which also tells Telegram
 * to forget it. A bot that refuses (bad token, a webhook set elsewhere: 409) is logged and skipped.
 */
export async function pollTelegramUpdates(
  sql: Sql,
  clock: Clock,
  config: MessagingConfig,
  handlers: InboundHandlers,
  log: (message: string, err?: unknown) => void,
): Promise<void> {
  if (config.telegramUpdates !== "poll") return;
  const tenants = await sql.query<{ tenant: string }>(`SELECT messaging_tenants_with_telegram() AS tenant`);
  for (const { tenant } of tenants) {
    const stored = await sql.withTenant(tenant, async (q) => {
      const secrets = (await loadChannels(q, config.secrets)).get("telegram")?.secrets as
        TelegramSecrets | undefined;
      const [row] = await q.query<{ offset: string | null }>(
        `SELECT telegram_update_offset AS offset FROM messaging_channels WHERE channel = 'telegram'`,
      );
      return secrets ? { secrets, offset: row?.offset == null ? null : Number(row.offset) } : null;
    });
    if (!stored) continue;
    const bot = new TelegramBot(config.telegram, stored.secrets.botToken);
    const answer = await bot.getUpdates(stored.offset);
    if (!answer.ok || !answer.result) {
      log(`messaging: getUpdates de Telegram falló: ${answer.description ?? "sin detalle"}`);
      continue;
    }
    for (const update of answer.result) {
      const reply = await sql.withTenant(tenant, async (q) => {
        const r = await handleTelegramUpdate(q, handlers, tenant, update, clock.now());
        if (update.update_id !== undefined)
          await q.query(
            `UPDATE messaging_channels SET telegram_update_offset = $1 WHERE channel = 'telegram'`,
            [update.update_id + 1],
          );
        return r;
      });
      if (reply) await bot.sendText(reply.chatId, reply.text);
    }
  }
}
