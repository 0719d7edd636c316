import { PLAN_IDS, PLAN_PRICES_ARS, type PlanId } from "@mostrador/contracts/billing/plans";
import type { BillingAnswer } from "@mostrador/contracts/http/cloud-billing";
import { useState } from "react";
import { post } from "../api/client.js";
import { useFormat } from "../format/use-format.js";
import { useT, type MessageKey } from "../i18n/i18n.js";

/**
 * A Mercado Pago subscription has no portal: the owner changes the plan (the new amount from the next
 * cuota on, no proration) or cancels it (the paid period is kept) here. Cancelling asks once more.
 */
export function ManageInPesos({ billing, onChanged }: { billing: BillingAnswer; onChanged: () => void }) {
  const t = useT();
  const f = useFormat();
  const interval = billing.interval ?? "month";
  const others = PLAN_IDS.filter((p) => p !== billing.plan);
  const [plan, setPlan] = useState<PlanId>(others[0] ?? "basico");
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function send(path: string, body?: object) {
    setError(null);
    setBusy(true);
    try {
      await post<BillingAnswer>(path, body);
      setConfirming(false);
      onChanged();
    } catch (err) {
      setError(f.error(err));
    } finally {
      setBusy(false);
    }
  }

  if (billing.cancelAtPeriodEnd) return null;
  return (
    <div className="billing-manage-pesos">
      <form
        className="billing-subscribe"
        onSubmit={(e) => {
          e.preventDefault();
          void send("/v1/billing/plan", { plan });
        }}
      >
        <label>
          {t("billing.changePlan")}
          <select
            data-testid="billing-change-plan-select"
            value={plan}
            onChange={(e) => setPlan(e.target.value as PlanId)}
          >
            {others.map((p) => (
              <option key={p} value={p}>
                {t(`billing.plan.${p}` as MessageKey)} ·{" "}
                {t("billing.price", { price: f.money(PLAN_PRICES_ARS[p][interval]), interval })}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" data-testid="billing-change-plan" disabled={busy}>
          {t("billing.changePlan")}
        </button>
      </form>
      <p className="muted">{t("billing.changePlanHint")}</p>
      {confirming ? (
        <p className="billing-cancel-confirm">
          <button
            data-testid="billing-cancel-confirm"
            disabled={busy}
            onClick={() => void send("/v1/billing/cancel")}
          >
            {t("billing.cancelConfirm")}
          </button>
          <button data-testid="billing-cancel-keep" onClick={() => setConfirming(false)}>
            {t("billing.cancelKeep")}
          </button>
        </p>
      ) : (
        <button data-testid="billing-cancel" disabled={busy} onClick={() => setConfirming(true)}>
          {t("billing.cancel")}
        </button>
      )}
      {error && (
        <p className="error" role="alert" data-testid="billing-manage-error">
          {error}
        </p>
      )}
    </div>
  );
}
