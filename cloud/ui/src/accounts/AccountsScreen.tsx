import type { CloudBalances } from "@mostrador/contracts/http/cloud-accounts";
import { get } from "../api/client.js";
import { useLoad } from "../api/use-load.js";
import { useFormat } from "../format/use-format.js";
import { useT } from "../i18n/i18n.js";
import { Status } from "../nav/Status.js";
import type { StoresAnswer } from "@mostrador/contracts/http/dashboard";

/**
 * Cuentas: every customer's account balance and points across the tenant's stores (the cloud owns both),
 * and what each store holds of them as its allowance (docs/ownership.md).
 */
export function AccountsScreen() {
  const t = useT();
  const f = useFormat();
  const { data, error, loading, reload } = useLoad<CloudBalances>(get, "/v1/dashboard/accounts");
  const stores = useLoad<StoresAnswer>(get, "/v1/dashboard/stores").data?.stores ?? [];
  const storeName = (id: string) => stores.find((s) => s.id === id)?.name ?? id.slice(0, 8);
  const held = (h: Record<string, number>) =>
    Object.entries(h)
      .filter(([, n]) => n !== 0)
      .map(([id, n]) => `${storeName(id)}: ${n.toLocaleString("es-AR")}`)
      .join(" · ");
  return (
    <section>
      <Status loading={loading && !data} error={error} reload={reload} />
      <h2>{t("accounts.title")}</h2>
      <table data-testid="accounts-table">
        <thead>
          <tr>
            <th>{t("accounts.customer")}</th>
            <th className="num">{t("accounts.limit")}</th>
            <th className="num">{t("accounts.balance")}</th>
            <th className="num">{t("accounts.points")}</th>
            <th>{t("accounts.held")}</th>
          </tr>
        </thead>
        <tbody>
          {data?.customers.map((c) => (
            <tr key={c.customerId} data-testid="accounts-row">
              <td title={c.customerId} data-testid="accounts-customer">
                {c.customerName ?? c.customerId.slice(0, 8)}
              </td>
              <td className="num">{c.creditLimit === null ? "—" : f.money(c.creditLimit)}</td>
              <td className="num">{f.money(c.balance)}</td>
              <td className="num">{c.points.toLocaleString("es-AR")}</td>
              <td>{[held(c.creditHeld), held(c.pointsHeld)].filter(Boolean).join(" / ")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
