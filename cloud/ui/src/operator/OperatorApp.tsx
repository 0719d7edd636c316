import { useState } from "react";
import { useLocale } from "../i18n/i18n.js";
import { useOperatorSession } from "./api.js";
import { AuditView } from "./AuditView.js";
import { useOpT } from "./i18n.js";
import { LandingView } from "./LandingView.js";
import { LeadsView } from "./LeadsView.js";
import { MetricsView } from "./MetricsView.js";
import { OperatorLogin } from "./OperatorLogin.js";
import { TenantsView } from "./TenantsView.js";

const TABS = ["tenants", "metrics", "leads", "landing", "audit"] as const;
type Tab = (typeof TABS)[number];

/** The operator's console (/operador): its own login, then tenants, metrics, the CRM and the audit log. */
export function OperatorApp() {
  const t = useOpT();
  const toggle = useLocale((s) => s.toggle);
  const { token, operator, logout } = useOperatorSession();
  const [tab, setTab] = useState<Tab>("tenants");
  if (!token) return <OperatorLogin />;
  return (
    <div className="op-shell">
      <nav className="toolbar op-nav">
        <strong>{t("op.title")}</strong>
        {TABS.map((name) => (
          <button
            key={name}
            type="button"
            data-testid={`op-tab-${name}`}
            className={tab === name ? "selected" : ""}
            aria-current={tab === name ? "page" : undefined}
            onClick={() => setTab(name)}
          >
            {t(`op.tab.${name}`)}
          </button>
        ))}
        <span className="grow" />
        <span className="muted small">{operator?.email}</span>
        <button type="button" data-testid="op-lang" onClick={toggle}>
          {t("op.lang")}
        </button>
        <button type="button" data-testid="op-logout" onClick={() => void logout()}>
          {t("op.logout")}
        </button>
      </nav>
      <main className="content">
        {tab === "tenants" ? <TenantsView /> : null}
        {tab === "metrics" ? <MetricsView /> : null}
        {tab === "leads" ? <LeadsView /> : null}
        {tab === "landing" ? <LandingView /> : null}
        {tab === "audit" ? <AuditView /> : null}
      </main>
    </div>
  );
}
