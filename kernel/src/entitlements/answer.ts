import { ENTITLED_MODULES } from "@mostrador/contracts/billing/plans";
import type { EntitlementsAnswer } from "@mostrador/contracts/http/entitlements";
import type { Ctx } from "../core/context.js";
import { entitlementState, limitOf, moduleAccess } from "./access.js";

/** What GET /api/entitlements says: the plan, each module on or off with why, the limits, the banner. */
export function entitlementsAnswer(ctx: Ctx): EntitlementsAnswer {
  const state = entitlementState(ctx);
  const modules = ENTITLED_MODULES.map((module) => {
    const access = moduleAccess(state, module);
    return access.on
      ? { module, on: true, code: null, reason: null }
      : { module, on: false, code: access.code, reason: access.reason };
  });
  if (state.kind === "unmanaged")
    return {
      managed: false,
      plan: null,
      standing: null,
      issuedAt: null,
      offlineDays: null,
      graceDaysLeft: null,
      banner: null,
      modules,
      limits: null,
    };
  const limits = {
    stores: limitOf(state, "stores") ?? 0,
    tills: limitOf(state, "tills") ?? 0,
    devices: limitOf(state, "devices") ?? 0,
    api_calls_month: limitOf(state, "api_calls_month") ?? 0,
    marketing_messages_month: limitOf(state, "marketing_messages_month") ?? 0,
  };
  if (state.kind === "invalid")
    return {
      managed: true,
      plan: null,
      standing: null,
      issuedAt: null,
      offlineDays: null,
      graceDaysLeft: null,
      banner: "invalid",
      modules,
      limits,
    };
  const { record } = state;
  const lapsed = record.modules.length === 0 && record.standing !== "none";
  return {
    managed: true,
    plan: record.plan,
    standing: record.standing,
    issuedAt: record.issuedAt,
    offlineDays: state.offlineDays,
    graceDaysLeft: state.graceDaysLeft,
    banner: state.graceOver
      ? "grace_over"
      : state.offlineDays >= 1
        ? "grace"
        : record.standing === "past_due"
          ? "past_due"
          : lapsed
            ? "lapsed"
            : null,
    modules,
    limits,
  };
}

/** What the banner and the gates depend on, to tell when it changed (the minute ticker emits then). */
export function entitlementsFingerprint(ctx: Ctx): string {
  const a = entitlementsAnswer(ctx);
  return JSON.stringify([a.banner, a.graceDaysLeft, a.modules.map((m) => m.on), a.limits]);
}
