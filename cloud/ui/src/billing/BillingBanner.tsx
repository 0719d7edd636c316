import type { BillingAnswer } from "@mostrador/contracts/http/cloud-billing";
import { get } from "../api/client.js";
import { useLoad } from "../api/use-load.js";
import { useT } from "../i18n/i18n.js";
import { useNav } from "../nav/nav-store.js";

/** Across the dashboard: a failed renewal (past_due) or a plan whose extras are off (lapsed). */
export function BillingBanner() {
  const t = useT();
  const go = useNav((s) => s.go);
  const billing = useLoad<BillingAnswer>(get, "/v1/billing");
  const banner = billing.data?.banner;
  if (!banner) return null;
  return (
    <div className={`banner billing-banner-${banner}`} role="status" data-testid="billing-banner">
      <span>{t(banner === "past_due" ? "billing.banner.pastDue" : "billing.banner.lapsed")}</span>
      <button data-testid="billing-banner-go" onClick={() => go("billing")}>
        {t("billing.banner.go")}
      </button>
    </div>
  );
}
