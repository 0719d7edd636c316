import { type Static, Type } from "@sinclair/typebox";
import { BillingIntervalSchema, PlanIdSchema } from "../billing/plans.js";
import { BillingStanding } from "./cloud-billing.js";
import { Closed, Instant, Int, Nullable } from "./fields.js";

const Uuid = Type.String({ format: "uuid" });

/**
 * The operator's console (cloud/src/operator): the people who run Mostrador, never a tenant's
 * account. Login with password AND a TOTP code, tenants across the service, MRR metrics by month,
 * the audit log of every access, and the operator's own sales CRM (leads). Ratios are integer basis
 * points (1 250 = 12,50 %); money integer minor units with its currency, never summed across currencies.
 */

const Email = Type.String({ minLength: 3, maxLength: 254, format: "email" });
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });

/** POST /v1/operator/login: all three at once — an operator has no login without its second factor. */
export const OperatorLoginBody = Type.Object(
  {
    email: Email,
    password: Type.String({ minLength: 1, maxLength: 200 }),
    code: Type.String({ minLength: 6, maxLength: 10 }),
  },
  Closed,
);
export type OperatorLoginBody = Static<typeof OperatorLoginBody>;

export const OperatorView = Type.Object({ id: Type.String(), email: Type.String(), name: Type.String() });
export type OperatorView = Static<typeof OperatorView>;

export const OperatorLoginAnswer = Type.Object({
  token: Type.String(),
  expiresAt: Instant,
  operator: OperatorView,
});
export type OperatorLoginAnswer = Static<typeof OperatorLoginAnswer>;

export const OperatorMeAnswer = Type.Object({ operator: OperatorView });

/** A tenant as the operator sees it: status is the billing standing ("none": no billing row). */
export const OperatorTenant = Type.Object({
  id: Type.String(),
  name: Type.String(),
  rubro: Nullable(Type.String()),
  createdAt: Instant,
  standing: BillingStanding,
  plan: Nullable(PlanIdSchema),
  interval: Nullable(BillingIntervalSchema),
  currency: Nullable(Type.String()),
  /** Minor units of `currency`; 0 while in trial or lapsed. */
  mrr: Int,
  stores: Int,
  appliances: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      storeName: Type.String(),
      lastSeenAt: Nullable(Instant),
      revokedAt: Nullable(Instant),
    }),
  ),
  /** The newest contact of any of its appliances. */
  lastContactAt: Nullable(Instant),
});
export type OperatorTenant = Static<typeof OperatorTenant>;

export const OperatorTenantsAnswer = Type.Object({ tenants: Type.Array(OperatorTenant) });
export type OperatorTenantsAnswer = Static<typeof OperatorTenantsAnswer>;

/** A month, YYYY-MM (the console's months run in Argentina's time, UTC−3). */
export const MonthText = Type.String({ pattern: "^[0-9]{4}-(0[1-9]|1[0-2])$" });

export const MetricsQuery = Type.Object(
  { from: Type.Optional(MonthText), to: Type.Optional(MonthText) },
  Closed,
);
export type MetricsQuery = Static<typeof MetricsQuery>;

export const MonthMetrics = Type.Object({
  month: Type.String(),
  /** MRR at the month's end. */
  mrr: Int,
  newMrr: Int,
  expansionMrr: Int,
  contractionMrr: Int,
  churnedMrr: Int,
  /** Paying customers at the month's end, new and lost during it. */
  customers: Int,
  newCustomers: Int,
  churnedCustomers: Int,
  /** Customers lost / paying at the start (basis points); null with none at the start. */
  logoChurn: Nullable(Int),
  /** (churned + contraction MRR) / MRR at the start (basis points); null with no MRR at the start. */
  revenueChurn: Nullable(Int),
  /** MRR / paying customers at the month's end; null with none. */
  arpa: Nullable(Int),
  /** ARPA / logo churn; null when nobody churned (no finite estimate). */
  ltv: Nullable(Int),
});
export type MonthMetrics = Static<typeof MonthMetrics>;

export const TrialMonth = Type.Object({
  month: Type.String(),
  /** Trials started this month, and how many of them have paid since. */
  started: Int,
  converted: Int,
  /** converted / started (basis points); null with none started. */
  conversion: Nullable(Int),
});
export type TrialMonth = Static<typeof TrialMonth>;

export const MetricsAnswer = Type.Object({
  from: Type.String(),
  to: Type.String(),
  currencies: Type.Array(Type.Object({ currency: Type.String(), months: Type.Array(MonthMetrics) })),
  trials: Type.Array(TrialMonth),
});
export type MetricsAnswer = Static<typeof MetricsAnswer>;

