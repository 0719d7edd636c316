import type { LimitKey } from "@mostrador/contracts/billing/plans";
import type { Ctx } from "../core/context.js";
import { DomainError } from "../core/errors.js";
import { entitlementState, limitOf } from "./access.js";

const WHAT: Partial<Record<LimitKey, { one: string; many: string }>> = {
  tills: { one: "caja", many: "cajas" },
  devices: { one: "dispositivo", many: "dispositivos" },
};

/** The plan's limit now, or null for none (an appliance that never received a record has no limits). */
export function planLimit(ctx: Ctx, key: LimitKey): number | null {
  return limitOf(entitlementState(ctx), key);
}

/**
 * Refuses to create one more of something the plan counts (tills, devices) when `inUse` already reaches
 * the limit: 403 `plan_limit_reached`, nothing written. What exists keeps working.
 */
export function assertUnderPlanLimit(ctx: Ctx, key: LimitKey, inUse: number): void {
  const limit = planLimit(ctx, key);
  if (limit === null || inUse < limit) return;
  const what = WHAT[key] ?? { one: key, many: key };
  throw new DomainError(
    "forbidden",
    "plan_limit_reached",
    `Tu plan permite hasta ${limit} ${limit === 1 ? what.one : what.many}; para sumar más, cambiá de plan`,
    { limit, key },
  );
}
