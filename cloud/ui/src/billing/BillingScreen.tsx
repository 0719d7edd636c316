import {
  BILLING_INTERVALS,
  type BillingInterval,
  type BillingProviderName,
  PLAN_IDS,
  PLAN_PRICES_ARS,
  type PlanId,
} from "@mostrador/contracts/billing/plans";
import type { BillingAnswer, BillingRedirect } from "@mostrador/contracts/http/cloud-billing";
import { useState } from "react";
import { get, post } from "../api/client.js";
import { useLoad } from "../api/use-load.js";
import { useFormat } from "../format/use-format.js";
import { useT, type MessageKey } from "../i18n/i18n.js";
import { Status } from "../nav/Status.js";
import { useSession } from "../session/session-store.js";
import { ManageInPesos } from "./ManageInPesos.js";
import "./billing.css";

/** Checkout and the portal are the provider's pages: the browser goes there and comes back to #facturacion. */
const goTo = (url: string) => globalThis.location.assign(url);

/** "Plan y facturación": the plan and its state, the trial's days, subscribing (Checkout) and managing (portal). */
export function BillingScreen() {
  const t = useT();
  const f = useFormat();
  const owner = useSession((s) => s.session?.role) === "owner";
  const billing = useLoad<BillingAnswer>(get, "/v1/billing");
  const [plan, setPlan] = useState<PlanId>("profesional");
  const [interval, setInterval] = useState<BillingInterval>("month");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [chosen, setChosen] = useState<BillingProviderName | null>(null);
  const b = billing.data;
  // The first configured provider unless the owner picked another (pesos first when both are offered).
  const provider = chosen ?? b?.providers[0] ?? null;

  async function redirect(path: string, body?: object) {
    setError(null);
    setBusy(true);
    try {
      goTo((await post<BillingRedirect>(path, body)).url);
    } catch (err) {
      setError(f.error(err));
      setBusy(false);
    }
  }

  const subscribed = b && ["active", "past_due", "trialing"].includes(b.standing);
  return (
    <section className="billing">
      <h2>{t("billing.title")}</h2>
      <Status loading={billing.loading && !b} error={billing.error} reload={billing.reload} />
      {b && (
        <dl className="billing-state" data-testid="billing-state">
          <dt>{t("billing.plan")}</dt>
          <dd data-testid="billing-plan">
            {b.plan ? t(`billing.plan.${b.plan}` as MessageKey) : t("billing.noPlan")}
            {b.interval ? ` · ${t(`billing.interval.${b.interval}` as MessageKey)}` : ""}
          </dd>
          {b.provider && (
            <>
              <dt>{t("billing.chargedBy")}</dt>
              <dd data-testid="billing-provider">{t(`billing.providerName.${b.provider}`)}</dd>
            </>
          )}
          <dt>{t("billing.state")}</dt>
          <dd data-testid="billing-standing">{t(`billing.standing.${b.standing}` as MessageKey)}</dd>
          {b.trialDaysLeft !== null && (
            <>
              <dt>{t("billing.trialLeft")}</dt>
              <dd data-testid="billing-trial-days">{t("billing.days", { days: b.trialDaysLeft })}</dd>
            </>
          )}
          {b.currentPeriodEnd && (
            <>
              <dt>{b.cancelAtPeriodEnd ? t("billing.endsOn") : t("billing.renewsOn")}</dt>
              <dd>{f.dateTime(b.currentPeriodEnd)}</dd>
            </>
          )}
          <dt>{t("billing.modules")}</dt>
          <dd data-testid="billing-modules">
            {b.modules.length
              ? b.modules.map((m) => t(`billing.module.${m}` as MessageKey)).join(", ")
              : t("billing.noModules")}
          </dd>
        </dl>
      )}
      {b && owner && !subscribed && (
        <form
          className="billing-subscribe"
          onSubmit={(e) => {
            e.preventDefault();
            void redirect("/v1/billing/checkout", { plan, interval, ...(provider ? { provider } : {}) });
          }}
        >
          {b.providers.length > 0 && (
            <fieldset className="billing-providers" data-testid="billing-providers">
              <legend>{t("billing.provider")}</legend>
              {b.providers.map((p) => (
                <label key={p}>
                  <input
                    type="radio"
                    name="billing-provider"
                    data-testid={`billing-provider-${p}`}
                    checked={provider === p}
                    onChange={() => setChosen(p)}
                  />
                  {t(`billing.provider.${p}`)}
                </label>
              ))}
            </fieldset>
          )}
          <label>
            {t("billing.choosePlan")}
            <select
              data-testid="billing-plan-select"
              value={plan}
              onChange={(e) => setPlan(e.target.value as PlanId)}
            >
              {PLAN_IDS.map((p) => (
                <option key={p} value={p}>
                  {t(`billing.plan.${p}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("billing.chooseInterval")}
            <select
              data-testid="billing-interval-select"
              value={interval}
              onChange={(e) => setInterval(e.target.value as BillingInterval)}
            >
              {BILLING_INTERVALS.map((i) => (
                <option key={i} value={i}>
                  {t(`billing.interval.${i}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
          {provider && (
            <p className="billing-price" data-testid="billing-price">
              {provider === "mercadopago"
                ? t("billing.price", { price: f.money(PLAN_PRICES_ARS[plan][interval]), interval })
                : t("billing.priceInStripe")}
            </p>
          )}
          <button type="submit" data-testid="billing-subscribe" disabled={busy || !b.canSubscribe}>
            {t("billing.subscribe")}
          </button>
        </form>
      )}
      {b && owner && subscribed && b.provider === "mercadopago" && (
        <ManageInPesos key={b.plan} billing={b} onChanged={billing.reload} />
      )}
      {b && owner && b.canManage && b.provider !== "mercadopago" && (
        <button
          data-testid="billing-manage"
          disabled={busy}
          onClick={() => void redirect("/v1/billing/portal")}
        >
          {t("billing.manage")}
        </button>
      )}
      {b && !b.canSubscribe && <p className="muted">{t("billing.unavailable")}</p>}
      {!owner && <p className="muted">{t("billing.ownerOnly")}</p>}
      {error && (
        <p className="error" role="alert" data-testid="billing-error">
          {error}
        </p>
      )}
    </section>
  );
}
