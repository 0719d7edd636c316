import { migrationsBeside, type ModuleManifest } from "@mostrador/kernel/core/module";
import { registerSaleHooks } from "../pos/sale-hooks.js";
import { turnosSaleHooks } from "./charges.js";
import { applyPatientAnswers } from "./patient-answers.js";
import { turnosRoutes } from "./routes.js";
import { waitlistRoutes } from "./waitlist-routes.js";

declare module "@mostrador/kernel/core/events" {
  interface AppEvents {
    /** A booking was made, moved or changed state (committed): every desk's agenda and waiting room re-read. */
    "turnos.changed": { bookingIds: string[] };
  }
}

// A sale naming a booking charges it (seña and obra social share checked), in the sale's own transaction.
registerSaleHooks("turnos", turnosSaleHooks);

/**
 * Turnos: appointments per professional, never double-booked (keyed slots, docs/turnos.md). Patients are
 * customers. README.md beside this file.
 */
export const turnosModule: ModuleManifest = {
  name: "turnos",
  entitlement: "turnos",
  migrations: [migrationsBeside(import.meta.url)],
  routes: [turnosRoutes, waitlistRoutes],
  events: ["turnos.changed"],
  outboxEntities: [
    "turno_booking",
    "turno_professional",
    "turno_service",
    "turno_rules",
    "turno_exception",
    "turno_allotment",
    "turno_waitlist_entry",
    "turno_waitlist_offer",
  ],
  // Patients' answers to the cloud's reminders land pending (the turno_answers shape, then turnos.changed):
  // applied after the batch commits, each in its own transaction; once at start for any left from before.
  start({ ctx, log }) {
    let scheduled = false;
    const run = () => {
      scheduled = false;
      try {
        applyPatientAnswers(ctx);
      } catch (err) {
        log("turnos: no se pudieron aplicar las respuestas de los pacientes", err);
      }
    };
    const schedule = () => {
      if (scheduled) return;
      scheduled = true;
      setImmediate(run);
    };
    const off = ctx.bus.on("turnos.changed", schedule);
    schedule();
    return { stop: off };
  },
};
