import type { ModuleManifest } from "../core/module.js";

/**
 * Owner notifications: any module queues one with notifyOwner (notify-owner.ts) inside its own write's
 * transaction; this manifest claims their outbox entity so no single caller owns it.
 */
export const notificationsModule: ModuleManifest = {
  name: "notifications",
  outboxEntities: ["notification"],
};
