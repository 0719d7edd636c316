import { fileURLToPath } from "node:url";
import type { CloudModule } from "../core/module.js";
import { runEvery } from "../core/periodic.js";
import type { MessagingConfig } from "../messaging/config.js";
import { openOperatorDb } from "../operator/operator-db.js";
import { Refusal } from "@mostrador/contracts/refusal";
import { DEFAULT_DEMO_POLICY, expireDemos, type DemoPolicy } from "./demo.js";
import { sendDueLeadMail } from "./lead-mail.js";
import { rescoreNewTrials } from "./lead-scoring.js";
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
 * /v1/operator/landing, the worker that erases expired demos and the one that sends the lead mail.
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
        await landingOperatorRoutes(db, config.messaging)(deps)(plugin, options);
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
    start: ({ sql, clock, log }) => {
      const demos = runEvery(
        15 * 60 * 1000,
        async () => void (await expireDemos(sql, clock)),
        (err) => log("No se pudieron borrar las demos vencidas", err),
      );
      const mailDb = openOperatorDb(sql, config.operatorDatabaseUrl);
      const mail = runEvery(
        config.messaging.pollMs,
        async () => {
          try {
            await sendDueLeadMail(mailDb, config.messaging, () => clock.now());
          } catch (err) {
            // No operator connection (PostgreSQL without CLOUD_OPERATOR_DATABASE_URL): no lead mail to send.
            if (!(err instanceof Refusal && err.code === "operator_console_off")) throw err;
          }
        },
        (err) => log("No se pudieron enviar los correos de leads", err),
      );
      // Every 5 minutes, the trials of the last hour: a missed pass is covered by the next ones.
      const trials = runEvery(
        5 * 60 * 1000,
        async () => {
          try {
            await mailDb.run((q) => rescoreNewTrials(q, clock.now(), 60 * 60 * 1000));
          } catch (err) {
            if (!(err instanceof Refusal && err.code === "operator_console_off")) throw err;
          }
        },
        (err) => log("No se pudieron puntuar las pruebas nuevas", err),
      );
      return {
        async stop() {
          await Promise.all([demos.stop(), mail.stop(), trials.stop()]);
          await mailDb.close();
        },
      };
    },
  };
}
