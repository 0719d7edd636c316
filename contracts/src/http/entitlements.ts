import { type Static, Type } from "@sinclair/typebox";
import { EntitledModuleSchema, LimitsSchema, PlanIdSchema } from "../billing/plans.js";
import { Closed, Instant, Int, Nullable } from "./fields.js";

/**
 * GET /api/entitlements (kernel/src/entitlements): what the cloud's signed record lets this appliance
 * run now, for the till's banner, its menus and Ajustes. `managed: false` is an appliance that never
 * received a record (demo, CLI tenants, before billing): every module on, no limits, no banner.
 */
export const EntitlementModuleState = Type.Object(
  {
    module: EntitledModuleSchema,
    on: Type.Boolean(),
    /** Why it is off: not in the plan, the grace period ran out, or the kept record does not verify. */
    code: Nullable(
      Type.Union([Type.Literal("not_in_plan"), Type.Literal("grace_over"), Type.Literal("record_invalid")]),
    ),
    /** The reason in Spanish, as the module's routes answer it. */
    reason: Nullable(Type.String()),
  },
  Closed,
);
export type EntitlementModuleState = Static<typeof EntitlementModuleState>;

export const EntitlementsAnswer = Type.Object(
  {
    managed: Type.Boolean(),
    plan: Nullable(PlanIdSchema),
    /** The subscription's standing as the cloud signed it ("active", "past_due", "trial", …). */
    standing: Nullable(Type.String()),
    /** The cloud's signed time of the record kept. */
    issuedAt: Nullable(Instant),
    /** Whole days without a newer signed record (monotonic uptime, never less than the clock says). */
    offlineDays: Nullable(Int),
    graceDaysLeft: Nullable(Int),
    /** What the till's banner says; null for nothing. */
    banner: Nullable(
      Type.Union([
        Type.Literal("past_due"),
        Type.Literal("lapsed"),
        Type.Literal("grace"),
        Type.Literal("grace_over"),
        Type.Literal("invalid"),
      ]),
    ),
    modules: Type.Array(EntitlementModuleState),
    /** The plan's limits now (básico's past the grace period); null when unmanaged. */
    limits: Nullable(LimitsSchema),
  },
  Closed,
);
export type EntitlementsAnswer = Static<typeof EntitlementsAnswer>;
