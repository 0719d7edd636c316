import { migrationsBeside, type ModuleManifest } from "@mostrador/kernel/core/module";
import { registerSaleHooks } from "../pos/sale-hooks.js";
import { runExpiry } from "./expiry.js";
import { cardsRoutes } from "./routes.js";
import { cardSaleHooks } from "./sale-hooks.js";

declare module "@mostrador/kernel/core/events" {
  interface AppEvents {
    /** A card's balance or status changed (committed): the cash desk and the bar refresh it. */
    "card.changed": { cardId: string; uid: string; balance: number; status: string };
  }
}

// Sales paid with "card" charge the sale's card; returns and voids credit it, in the sale's own transaction.
registerSaleHooks("cards", cardSaleHooks);

/**
 * Prepaid cards and wristbands: issue, top-up, charge (a sale paid by card), refund, cash-out, block,
 * transfer to a new card, expiry, void of a mistaken top-up. The ledger in this appliance is the only
 * truth (README.md beside this file).
 */
export const cardsModule: ModuleManifest = {
  name: "cards",
  entitlement: "cards",
  migrations: [migrationsBeside(import.meta.url)],
  routes: [cardsRoutes],
  events: ["card.changed"],
  outboxEntities: ["card", "card_entry"],
  // The event's end: unused balance expires once it has passed (idempotent; checked every minute).
  start({ ctx, log }) {
    const tick = () => {
      try {
        runExpiry(ctx);
      } catch (err) {
        log("cards: no se pudo vencer el saldo de las tarjetas", err);
      }
    };
    const timer = setInterval(tick, 60_000);
    timer.unref();
    return { stop: () => clearInterval(timer) };
  },
};
