import type { MercadoPagoApi } from "@mostrador/platform/mercadopago/api";
import { mercadoPagoClient } from "@mostrador/platform/mercadopago/real-client";
import type { SecretBox } from "@mostrador/platform/secrets/secret-box";
import type { LinkPaymentHandlers } from "./link-hooks.js";

/** What the payments module is given at composition (cloud/src/modules.ts). */
export interface PaymentsConfig {
  /** Seals the sellers' tokens and webhook secrets (CLOUD_SECRETS_KEY, the messaging channels' box). */
  secrets: SecretBox;
  /** CLOUD_PUBLIC_URL: the notification URL MP is given is built on it. */
  publicUrl: string;
  /** The real client for a token (tests redirect it to the fake: platform/src/mercadopago/fake/redirect.ts). */
  clientFor?(accessToken: string): MercadoPagoApi;
  /** What other modules do when their links are paid (set by createPaymentsModule). */
  linkHandlers?: LinkPaymentHandlers;
}

export const clientOf = (config: PaymentsConfig, accessToken: string): MercadoPagoApi =>
  config.clientFor ? config.clientFor(accessToken) : mercadoPagoClient({ accessToken });

/** Where the seller's MP application posts its webhooks (Tus integraciones → Webhooks). */
export const webhookUrlOf = (config: PaymentsConfig, tenantId: string): string =>
  `${config.publicUrl.replace(/\/+$/, "")}/v1/mercadopago/webhooks/${tenantId}`;
