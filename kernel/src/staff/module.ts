import { staffRoutes } from "./routes.js";
import type { ModuleManifest } from "../core/module.js";

/** Staff: PIN login, roles, lockout, sessions (which the kernel's auth reads) and the audit log. */
export const staffModule: ModuleManifest = {
  name: "staff",
  routes: [staffRoutes],
  outboxEntities: ["staff"],
};
