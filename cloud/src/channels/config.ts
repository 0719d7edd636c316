import type { SecretBox } from "@mostrador/platform/secrets/secret-box";
import type { ChannelName } from "./channel-client.js";
import type { MercadoLibreApp } from "./mercadolibre/client.js";
import type { TiendanubeApp } from "./tiendanube/client.js";

/** What the channels module is given at composition (cloud/src/modules.ts). */
export interface ChannelsConfig {
  /** Seals the channels' tokens (CLOUD_SECRETS_KEY, the messaging channels' box). */
  secrets: SecretBox;
  /** CLOUD_PUBLIC_URL: the OAuth redirect and the webhook URLs are built on it. */
  publicUrl: string;
  /** null: the platform registered no app for that channel ("Conectar" says so). */
  tiendanube: TiendanubeApp | null;
  mercadolibre: MercadoLibreApp | null;
  /** How often the push worker looks for due work. */
  pollMs: number;
  /** API calls per connection per worker pass: Tiendanube's bucket drains 2 requests/s. */
  callsPerPass: Record<ChannelName, number>;
}

/** Where the channel sends the seller back after "Autorizar" (register it in the channel's app). */
export const redirectUriOf = (config: ChannelsConfig, channel: ChannelName): string =>
  `${config.publicUrl.replace(/\/+$/, "")}/v1/channels/oauth/${channel}/callback`;

/** Where Tiendanube posts its webhooks and Mercado Libre its notifications. */
export const webhookUrlOf = (config: ChannelsConfig, channel: ChannelName): string =>
  `${config.publicUrl.replace(/\/+$/, "")}/v1/channels/${channel}/webhooks`;

/** From the environment (README.md beside this file lists the variables). */
export function channelsConfigFromEnv(
  env: NodeJS.ProcessEnv,
  given: { secrets: SecretBox; publicUrl: string },
): ChannelsConfig {
  return {
    ...given,
    tiendanube:
      env.TIENDANUBE_APP_ID && env.TIENDANUBE_CLIENT_SECRET
        ? {
            appId: env.TIENDANUBE_APP_ID,
            clientSecret: env.TIENDANUBE_CLIENT_SECRET,
            apiUrl: env.TIENDANUBE_API_URL ?? "https://api.tiendanube.com/v1",
            authUrl: env.TIENDANUBE_AUTH_URL ?? "https://www.tiendanube.com/apps",
          }
        : null,
    mercadolibre:
      env.MERCADOLIBRE_APP_ID && env.MERCADOLIBRE_CLIENT_SECRET
        ? {
            appId: env.MERCADOLIBRE_APP_ID,
            clientSecret: env.MERCADOLIBRE_CLIENT_SECRET,
            apiUrl: env.MERCADOLIBRE_API_URL ?? "https://api.mercadolibre.com",
            authUrl: env.MERCADOLIBRE_AUTH_URL ?? "https://auth.mercadolibre.com.ar",
          }
        : null,
    pollMs: Number(env.CHANNELS_POLL_MS ?? 5_000),
    callsPerPass: { tiendanube: 10, mercadolibre: 20 },
  };
}
