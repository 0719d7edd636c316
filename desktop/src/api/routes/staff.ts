import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { DomainError } from "../../core/errors.js";
import { getSettings } from "../../shop/settings.js";
import { getTerminal, listTerminals } from "../../shop/terminals.js";
import { AUDIT_PAGE_MAX, listAudit } from "../../staff/audit.js";
import { login, sessionStaffOf } from "../../staff/login.js";
import { revokeSession } from "../../staff/sessions.js";
import { createStaff, listStaff, updateStaff } from "../../staff/staff.js";
import { principalOf, requirePermission, tokenOf } from "../auth.js";
import type { RoutesFactory } from "../../core/module.js";

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Pin = Type.String({ pattern: "^[0-9]{4,8}$", maxLength: 8 });
const StaffName = Type.String({ minLength: 1, maxLength: 60 });
const RoleSchema = Type.Union([Type.Literal("cashier"), Type.Literal("manager"), Type.Literal("owner")]);
const IsoTime = Type.String({ minLength: 10, maxLength: 40 });

const LoginBody = Type.Object({ staffId: Id, pin: Pin, terminalId: Id }, { additionalProperties: false });
const NewStaffBody = Type.Object(
  { name: StaffName, role: RoleSchema, pin: Pin },
  { additionalProperties: false },
);
const StaffPatchBody = Type.Object(
  {
    name: Type.Optional(StaffName),
    role: Type.Optional(RoleSchema),
    pin: Type.Optional(Pin),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
const IdParams = Type.Object({ id: Id }, { additionalProperties: false });
const AuditQuery = Type.Object(
  {
    from: Type.Optional(IsoTime),
    to: Type.Optional(IsoTime),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: AUDIT_PAGE_MAX })),
  },
  { additionalProperties: false },
);

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

  app.get("/auth/options", { config: { public: true } }, async () => ({
    staff: listStaff(ctx, { activeOnly: true }).map(({ id, name, role }) => ({ id, name, role })),
    terminals: listTerminals(ctx),
    locale: getSettings(ctx.db).locale,
  }));

  app.post("/auth/login", { config: { public: true }, schema: { body: LoginBody } }, async (request) =>
    login(ctx, request.body),
  );

  app.post("/auth/logout", async (request) => {
    const token = tokenOf(request);
    if (token) revokeSession(ctx, token);
    return { ok: true };
  });

  app.get("/auth/me", async (request) => {
    const principal = principalOf(request);
    return {
      staff: sessionStaffOf(principal),
      terminal: principal.terminalId ? getTerminal(ctx, principal.terminalId) : null,
    };
  });

  app.get("/staff", manage, async () => listStaff(ctx));

  app.post("/staff", { ...manage, schema: { body: NewStaffBody } }, async (request, reply) => {
    reply.status(201);
    return createStaff(ctx, request.body, principalOf(request));
  });

  app.patch(
    "/staff/:id",
    { ...manage, schema: { params: IdParams, body: StaffPatchBody } },
    async (request) => updateStaff(ctx, request.params.id, request.body, principalOf(request)),
  );

  app.get("/audit", { ...manage, schema: { querystring: AuditQuery } }, async (request) =>
    listAudit(ctx.db, {
      from: isoParam(request.query.from, "from"),
      to: isoParam(request.query.to, "to"),
      limit: request.query.limit,
    }),
  );
};
