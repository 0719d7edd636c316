import { migrationsBeside, type ModuleManifest } from "@mostrador/kernel/core/module";
import { registerSaleHooks } from "../pos/sale-hooks.js";
import { openCharges, refreshCharge } from "./charges.js";
import { type MpDeps, realClientFor } from "./deps.js";
import { cloudRelay } from "./relay.js";
import { mercadoPagoRoutes } from "./routes.js";
import { mercadoPagoSaleHooks } from "./sale-hooks.js";
import { ephemeralSecretBox, secretBoxFromFile } from "./secret-key.js";

declare module "@mostrador/kernel/core/events" {
  interface AppEvents {
    /** A Mercado Pago charge changed (created, paid, cancelled, expired, refunded): the till waiting on it re-reads it. */
    "mercadopago.changed": { chargeId: string };
  }
}

// "mercadopago" payments only against charges MP confirmed; returns and voids only after MP refunded.
registerSaleHooks("mercadopago", mercadoPagoSaleHooks);

export interface MercadoPagoModuleConfig {
  /** The install's key file (<data dir>/secrets.key); absent (tests), a key that lives only in memory. */
  secretsKeyFile?: string;
  /** How often the background follow-up pulls the cloud's relay and re-reads open charges; 0: never (tests). */
  followUpMs?: number;
  /** Another client factory (none in production; tests redirect the real client to the fake instead). */
  clientFor?: MpDeps["clientFor"];
}

/**
 * Mercado Pago at the till (README.md beside this file): setup from Ajustes, dynamic QR and Point
 * charges, the results by reading the order and through the cloud's webhook relay, payments with no sale.
 */
export function mercadoPagoModule(config: MercadoPagoModuleConfig = {}): ModuleManifest {
  const deps: MpDeps = {
    box: config.secretsKeyFile ? secretBoxFromFile(config.secretsKeyFile) : ephemeralSecretBox(),
    clientFor: config.clientFor ?? realClientFor,
  };
  const followUpMs = config.followUpMs ?? 4_000;
  let relay: ReturnType<typeof cloudRelay> | null = null;
  const relayFor = (ctx: Parameters<typeof cloudRelay>[0]) => (relay ??= cloudRelay(ctx, deps));
  return {
    name: "mercadopago",
    migrations: [migrationsBeside(import.meta.url)],
    routes: [
      (ctx) =>
        mercadoPagoRoutes(deps, {
          pushAccount: () => relayFor(ctx).pushAccount(),
          pullOnce: () => relayFor(ctx).pullOnce(),
        })(ctx),
    ],
    events: ["mercadopago.changed"],
    start({ ctx, log }) {
      if (followUpMs <= 0) return undefined;
      let busy = false;
      let pushed = false;
      // Follow-up: the relay first (it knows what MP said while the till was not asking), then a read of
      // each charge still open (the till may have given up waiting). Offline, both fail quietly.
      const timer = setInterval(() => {
        if (busy) return;
        busy = true;
        void (async () => {
          const connected = ctx.db.prepare("SELECT 1 FROM mercadopago_account WHERE id = 1").get();
          if (!connected) return;
          if (!pushed)
            pushed = await relayFor(ctx)
              .pushAccount()
              .then(
                () => true,
                () => false,
              );
          await relayFor(ctx)
            .pullOnce()
            .catch(() => 0);
          for (const charge of openCharges(ctx))
            await refreshCharge(ctx, deps, charge.id).catch(() => undefined);
        })()
          .catch((err: unknown) => log("mercadopago: el seguimiento de cobros falló", err))
          .finally(() => {
            busy = false;
          });
      }, followUpMs);
      return { stop: () => clearInterval(timer) };
    },
  };
}
