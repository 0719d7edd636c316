import { fileURLToPath } from "node:url";
import { SYNC_OPS, type OpPayload } from "@mostrador/contracts/sync/ops";
import type { CloudModule } from "../core/module.js";
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
 * API per store, and the owner's agenda and report on the dashboard.
 */
export const turnosModule: CloudModule = {
  name: "turnos",
  migrations: fileURLToPath(new URL("./migrations/", import.meta.url)),
  routes: [turnosPublicRoutes, turnosDashboardRoutes],
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
      apply: applyBookingOps,
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
  },
};
