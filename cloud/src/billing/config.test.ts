import { describe, expect, it } from "vitest";
import { billingConfigFromEnv, providerNamed, providersOf } from "./config.js";

describe("billing's providers from the environment", () => {
  const mp = { MOSTRADOR_MP_ACCESS_TOKEN: "APP_USR-1", MOSTRADOR_MP_WEBHOOK_SECRET: "secreto" };
  const stripe = { STRIPE_SECRET_KEY: "sk_test_1", STRIPE_WEBHOOK_SECRET: "whsec_1" };
  const names = (env: NodeJS.ProcessEnv) =>
    providersOf(billingConfigFromEnv(env, "https://panel.example")).map((p) => p.name);

  it("offers each provider only with both of its settings, pesos first", () => {
    expect(names({})).toEqual([]);
    expect(names({ MOSTRADOR_MP_ACCESS_TOKEN: "APP_USR-1" })).toEqual([]);
    expect(names({ STRIPE_SECRET_KEY: "sk_test_1" })).toEqual([]);
    expect(names(mp)).toEqual(["mercadopago"]);
    expect(names(stripe)).toEqual(["stripe"]);
    expect(names({ ...mp, ...stripe })).toEqual(["mercadopago", "stripe"]);
  });

  it("finds a provider by name, and none for a name not configured", () => {
    const config = billingConfigFromEnv(mp, "https://panel.example");
    expect(providerNamed(config, "mercadopago")?.name).toBe("mercadopago");
    expect(providerNamed(config, "stripe")).toBeNull();
    expect(providerNamed(config, null)).toBeNull();
  });
});
