import { fileURLToPath } from "node:url";
import type { CloudModule } from "../core/module.js";
import { runEvery } from "../core/periodic.js";
import type { MessagingConfig } from "../messaging/config.js";
import { openOperatorDb } from "../operator/operator-db.js";
import { DEFAULT_DEMO_POLICY, expireDemos, type DemoPolicy } from "./demo.js";
import { landingOperatorRoutes } from "./operator-routes.js";
import { landingOwnerRoutes } from "./owner-routes.js";
import { DEFAULT_LANDING_LIMITS, landingPublicRoutes, type LandingLimits } from "./public-routes.js";

export interface LandingConfig {
  messaging: MessagingConfig;
  /** CLOUD_OPERATOR_DATABASE_URL: the rubro pages write the operator's CRM through it (as the console). */
  operatorDatabaseUrl?: string;
  limits?: Partial<LandingLimits>;
  demo?: Partial<DemoPolicy>;
}

/**
 * Landing pages, leads, lead scoring and demo mode (README.md beside this file): the public pages at
 * the root, the owner's store pages and leads under /v1/landing, the console's Landing screen under
 * /v1/operator/landing, and the worker that erases expired demos.
 */
export function createLandingModule(config: LandingConfig): CloudModule {
  const demo = { ...DEFAULT_DEMO_POLICY, ...config.demo };
  return {
    name: "landing",
    migrations: fileURLToPath(new URL("./migrations/", import.meta.url)),
    routes: [
      landingOwnerRoutes,
      (deps) => async (plugin, options) => {
        const db = openOperatorDb(deps.sql, config.operatorDatabaseUrl);
        plugin.addHook("onClose", () => db.close());
        await landingOperatorRoutes(db)(deps)(plugin, options);
      },
    ],
    rootRoutes: [
      landingPublicRoutes({
        messaging: config.messaging,
        operatorDb: (sql) => openOperatorDb(sql, config.operatorDatabaseUrl),
        limits: { ...DEFAULT_LANDING_LIMITS, ...config.limits },
        demo,
      }),
    ],
    start: ({ sql, clock, log }) =>
      runEvery(
        15 * 60 * 1000,
        async () => void (await expireDemos(sql, clock)),
        (err) => log("No se pudieron borrar las demos vencidas", err),
      ),
  };
}
