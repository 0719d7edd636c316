import { useEffect } from "react";
import { useFormat, useT } from "../i18n/use-i18n.js";
import type { MessageKey } from "../i18n/i18n.js";
import { usePlan } from "./plan-store.js";
import { offReason } from "./off-reason.js";
import { PlanBanner } from "./PlanBanner.js";

const LIMIT_LABELS: { key: "stores" | "tills" | "devices"; label: MessageKey }[] = [
  { key: "stores", label: "plan.limit.stores" },
  { key: "tills", label: "plan.limit.tills" },
  { key: "devices", label: "plan.limit.devices" },
];

/** Ajustes → Plan: the plan the cloud signed, each module on or off with why, and the limits. */
export function PlanSection() {
  const t = useT();
  const format = useFormat();
  const plan = usePlan((s) => s.plan);
  const refresh = usePlan((s) => s.refresh);
  useEffect(() => {
    void refresh().catch(() => {});
  }, [refresh]);
  if (!plan) return <p className="loading">{t("common.loading")}</p>;
  if (!plan.managed)
    return (
      <section className="settings-section" data-testid="plan-section">
        <p data-testid="plan-unmanaged">{t("plan.unmanaged")}</p>
      </section>
    );
  return (
    <section className="settings-section" data-testid="plan-section">
      <PlanBanner />
      <dl className="plan-facts">
        <dt>{t("plan.name")}</dt>
        <dd data-testid="plan-name">{plan.plan ? t(`plan.name.${plan.plan}`) : t("plan.name.none")}</dd>
        {plan.issuedAt && (
          <>
            <dt>{t("plan.issuedAt")}</dt>
            <dd data-testid="plan-issued">{format.dateTime(plan.issuedAt)}</dd>
          </>
        )}
        {plan.graceDaysLeft !== null && (
          <>
            <dt>{t("plan.graceLeft")}</dt>
            <dd data-testid="plan-grace-left">{t("plan.days", { days: plan.graceDaysLeft })}</dd>
          </>
        )}
      </dl>
      <h3>{t("plan.modules")}</h3>
      <ul className="plan-modules">
        {plan.modules.map((m) => (
          <li key={m.module} data-testid={`plan-module-${m.module}`} data-on={m.on ? "yes" : "no"}>
            <strong>{t(`plan.module.${m.module}`)}</strong>{" "}
            {m.on ? t("plan.on") : `${t("plan.off")}: ${offReason(t, m)}`}
          </li>
        ))}
      </ul>
      {plan.limits && (
        <>
          <h3>{t("plan.limits")}</h3>
          <ul className="plan-limits">
            {LIMIT_LABELS.map(({ key, label }) => (
              <li key={key} data-testid={`plan-limit-${key}`}>
                {t(label, { count: plan.limits?.[key] ?? 0 })}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
