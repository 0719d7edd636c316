import type { ModuleManifest } from "../core/module.js";
import { entitlementsFingerprint } from "./answer.js";
import { entitlementsRoutes } from "./routes.js";
import { saveUptime } from "./uptime.js";
import "./gate.js";

/** How often the uptime is saved and the grace looked at again. */
export const TICK_MS = 60_000;

/**
 * Entitlements at the edge (README "Entitlements"): the cloud's signed record, kept and verified here,
 * switches the plan's modules (those whose manifest names an `entitlement`) on and off. Its background
 * work saves the monotonic uptime every minute and announces `entitlements.changed` when the grace period
 * moves what is on, so gated modules stop or start and open screens re-read the banner.
 */
export function entitlementsModule(options: { tickMs?: number } = {}): ModuleManifest {
  return {
    name: "entitlements",
    routes: [entitlementsRoutes],
    events: ["entitlements.changed"],
    start({ ctx, log }) {
      let last = entitlementsFingerprint(ctx);
      const tick = () => {
        try {
          saveUptime(ctx.db);
          const now = entitlementsFingerprint(ctx);
          if (now !== last) {
            last = now;
            ctx.bus.emit("entitlements.changed", {});
          }
        } catch (err) {
          log("habilitaciones: no se pudo guardar el tiempo en marcha", err);
        }
      };
      const timer = setInterval(tick, options.tickMs ?? TICK_MS);
      const off = ctx.bus.on("entitlements.changed", () => {
        last = entitlementsFingerprint(ctx);
      });
      return {
        stop() {
          clearInterval(timer);
          off();
          saveUptime(ctx.db);
        },
      };
    },
  };
}
