import { migrationsBeside, type ModuleManifest } from "@mostrador/kernel/core/module";
import { turnosRoutes } from "./routes.js";

/**
 * Turnos: appointments per professional, never double-booked (keyed slots, docs/turnos.md). Patients are
 * customers. README.md beside this file.
 */
export const turnosModule: ModuleManifest = {
  name: "turnos",
  migrations: [migrationsBeside(import.meta.url)],
  routes: [turnosRoutes],
  outboxEntities: ["turno_booking", "turno_professional", "turno_service"],
};
