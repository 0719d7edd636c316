import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import {
  AuditAnswer,
  AuditQuery,
  InteractionBody,
  LeadDetail,
  LeadParams,
  LeadsAnswer,
  LeadStageBody,
  LeadTaskParams,
  Lead,
  MetricsAnswer,
  MetricsQuery,
  NewLeadBody,
  OperatorLoginAnswer,
  OperatorLoginBody,
  OperatorMeAnswer,
  OperatorTenant,
  OperatorTenantsAnswer,
  TaskBody,
  TenantParams,
} from "@mostrador/contracts/http/cloud-operator";
import { AttemptLimiter, limitedAttempt } from "../auth/rate-limit.js";
import { CloudError } from "../core/errors.js";
import type { Queryable } from "../db/sql.js";
import type { CloudRoutesFactory } from "../http/deps.js";
import { readAudit, recordAudit } from "./audit.js";
import type { OperatorConfig } from "./config.js";
import { addInteraction, addTask, completeTask, createLead, leadDetail, listLeads, moveLead } from "./crm.js";
import { metricsCsv, tenantsCsv } from "./csv.js";
import { readMetrics } from "./metrics-query.js";
import type { OperatorDb } from "./operator-db.js";
import {
  endOperatorSession,
  loginOperator,
  resolveOperatorSession,
  type OperatorPrincipal,
} from "./operators.js";
import { listTenants } from "./tenants.js";

declare module "fastify" {
  interface FastifyRequest {
    operator: OperatorPrincipal | null;
  }
}

const NOT_LOGGED_IN = () =>
  new CloudError(
    "unauthorized",
    "operator_not_logged_in",
    "Sesión de operador inválida o vencida: volvé a ingresar",
  );

function operatorOf(request: FastifyRequest): OperatorPrincipal {
  if (!request.operator) throw NOT_LOGGED_IN();
  return request.operator;
}

function bearerOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header?.startsWith("Bearer ")) return null;
  const token = header.slice(7).trim();
  return token && token.length <= 200 ? token : null;
}

/**
 * The operator's console under /v1/operator. Its routes are "public" to the kernel's auth hook (no
 * tenant session opens them) and guarded here instead: every route but login wants an operator's
 * `mop_` session, which a tenant's token never is. Every access is audited in its own transaction.
 */
