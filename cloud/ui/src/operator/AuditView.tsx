import type { AuditAnswer } from "@mostrador/contracts/http/cloud-operator";
import { useLoad } from "../api/use-load.js";
import { useLocale } from "../i18n/i18n.js";
import { opGet } from "./api.js";
import { formatInstant } from "./format.js";
import { opErrorText, useOpT } from "./i18n.js";

/** The console's own log: every access, who made it, about which tenant, when and from where. */
export function AuditView() {
  const t = useOpT();
  const locale = useLocale((s) => s.locale);
  const { data, error } = useLoad(opGet<AuditAnswer>, "/v1/operator/audit?limit=200");
  if (error)
    return (
      <p className="error" role="alert">
        {opErrorText(locale, error)}
      </p>
    );
  if (!data) return <p className="muted">{t("op.loading")}</p>;
  return (
    <table data-testid="op-audit">
      <thead>
        <tr>
          <th>{t("op.audit.at")}</th>
          <th>{t("op.audit.who")}</th>
          <th>{t("op.audit.action")}</th>
          <th>{t("op.audit.tenant")}</th>
          <th>{t("op.audit.ip")}</th>
        </tr>
      </thead>
      <tbody>
        {data.entries.map((e) => (
          <tr key={e.id}>
            <td>{formatInstant(e.at, locale)}</td>
            <td>{e.operatorEmail ?? "—"}</td>
            <td>
              <code>{e.action}</code>
            </td>
            <td>{e.tenantName ?? "—"}</td>
            <td>{e.ip ?? "—"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
