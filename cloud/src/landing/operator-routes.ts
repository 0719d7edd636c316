import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import { ScoredLeadsAnswer, ScoreSettings } from "@mostrador/contracts/http/cloud-landing";
import { CloudError } from "../core/errors.js";
import type { Queryable } from "../db/sql.js";
import type { CloudRoutesFactory } from "../http/deps.js";
import { recordAudit } from "../operator/audit.js";
import type { MessagingConfig } from "../messaging/config.js";
import type { OperatorDb } from "../operator/operator-db.js";
import { resolveOperatorSession } from "../operator/operators.js";
import { readScoreSettings, saveScoreSettings, scoredLeads } from "./lead-scoring.js";

/**
 * The console's Landing screen (`/v1/operator/landing/*`): leads with their score, stage and UTM, the
 * notices of thresholds crossed, and the scoring rules. Guarded as the rest of the console (an
 * operator's `mop_` session; the kernel sees the routes as public) and audited in the same transaction.
 */
export const landingOperatorRoutes =
  (db: OperatorDb, messaging: MessagingConfig): CloudRoutesFactory =>
  ({ clock }) =>
  async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

    const operators = new WeakMap<FastifyRequest, string>();
    // Before the body's schema, as the console's own routes: a stranger learns nothing of it.
    app.addHook("preValidation", async (request) => {
      const header = request.headers.authorization;
      const token = header?.startsWith("Bearer ") ? header.slice(7).trim() : "";
      const operator =
        token && token.length <= 200
          ? await db.run((q) => resolveOperatorSession(q, token, clock.now()))
          : null;
      if (!operator)
        throw new CloudError(
          "unauthorized",
          "operator_not_logged_in",
          "Sesión de operador inválida o vencida: volvé a ingresar",
        );
      operators.set(request, operator.id);
    });

    const audited = async <T>(
      request: FastifyRequest,
      action: string,
      fn: (q: Queryable, now: Date) => Promise<T>,
    ): Promise<T> =>
      db.run(async (q) => {
        const now = clock.now();
        const result = await fn(q, now);
        await recordAudit(q, { operatorId: operators.get(request)!, action, ip: request.ip, at: now });
        return result;
      });

    app.get(
      "/operator/landing/leads",
      { config: { auth: "public" }, schema: { response: { 200: ScoredLeadsAnswer } } },
      async (request) =>
        audited(request, "landing.leads", (q, now) => scoredLeads(q, now, messaging.accountEmail !== null)),
    );

    app.get(
      "/operator/landing/score-settings",
      { config: { auth: "public" }, schema: { response: { 200: ScoreSettings } } },
      async (request) => audited(request, "landing.score_settings", (q) => readScoreSettings(q)),
    );

    app.put(
      "/operator/landing/score-settings",
      { config: { auth: "public" }, schema: { body: ScoreSettings, response: { 200: ScoreSettings } } },
      async (request) => {
        const scores = request.body.thresholds.map((t) => t.score);
        if (new Set(scores).size !== scores.length)
          throw new CloudError("invalid", "duplicate_threshold", "Hay dos umbrales con el mismo puntaje");
        return audited(request, "landing.score_settings.save", (q, now) =>
          saveScoreSettings(q, request.body, now),
        );
      },
    );
  };
