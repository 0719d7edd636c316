import type { OperatorTenantsAnswer } from "@mostrador/contracts/http/cloud-operator";
import { useState } from "react";
import { useLoad } from "../api/use-load.js";
import { useLocale } from "../i18n/i18n.js";
import { downloadCsv, opGet } from "./api.js";
import { formatDate, formatInstant, formatMinor } from "./format.js";
import { opErrorText, useOpT } from "./i18n.js";

/** Every tenant: status, plan, MRR, sign-up date and the last contact of each appliance. */
export function TenantsView() {
  const t = useOpT();
  const locale = useLocale((s) => s.locale);
  const { data, error } = useLoad(opGet<OperatorTenantsAnswer>, "/v1/operator/tenants");
  const [open, setOpen] = useState<string | null>(null);
  const [csvError, setCsvError] = useState<string | null>(null);
  if (error)
    return (
      <p className="error" role="alert">
        {opErrorText(locale, error)}
      </p>
    );
  if (!data) return <p className="muted">{t("op.loading")}</p>;
  return (
    <section>
      <div className="toolbar">
        <span className="grow" />
        <button
          type="button"
          data-testid="op-tenants-csv"
          onClick={() =>
            downloadCsv("/v1/operator/tenants.csv", "clientes.csv").catch((e: unknown) =>
              setCsvError(opErrorText(locale, e)),
            )
          }
        >
          {t("op.csv")}
        </button>
      </div>
      {csvError ? <p className="error">{csvError}</p> : null}
      {data.tenants.length === 0 ? (
        <p className="muted">{t("op.tenants.none")}</p>
      ) : (
        <table data-testid="op-tenants">
          <thead>
            <tr>
              <th>{t("op.tenants.name")}</th>
              <th>{t("op.tenants.rubro")}</th>
              <th>{t("op.tenants.status")}</th>
              <th>{t("op.tenants.plan")}</th>
              <th className="num">{t("op.tenants.mrr")}</th>
              <th>{t("op.tenants.signedUp")}</th>
              <th>{t("op.tenants.lastContact")}</th>
            </tr>
          </thead>
          <tbody>
            {data.tenants.map((tenant) => (
              <tr key={tenant.id} data-testid={`op-tenant-${tenant.id}`}>
                <td>
                  <button
                    type="button"
                    className="link"
                    onClick={() => setOpen(open === tenant.id ? null : tenant.id)}
                  >
                    {tenant.name}
                  </button>
                  {open === tenant.id ? (
                    <ul className="small">
                      {tenant.appliances.map((a) => (
                        <li key={a.id}>
                          {t("op.tenants.appliance", {
                            name: a.name,
                            store: a.storeName,
                            seen: a.lastSeenAt ? formatInstant(a.lastSeenAt, locale) : t("op.tenants.never"),
                          })}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </td>
                <td>{tenant.rubro ?? "—"}</td>
                <td>
                  <span className={`badge status-${tenant.standing}`}>
                    {t(`op.status.${tenant.standing}`)}
                  </span>
                </td>
                <td>
                  {tenant.plan
                    ? `${t(`op.plan.${tenant.plan}`)} ${tenant.interval ? t(`op.interval.${tenant.interval}`) : ""}`
                    : "—"}
                </td>
                <td className="num">
                  {tenant.currency ? formatMinor(tenant.mrr, tenant.currency, locale) : "—"}
                </td>
                <td>{formatDate(tenant.createdAt, locale)}</td>
                <td>
                  {tenant.lastContactAt ? formatInstant(tenant.lastContactAt, locale) : t("op.tenants.never")}{" "}
                  <span className="muted small">
                    {t("op.tenants.appliances", { count: tenant.appliances.length })}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
