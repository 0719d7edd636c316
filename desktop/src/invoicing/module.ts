import { migrationsBeside, type ModuleManifest } from "@mostrador/kernel/core/module";
import { registerSaleHooks } from "../pos/sale-hooks.js";
import { alertCertificateExpiry } from "./certificate-expiry.js";
import { type RunOptions, runInvoicing } from "./invoice-runner.js";
import { invoicingRoutes } from "./routes.js";
import { invoicingSaleHooks } from "./sale-hooks.js";

// Sales, returns and voids queue their comprobante in their own transaction (pos/sale-hooks.ts).
registerSaleHooks("invoicing", invoicingSaleHooks);

/** How often the queue is worked without a sale to trigger it (retries, CAEA reports, deadline and certificate alerts). */
const EVERY_MS = 60_000;

/**
 * ARCA electronic invoices (README.md beside this file): setup, the WSAA ticket, a durable queue of
 * invoices and credit notes sent to WSFEv1 after the sale's commit, and the CAEA contingency.
 */
export function invoicingModule(runOptions: RunOptions = {}): ModuleManifest {
  return {
    name: "invoicing",
    entitlement: "fiscal",
    migrations: [migrationsBeside(import.meta.url)],
    routes: [invoicingRoutes(runOptions)],
    outboxEntities: ["invoice"],
    start: ({ ctx, log }) => {
      const run = () => {
        runInvoicing(ctx, runOptions).catch((err: unknown) => log("la facturación electrónica falló", err));
      };
      // After each committed sale, return or void: their comprobante was queued in their transaction.
      const offs = [
        ctx.bus.on("sale.committed", run),
        ctx.bus.on("return.committed", run),
        ctx.bus.on("sale.voided", run),
      ];
      // The certificate's expiry warnings (30 days, 7 days, expired) need no sale and no ARCA: each tick.
      const tick = () => {
        try {
          alertCertificateExpiry(ctx);
        } catch (err) {
          log("el aviso del vencimiento del certificado de ARCA falló", err);
        }
        run();
      };
      tick();
      const timer = setInterval(tick, EVERY_MS);
      return {
        stop: () => {
          clearInterval(timer);
          for (const off of offs) off();
        },
      };
    },
  };
}