export const operatorRoutes =
  (config: OperatorConfig, db: OperatorDb): CloudRoutesFactory =>
  ({ sql, clock }) =>
  async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
    const limiter = new AttemptLimiter(sql, clock, "operator-login");
    const isLogin = (request: FastifyRequest) => request.routeOptions.url === "/v1/operator/login";

    app.decorateRequest("operator", null);
    // preValidation: after the text policy (a root hook, so it runs first and every route refuses a
    // control character the same way), before the body's schema (a stranger learns nothing of it).
    app.addHook("preValidation", async (request) => {
      if (isLogin(request) || !request.routeOptions.url) return;
      const token = bearerOf(request);
      const operator = token ? await db.run((q) => resolveOperatorSession(q, token, clock.now())) : null;
      if (!operator) throw NOT_LOGGED_IN();
      request.operator = operator;
    });

    /** Runs an access as the operator role and appends its audit row in the same transaction. */
    const audited = <T>(
      request: FastifyRequest,
      action: string,
      tenantId: string | null,
      fn: (q: Queryable, now: Date) => Promise<T>,
    ): Promise<T> =>
      db.run(async (q) => {
        const now = clock.now();
        const result = await fn(q, now);
        await recordAudit(q, {
          operatorId: operatorOf(request).id,
          action,
          tenantId,
          ip: request.ip,
          at: now,
        });
        return result;
      });

    app.post(
      "/operator/login",
      {
        config: { auth: "public" },
        schema: { body: OperatorLoginBody, response: { 200: OperatorLoginAnswer } },
      },
      async (request) =>
        limitedAttempt(
          limiter,
          [request.body.email.trim().toLowerCase(), request.ip],
          "Demasiados intentos de ingreso: esperá unos minutos",
          () => loginOperator(db, config.secrets, request.body, request.ip, clock),
        ),
    );

    app.post("/operator/logout", { config: { auth: "public" } }, async (request, reply) => {
      const me = operatorOf(request);
      await audited(request, "logout", null, (q, now) => endOperatorSession(q, me.sessionId, now));
      return reply.code(204).send();
    });

    app.get(
      "/operator/me",
      { config: { auth: "public" }, schema: { response: { 200: OperatorMeAnswer } } },
      async (request) => {
        const { sessionId: _s, ...operator } = operatorOf(request);
        return { operator };
      },
    );

    app.get(
      "/operator/tenants",
      { config: { auth: "public" }, schema: { response: { 200: OperatorTenantsAnswer } } },
      async (request) => ({ tenants: await audited(request, "tenants.list", null, listTenants) }),
    );

    app.get(
      "/operator/tenants/:id",
      { config: { auth: "public" }, schema: { params: TenantParams, response: { 200: OperatorTenant } } },
      async (request) => {
        const id = request.params.id;
        const tenant = await audited(request, "tenant.view", id, async (q, now) =>
          (await listTenants(q, now)).find((t) => t.id === id),
        );
        if (!tenant) throw new CloudError("not_found", "tenant_not_found", "No existe ese cliente");
        return tenant;
      },
    );

    app.get("/operator/tenants.csv", { config: { auth: "public" } }, async (request, reply) => {
      const tenants = await audited(request, "tenants.export_csv", null, listTenants);
      return csvReply(reply, "clientes.csv", tenantsCsv(tenants));
    });

    app.get(
      "/operator/metrics",
      { config: { auth: "public" }, schema: { querystring: MetricsQuery, response: { 200: MetricsAnswer } } },
      async (request) =>
        audited(request, "metrics.view", null, (q, now) => readMetrics(q, request.query, now)),
    );

    app.get(
      "/operator/metrics.csv",
      { config: { auth: "public" }, schema: { querystring: MetricsQuery } },
      async (request, reply) => {
        const metrics = await audited(request, "metrics.export_csv", null, (q, now) =>
          readMetrics(q, request.query, now),
        );
        return csvReply(reply, `metricas-${metrics.from}-${metrics.to}.csv`, metricsCsv(metrics));
      },
    );

    app.get(
      "/operator/audit",
      { config: { auth: "public" }, schema: { querystring: AuditQuery, response: { 200: AuditAnswer } } },
      async (request) => ({
        entries: await audited(request, "audit.view", request.query.tenantId ?? null, (q) =>
          readAudit(q, { limit: request.query.limit ?? 100, tenantId: request.query.tenantId }),
        ),
      }),
    );

    app.get(
      "/operator/leads",
      { config: { auth: "public" }, schema: { response: { 200: LeadsAnswer } } },
      async (request) => audited(request, "leads.list", null, listLeads),
    );

    app.post(
      "/operator/leads",
      { config: { auth: "public" }, schema: { body: NewLeadBody, response: { 201: Lead } } },
      async (request, reply) => {
        const me = operatorOf(request);
        const lead = await audited(request, "lead.create", null, (q, now) =>
          createLead(q, request.body, me.id, now),
        );
        return reply.code(201).send(lead);
      },
    );

    app.get(
      "/operator/leads/:id",
      { config: { auth: "public" }, schema: { params: LeadParams, response: { 200: LeadDetail } } },
      async (request) =>
        audited(request, "lead.view", null, (q, now) => leadDetail(q, request.params.id, now)),
    );

    app.post(
      "/operator/leads/:id/stage",
      {
        config: { auth: "public" },
        schema: { params: LeadParams, body: LeadStageBody, response: { 200: LeadDetail } },
      },
      async (request) => {
        const me = operatorOf(request);
        return audited(request, "lead.stage", null, async (q, now) => {
          await moveLead(q, request.params.id, request.body.stage, me.id, now);
          return leadDetail(q, request.params.id, now);
        });
      },
    );

    app.post(
      "/operator/leads/:id/interactions",
      {
        config: { auth: "public" },
        schema: { params: LeadParams, body: InteractionBody, response: { 200: LeadDetail } },
      },
      async (request) => {
        const me = operatorOf(request);
        return audited(request, "lead.interaction", null, async (q, now) => {
          await addInteraction(q, request.params.id, request.body, me.id, now);
          return leadDetail(q, request.params.id, now);
        });
      },
    );

    app.post(
      "/operator/leads/:id/tasks",
      {
        config: { auth: "public" },
        schema: { params: LeadParams, body: TaskBody, response: { 200: LeadDetail } },
      },
      async (request) => {
        const me = operatorOf(request);
        return audited(request, "lead.task", null, async (q, now) => {
          await addTask(q, request.params.id, request.body, me.id, now);
          return leadDetail(q, request.params.id, now);
        });
      },
    );

    app.post(
      "/operator/leads/:id/tasks/:taskId/done",
      { config: { auth: "public" }, schema: { params: LeadTaskParams, response: { 200: LeadDetail } } },
      async (request) =>
        audited(request, "lead.task_done", null, async (q, now) => {
          await completeTask(q, request.params.id, request.params.taskId, now);
          return leadDetail(q, request.params.id, now);
        }),
    );
  };

function csvReply(reply: import("fastify").FastifyReply, filename: string, body: string) {
  return reply
    .header("content-type", "text/csv; charset=utf-8")
    .header("content-disposition", `attachment; filename="${filename}"`)
    .header("cache-control", "no-store")
    .send(body);
}
