import type { EntitlementModuleState } from "@mostrador/contracts/http/entitlements";
import type { useT } from "../i18n/use-i18n.js";

/** Why a module is off, in the till's language (the server's Spanish reason says the same). */
export function offReason(t: ReturnType<typeof useT>, m: EntitlementModuleState): string {
  const module = t(`plan.module.${m.module}`);
  if (m.code === "grace_over") return t("plan.why.graceOver", { module });
  if (m.code === "record_invalid") return t("plan.why.invalid", { module });
  return t("plan.why.notInPlan", { module });
}
