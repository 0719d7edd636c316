import { Type, type Static } from "@sinclair/typebox";
import { Closed, IdParams, Instant, Nullable, RowId } from "./fields.js";
import { ShopSettings, TerminalSchema } from "./settings.js";

/** PIN login, the session, staff management and the audit log (desktop/src/api/routes/staff.ts). */

/** Staff roles, from least to most trusted. */
export const ROLES = ["cashier", "manager", "owner"] as const;
export const RoleSchema = Type.Union([
  Type.Literal("cashier"),
  Type.Literal("manager"),
  Type.Literal("owner"),
]);
export type Role = Static<typeof RoleSchema>;

/** Sensitive actions a role may or may not perform. Selling needs no permission beyond being logged in. */
export const PermissionSchema = Type.Union([
  Type.Literal("sale.void"),
  Type.Literal("sale.discount_above_limit"),
  Type.Literal("sale.return"),
  Type.Literal("drawer.open_without_sale"),
  Type.Literal("cash.close_z"),
  Type.Literal("cash.move"),
  Type.Literal("catalog.edit"),
  Type.Literal("stock.adjust"),
  Type.Literal("staff.manage"),
  /** Set a new PIN for someone who forgot theirs (a manager: cashiers only; staff/staff.ts resetStaffPin). */
  Type.Literal("staff.reset_pin"),
  Type.Literal("settings.edit"),
  /** Register IoT devices, rotate their secrets, change their sensors and relays (gateway/). */
  Type.Literal("devices.manage"),
  /** Edit customers, record their consent from the Clientes screen and erase them on request (customers/). */
  Type.Literal("customers.manage"),
  /** Set customers' credit limits, adjust accounts and points (desktop/src/accounts, desktop/src/loyalty). */
  Type.Literal("accounts.manage"),
  /** Void a top-up, cash out, transfer a card's balance, unblock, set deposit and expiry (desktop/src/cards). */
  Type.Literal("cards.manage"),
  /** ARCA invoicing setup (Ajustes → Facturación: certificate, puntos de venta) and its pending list (invoicing/). */
  Type.Literal("invoicing.manage"),
]);
export type Permission = Static<typeof PermissionSchema>;
export const PERMISSIONS: readonly Permission[] = PermissionSchema.anyOf.map((p) => p.const);

export const AUDIT_PAGE_MAX = 500;

// ── requests ─────────────────────────────────────────────────────────────────────────────────────────

const Pin = Type.String({ pattern: "^[0-9]{4,8}$", maxLength: 8 });
const StaffName = Type.String({ minLength: 1, maxLength: 60 });
const IsoTime = Type.String({ minLength: 10, maxLength: 40 });

/** POST /api/auth/login (public) */
export const LoginBody = Type.Object({ staffId: RowId, pin: Pin, terminalId: RowId }, Closed);
export type LoginInput = Static<typeof LoginBody>;
/** POST /api/staff */
export const NewStaffBody = Type.Object({ name: StaffName, role: RoleSchema, pin: Pin }, Closed);
export type NewStaffInput = Static<typeof NewStaffBody>;
/** PATCH /api/staff/:id: at least one field. */
export const StaffPatchBody = Type.Object(
  {
    name: Type.Optional(StaffName),
    role: Type.Optional(RoleSchema),
    pin: Type.Optional(Pin),
    active: Type.Optional(Type.Boolean()),
  },
  { ...Closed, minProperties: 1 },
);
export type StaffPatchInput = Static<typeof StaffPatchBody>;
/** POST /api/staff/:id/pin: a new PIN for someone who forgot theirs; also lifts a running lockout. */
export const StaffPinBody = Type.Object({ pin: Pin }, Closed);
export const StaffParams = IdParams;
/** GET /api/audit: any ISO-8601 times; the server answers in its stored form (UTC). */
export const AuditQuery = Type.Object(
  {
    from: Type.Optional(IsoTime),
    to: Type.Optional(IsoTime),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: AUDIT_PAGE_MAX })),
    /** Rows to skip (paging: the next page starts at offset + limit). */
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
    /** Only what this staff member did. */
    staffId: Type.Optional(RowId),
    /** An action ("sale.void") or a family of them ("sale" matches "sale.void", "sale.discount_approved"). */
    action: Type.Optional(Type.String({ minLength: 1, maxLength: 60, pattern: "^[a-z_]+(\\.[a-z_]+)*$" })),
  },
  Closed,
);
export type AuditQuery = Static<typeof AuditQuery>;
/** GET /api/audit/actions: the actions the log holds, for the filter's list. */
export const AuditActions = Type.Array(Type.String());

// ── answers ──────────────────────────────────────────────────────────────────────────────────────────

/** Whom the login screen offers. */
export const StaffOptionSchema = Type.Object(
  { id: Type.String(), name: Type.String(), role: RoleSchema },
  Closed,
);
export type StaffOption = Static<typeof StaffOptionSchema>;

/** GET /api/auth/options (public): who may log in, at which till, in which language. */
export const AuthOptionsSchema = Type.Object(
  {
    staff: Type.Array(StaffOptionSchema),
    terminals: Type.Array(TerminalSchema),
    locale: ShopSettings.properties.locale,
  },
  Closed,
);
export type AuthOptions = Static<typeof AuthOptionsSchema>;

/** Who is logged in, with what they may do, so the UI can hide what would be refused anyway. */
export const SessionStaffSchema = Type.Object(
  { id: Type.String(), name: Type.String(), role: RoleSchema, permissions: Type.Array(PermissionSchema) },
  Closed,
);
export type SessionStaff = Static<typeof SessionStaffSchema>;

/** POST /api/auth/login */
export const LoginAnswerSchema = Type.Object(
  { token: Type.String(), staff: SessionStaffSchema, terminal: TerminalSchema },
  Closed,
);
export type LoginAnswer = Static<typeof LoginAnswerSchema>;

/** GET /api/auth/me: the session's staff, and its till (null for a session without one). */
export const MeAnswerSchema = Type.Object(
  { staff: SessionStaffSchema, terminal: Nullable(TerminalSchema) },
  Closed,
);
export type MeAnswer = Static<typeof MeAnswerSchema>;

/** POST /api/auth/logout */
export const LogoutAnswer = Type.Object({ ok: Type.Literal(true) }, Closed);

/** A staff member as the API shows them (staff.manage). Never carries the PIN hash. */
export const StaffMemberSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    role: RoleSchema,
    active: Type.Boolean(),
    /** Set only while a lockout is running. */
    lockedUntil: Nullable(Instant),
  },
  Closed,
);
export type StaffMember = Static<typeof StaffMemberSchema>;
export const StaffList = Type.Array(StaffMemberSchema);

/** One line of the audit log as the owner reads it; `details` is open (each action says its own). */
export const AuditViewSchema = Type.Object(
  {
    at: Instant,
    staffName: Nullable(Type.String()),
    action: Type.String(),
    entity: Nullable(Type.String()),
    entityId: Nullable(Type.String()),
    details: Type.Record(Type.String(), Type.Unknown()),
  },
  Closed,
);
export type AuditView = Static<typeof AuditViewSchema>;
export const AuditList = Type.Array(AuditViewSchema);
