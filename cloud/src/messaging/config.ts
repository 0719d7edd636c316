import type { EmailEndpoint } from "./channels/email.js";
import type { TelegramEndpoint } from "./channels/telegram.js";
import type { WhatsappEndpoint } from "./channels/whatsapp.js";
import type { EmailSettings } from "@mostrador/contracts/http/messaging";
import { DEV_SECRETS_KEY, parseSecretsKey, SecretBox } from "./secrets.js";

/** Where the module sends and listens; tests point the endpoints at the fakes. */
export interface MessagingConfig {
  secrets: SecretBox;
  /** True when the key is the public development key (embedded cloud only; start.ts checks). */
  devSecretsKey: boolean;
  /** The cloud's public URL, for unsubscribe and confirmation links (CLOUD_PUBLIC_URL). */
  publicUrl: string;
  whatsapp: WhatsappEndpoint;
  telegram: TelegramEndpoint;
  email: EmailEndpoint;
  /** The inbound SMTP listener for VERP bounces (MESSAGING_BOUNCE_SMTP_PORT); null: not started. */
  bounceSmtp: { host: string; port: number } | null;
  /**
   * How Telegram updates (a /start from "Conectar Telegram", /stop, answers) reach the cloud: "webhook"
   * (setWebhook at publicUrl when the channel is saved; Telegram only calls HTTPS URLs) or "poll" (the
   * worker asks getUpdates every pass: the embedded cloud, with no public URL). MESSAGING_TELEGRAM_UPDATES;
   * default: webhook when CLOUD_PUBLIC_URL is https, else poll.
   */
  telegramUpdates: "webhook" | "poll";
  /**
   * The platform's own SMTP for account mail (verification, password reset, invitations): a tenant that
   * just signed up has no mail channel of its own. MESSAGING_ACCOUNT_SMTP_*; null: such mail fails with
   * a sentence saying so.
   */
  accountEmail: AccountEmail | null;
  /** How often the worker looks for due work. */
  pollMs: number;
  /** How long a claimed message stays "sending" before another worker may take it (a crashed worker). */
  leaseSeconds: number;
}

export interface AccountEmail {
  settings: EmailSettings;
  password: string | null;
}

function accountEmailOf(env: NodeJS.ProcessEnv): AccountEmail | null {
  const host = env.MESSAGING_ACCOUNT_SMTP_HOST;
  if (!host) return null;
  const user = env.MESSAGING_ACCOUNT_SMTP_USER;
  return {
    settings: {
      host,
      port: Number(env.MESSAGING_ACCOUNT_SMTP_PORT ?? 587),
      secure: env.MESSAGING_ACCOUNT_SMTP_SECURE === "1",
      from: env.MESSAGING_ACCOUNT_SMTP_FROM ?? "cuentas@mostrador.local",
      fromName: "Mostrador",
      ...(user ? { user } : {}),
    },
    password: env.MESSAGING_ACCOUNT_SMTP_PASSWORD ?? null,
  };
}

/** From the environment, with the defaults cloud/src/messaging/README.md documents. */
export function loadMessagingConfig(env: NodeJS.ProcessEnv = process.env): MessagingConfig {
  const key = env.CLOUD_SECRETS_KEY ? parseSecretsKey(env.CLOUD_SECRETS_KEY) : null;
  const bouncePort = env.MESSAGING_BOUNCE_SMTP_PORT;
  const publicUrl = (env.CLOUD_PUBLIC_URL ?? "http://127.0.0.1:8430").replace(/\/$/, "");
  const updates = env.MESSAGING_TELEGRAM_UPDATES;
  return {
    secrets: new SecretBox(key ?? DEV_SECRETS_KEY),
    devSecretsKey: key === null,
    publicUrl,
    telegramUpdates:
      updates === "webhook" || updates === "poll"
        ? updates
        : publicUrl.startsWith("https://")
          ? "webhook"
          : "poll",
    whatsapp: {
      baseUrl: env.MESSAGING_WHATSAPP_URL ?? "https://graph.facebook.com",
      apiVersion: env.MESSAGING_WHATSAPP_API_VERSION ?? "v21.0",
    },
    telegram: { baseUrl: env.MESSAGING_TELEGRAM_URL ?? "https://api.telegram.org" },
    email: { bounceDomain: env.MESSAGING_BOUNCE_DOMAIN ?? "bounces.mostrador.local" },
    bounceSmtp: bouncePort
      ? { host: env.MESSAGING_BOUNCE_SMTP_HOST ?? "0.0.0.0", port: Number(bouncePort) }
      : null,
    accountEmail: accountEmailOf(env),
    pollMs: Number(env.MESSAGING_POLL_MS ?? 5000),
    leaseSeconds: 120,
  };
}