export const AuditQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })), tenantId: Type.Optional(Uuid) },
  Closed,
);
export const AuditEntry = Type.Object({
  id: Type.String(),
  operatorEmail: Nullable(Type.String()),
  action: Type.String(),
  tenantId: Nullable(Type.String()),
  tenantName: Nullable(Type.String()),
  ip: Nullable(Type.String()),
  at: Instant,
});
export type AuditEntry = Static<typeof AuditEntry>;
export const AuditAnswer = Type.Object({ entries: Type.Array(AuditEntry) });
export type AuditAnswer = Static<typeof AuditAnswer>;

// ---- The operator's CRM ----

export const LEAD_STAGES = ["contact", "demo", "proposal", "won", "lost"] as const;
export type LeadStage = (typeof LEAD_STAGES)[number];
export const LeadStageSchema = Type.Union([
  Type.Literal("contact"),
  Type.Literal("demo"),
  Type.Literal("proposal"),
  Type.Literal("won"),
  Type.Literal("lost"),
]);

export const INTERACTION_KINDS = ["call", "email", "whatsapp", "note"] as const;
export type InteractionKind = (typeof INTERACTION_KINDS)[number];
export const InteractionKindSchema = Type.Union([
  Type.Literal("call"),
  Type.Literal("email"),
  Type.Literal("whatsapp"),
  Type.Literal("note"),
]);

export const Lead = Type.Object({
  id: Type.String(),
  businessName: Type.String(),
  contactName: Nullable(Type.String()),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  rubro: Nullable(Type.String()),
  source: Type.Union([Type.Literal("signup"), Type.Literal("manual"), Type.Literal("landing")]),
  stage: LeadStageSchema,
  tenantId: Nullable(Type.String()),
  createdAt: Instant,
  stageChangedAt: Instant,
  openTasks: Int,
  overdueTasks: Int,
  /** The earliest due date of its open tasks. */
  nextDueAt: Nullable(Instant),
});
export type Lead = Static<typeof Lead>;

export const LeadsAnswer = Type.Object({
  leads: Type.Array(Lead),
  conversion: Type.Object({
    /** Leads that ever reached each stage, and that share of all leads (basis points). */
    byStage: Type.Array(Type.Object({ stage: LeadStageSchema, reached: Int, share: Nullable(Int) })),
    /** Leads and won leads per rubro ("" for none given). */
    byRubro: Type.Array(
      Type.Object({ rubro: Type.String(), leads: Int, won: Int, conversion: Nullable(Int) }),
    ),
  }),
});
export type LeadsAnswer = Static<typeof LeadsAnswer>;

export const NewLeadBody = Type.Object(
  {
    businessName: Text(120),
    contactName: Type.Optional(Text(120)),
    email: Type.Optional(Email),
    phone: Type.Optional(Type.String({ minLength: 3, maxLength: 40 })),
    rubro: Type.Optional(Text(60)),
  },
  Closed,
);
export type NewLeadBody = Static<typeof NewLeadBody>;

export const LeadStageBody = Type.Object({ stage: LeadStageSchema }, Closed);
export const InteractionBody = Type.Object({ kind: InteractionKindSchema, note: Text(2000) }, Closed);
export type InteractionBody = Static<typeof InteractionBody>;
export const TaskBody = Type.Object(
  { title: Text(200), dueAt: Type.String({ format: "date-time", maxLength: 40 }) },
  Closed,
);
export type TaskBody = Static<typeof TaskBody>;
export const LeadParams = Type.Object({ id: Uuid }, Closed);
export const LeadTaskParams = Type.Object({ id: Uuid, taskId: Uuid }, Closed);

export const LeadDetail = Type.Object({
  lead: Lead,
  stages: Type.Array(Type.Object({ from: Nullable(LeadStageSchema), to: LeadStageSchema, at: Instant })),
  interactions: Type.Array(
    Type.Object({
      id: Type.String(),
      kind: InteractionKindSchema,
      note: Type.String(),
      operatorEmail: Type.String(),
      at: Instant,
    }),
  ),
  tasks: Type.Array(
    Type.Object({
      id: Type.String(),
      title: Type.String(),
      dueAt: Instant,
      doneAt: Nullable(Instant),
      overdue: Type.Boolean(),
    }),
  ),
});
export type LeadDetail = Static<typeof LeadDetail>;

export const TenantParams = Type.Object({ id: Uuid }, Closed);
