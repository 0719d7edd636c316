import type { MercadoPagoApi } from "@mostrador/platform/mercadopago/api";
import { mercadoPagoClient } from "@mostrador/platform/mercadopago/real-client";
import type { SecretBox } from "@mostrador/platform/secrets/secret-box";

/**
 * What the Mercado Pago module is given at composition (desktop/src/appliance/modules.ts): the box that
 * seals the token, and how to get a client for a token (the real one; tests point it at the fake by
 * redirecting api.mercadopago.com, platform/src/mercadopago/fake/redirect.ts).
 */
export interface MpDeps {
  box: SecretBox;
  clientFor(accessToken: string): MercadoPagoApi;
}

export const realClientFor = (accessToken: string): MercadoPagoApi => mercadoPagoClient({ accessToken });
