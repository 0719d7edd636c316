import { fileURLToPath } from "node:url";
import { SYNC_OPS, type OpPayload } from "@mostrador/contracts/sync/ops";
import type { CloudModule } from "../core/module.js";
import { runEvery } from "../core/periodic.js";
import type { MessagingModule } from "../messaging/module.js";
import type { OwnedRows } from "../ingest/handlers.js";
import {
  applyAllotmentOps,
  applyBookingOps,
  applyExceptionOps,
  applyProfessionalOps,
  applyRulesOps,
  applyServiceOps,
} from "./projection.js";
import { unfitGrants } from "./allotments.js";
import { turnosDashboardRoutes } from "./dashboard-routes.js";
import { turnosPublicRoutes } from "./public-routes.js";
import { turnosAnswerHandler } from "./reminders/answers.js";
import { turnosReminderRoutes } from "./reminders/routes.js";
import { syncBookingReminders, sweepReminders } from "./reminders/schedule.js";
import { waitlistAnswerHandler } from "./waitlist/answers.js";
import { applyWaitlistEntryOps, applyWaitlistOfferOps, sweepOffers } from "./waitlist/offers.js";
import { waitlistRoutes } from "./waitlist/routes.js";

/** How often the reminder sweep looks ahead (a reminder may go up to this late if its booking slipped by). */
const REMINDER_SWEEP_MS = 60_000;

const own = (table: string, reason: string): OwnedRows => ({ table, ids: (op) => [op.entityId], reason });
const professionalOf = (reason: string): OwnedRows => ({
  table: "turno_professionals",
  ids: (op) => {
    const id = (op.payload as { professionalId?: unknown }).professionalId;
    return typeof id === "string" ? [id] : [];
  },
  reason,
});

/**
 * Turnos in the cloud (issue 17, docs/turnos.md, README beside this file): the projection of each store's
 * setup and bookings, the allotments its appliance grants (sent back down as the `turno_allotments`
 * shape) and online booking inside them (`turno_bookings` shape, online ones), with the public booking
 * API per store.
 */
export function createTurnosModule(messaging: MessagingModule): CloudModule {
  const config = messaging.config;
  // Answers to reminders ("confirmar" / "cancelar") come back through messaging's webhooks.
  messaging.inbound.register(turnosAnswerHandler(config));
  // Answers to waitlist offers ("acepto" / "no puedo") too.
  messaging.inbound.register(waitlistAnswerHandler(config));
  return {
    name: "turnos",
    migrations: fileURLToPath(new URL("./migrations/", import.meta.url)),
    routes: [
      turnosPublicRoutes(config),
      turnosReminderRoutes(config),
      turnosDashboardRoutes,
      waitlistRoutes(config),
    ],
    start(kernel) {
      const sweep = runEvery(
        REMINDER_SWEEP_MS,
        () => sweepReminders(kernel.sql, kernel.clock, config),
        (err) => kernel.log("turnos: la revisión de recordatorios falló", err),
      );
      // Waitlist offers whose patient's time ran out pass to the next one.
      const offers = runEvery(
        REMINDER_SWEEP_MS,
        () => sweepOffers(kernel.sql, kernel.clock, config),
        (err) => kernel.log("turnos: la revisión de la lista de espera falló", err),
      );
      return {
        stop: () => {
          sweep.stop();
          offers.stop();
        },
      };
    },
    projections: {
      turno_professional: {
        apply: applyProfessionalOps,
        payloads: SYNC_OPS.turno_professional,
        owns: [own("turno_professionals", "El profesional pertenece a otro local")],
      },
      turno_service: {
        apply: applyServiceOps,
        payloads: SYNC_OPS.turno_service,
        owns: [own("turno_services", "El servicio pertenece a otro local")],
      },
      turno_rules: { apply: applyRulesOps, payloads: SYNC_OPS.turno_rules },
      turno_exception: {
        apply: applyExceptionOps,
        payloads: SYNC_OPS.turno_exception,
        owns: [
          own("turno_exceptions", "El día especial pertenece a otro local"),
          professionalOf("El profesional pertenece a otro local"),
        ],
      },
      turno_booking: {
        // Every booking op brings its reminders in line (queued, moved or cancelled) in the same transaction.
        apply: async (q, scope, ops) => {
          await applyBookingOps(q, scope, ops);
          for (const id of new Set(ops.map((op) => op.entityId)))
            await syncBookingReminders(q, config, id, scope.now);
        },
        payloads: SYNC_OPS.turno_booking,
        owns: [
          own("turno_bookings", "El turno pertenece a otro local"),
          professionalOf("El profesional pertenece a otro local"),
          {
            table: "turno_services",
            ids: (op) => [(op.payload as OpPayload<"turno_booking", "created">).serviceId],
            reason: "El servicio pertenece a otro local",
          },
        ],
      },
      turno_allotment: {
        apply: applyAllotmentOps,
        payloads: SYNC_OPS.turno_allotment,
        refuses: (_q, _scope, ops) => Promise.resolve(unfitGrants(ops)),
        owns: [
          own("turno_allotments", "Los turnos en línea pertenecen a otro local"),
          professionalOf("El profesional pertenece a otro local"),
        ],
      },
      turno_waitlist_entry: {
        apply: applyWaitlistEntryOps,
        payloads: SYNC_OPS.turno_waitlist_entry,
        owns: [own("turno_waitlist_entries", "El paciente en espera pertenece a otro local")],
      },
      turno_waitlist_offer: {
        apply: applyWaitlistOfferOps(config),
        payloads: SYNC_OPS.turno_waitlist_offer,
        owns: [
          own("turno_waitlist_offers", "El ofrecimiento pertenece a otro local"),
          {
            table: "turno_waitlist_entries",
            ids: (op) =>
              (op.payload as OpPayload<"turno_waitlist_offer", "created">).entries.map((e) => e.entryId),
            reason: "El paciente en espera pertenece a otro local",
          },
          {
            table: "turno_allotments",
            ids: (op) => [(op.payload as OpPayload<"turno_waitlist_offer", "created">).allotmentId],
            reason: "Los turnos en línea pertenecen a otro local",
          },
          professionalOf("El profesional pertenece a otro local"),
        ],
      },
    },
  };
}
