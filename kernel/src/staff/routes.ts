import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import {
  AuditActions,
  AuditList,
  AuditQuery,
  AuthOptionsSchema,
  LoginAnswerSchema,
  LoginBody,
  LogoutAnswer,
  MeAnswerSchema,
  NewStaffBody,
  StaffList,
  StaffMemberSchema,
  StaffParams,
  StaffPatchBody,
  StaffPinBody,
} from "@mostrador/contracts/http/staff";
import { DomainError } from "../core/errors.js";
import { getSettings } from "../shop/settings.js";
import { getTerminal, listTerminals } from "../shop/terminals.js";
import { auditActions, listAudit } from "./audit.js";
import { login, sessionStaffOf } from "./login.js";
import { revokeSession } from "./sessions.js";
import { createStaff, listStaff, resetStaffPin, updateStaff } from "./staff.js";
import { principalOf, requirePermission, tokenOf } from "../api/auth.js";
import type { RoutesFactory } from "../core/module.js";

// Requests and answers are the HTTP contract's (contracts/src/http/staff.ts).
const member = { 200: StaffMemberSchema };

/** Accepts any ISO-8601 time and returns it in the stored form (UTC, milliseconds), so text comparison works. */
function isoParam(value: string | undefined, field: string): string | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms))
    throw new DomainError("invalid", "invalid_input", `El campo "${field}" debe ser una fecha ISO-8601`);
  return new Date(ms).toISOString();
}

/** Auth (PIN login) and staff management: a thin layer over staff/. */
export const staffRoutes: RoutesFactory = (ctx) => async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
  const manage = { preHandler: requirePermission("staff.manage") };

  app.get(
    "/auth/options",
    { config: { public: true }, schema: { response: { 200: AuthOptionsSchema } } },
    async () => ({
      staff: listStaff(ctx, { activeOnly: true }).map(({ id, name, role }) => ({ id, name, role })),
      terminals: listTerminals(ctx),
      locale: getSettings(ctx.db).locale,
    }),
  );

  app.post(
    "/auth/login",
    { config: { public: true }, schema: { body: LoginBody, response: { 200: LoginAnswerSchema } } },
    async (request) => login(ctx, request.body),
  );

  app.post("/auth/logout", { schema: { response: { 200: LogoutAnswer } } }, async (request) => {
    const token = tokenOf(request);
    if (token) revokeSession(ctx, token);
    return { ok: true as const };
  });

  app.get("/auth/me", { schema: { response: { 200: MeAnswerSchema } } }, async (request) => {
    const principal = principalOf(request);
    return {
      staff: sessionStaffOf(principal),
      terminal: principal.terminalId ? getTerminal(ctx, principal.terminalId) : null,
    };
  });

  // The list is also a manager's (to pick whose PIN to reset), not only the owner's.
  const seeStaff = { preHandler: requirePermission("staff.manage", "staff.reset_pin") };
  app.get("/staff", { ...seeStaff, schema: { response: { 200: StaffList } } }, async () => listStaff(ctx));

  app.post(
    "/staff/:id/pin",
    {
      preHandler: requirePermission("staff.reset_pin"),
      schema: { params: StaffParams, body: StaffPinBody, response: member },
    },
    async (request) => resetStaffPin(ctx, request.params.id, request.body.pin, principalOf(request)),
  );

  app.post(
    "/staff",
    { ...manage, schema: { body: NewStaffBody, response: { 201: StaffMemberSchema } } },
    async (request, reply) => {
      reply.status(201);
      return createStaff(ctx, request.body, principalOf(request));
    },
  );

  app.patch(
    "/staff/:id",
    { ...manage, schema: { params: StaffParams, body: StaffPatchBody, response: member } },
    async (request) => updateStaff(ctx, request.params.id, request.body, principalOf(request)),
  );

  app.get(
    "/audit",
    { ...manage, schema: { querystring: AuditQuery, response: { 200: AuditList } } },
    async (request) =>
      listAudit(ctx.db, {
        from: isoParam(request.query.from, "from"),
        to: isoParam(request.query.to, "to"),
        limit: request.query.limit,
        offset: request.query.offset,
        staffId: request.query.staffId,
        action: request.query.action,
      }),
  );

  app.get("/audit/actions", { ...manage, schema: { response: { 200: AuditActions } } }, async () =>
    auditActions(ctx.db),
  );
};
