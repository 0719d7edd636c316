import type {
  Channel,
  EmailSecrets,
  EmailSettings,
  TelegramSecrets,
  WhatsappSecrets,
  WhatsappSettings,
} from "@mostrador/contracts/http/messaging";
import type { StoredChannel } from "./channel-config.js";
import { emailAdapter } from "./channels/email.js";
import { telegramAdapter } from "./channels/telegram.js";
import type { ChannelAdapter } from "./channels/types.js";
import { whatsappAdapter } from "./channels/whatsapp.js";
import type { MessagingConfig } from "./config.js";

/** The adapter of one tenant's channel, from its stored (validated on save) settings and secrets. */
export function adapterFor(config: MessagingConfig, stored: StoredChannel): ChannelAdapter {
  const channel: Channel = stored.channel;
  switch (channel) {
    case "email":
      return emailAdapter(
        config.email,
        stored.settings as EmailSettings,
        stored.secrets as EmailSecrets | null,
      );
    case "whatsapp":
      return whatsappAdapter(
        config.whatsapp,
        stored.settings as WhatsappSettings,
        stored.secrets as unknown as WhatsappSecrets,
      );
    case "telegram":
      return telegramAdapter(config.telegram, stored.secrets as unknown as TelegramSecrets);
  }
}

/** The platform's SMTP for account mail (config.accountEmail; the worker checks it is set). */
export function accountEmailAdapter(config: MessagingConfig): ChannelAdapter {
  const account = config.accountEmail!;
  return emailAdapter(
    config.email,
    account.settings,
    account.password === null ? null : { password: account.password },
  );
}
