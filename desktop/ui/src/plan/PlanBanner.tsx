import { useT } from "../i18n/use-i18n.js";
import { usePlan } from "./plan-store.js";

/**
 * The plan's state at the till: a payment pending (the extras still on), the days of grace left without
 * contact with the cloud, or why the extras are off. Selling never stops, and the banner says so.
 */
export function PlanBanner() {
  const t = useT();
  const plan = usePlan((s) => s.plan);
  if (!plan?.banner) return null;
  const text =
    plan.banner === "past_due"
      ? t("plan.banner.pastDue")
      : plan.banner === "lapsed"
        ? t("plan.banner.lapsed")
        : plan.banner === "grace"
          ? t("plan.banner.grace", { days: plan.offlineDays ?? 0, left: plan.graceDaysLeft ?? 0 })
          : plan.banner === "grace_over"
            ? t("plan.banner.graceOver", { days: plan.offlineDays ?? 0 })
            : t("plan.banner.invalid");
  return (
    <div className="banner warning" data-testid="plan-banner" data-banner={plan.banner} role="status">
      {text}
    </div>
  );
}
