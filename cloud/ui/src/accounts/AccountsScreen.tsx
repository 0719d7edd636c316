import type { CloudBalances } from "@mostrador/contracts/http/cloud-accounts";
import type { StoresAnswer } from "@mostrador/contracts/http/dashboard";
import { get } from "../api/client.js";
import { useLoad } from "../api/use-load.js";
import { useFormat } from "../format/use-format.js";
import { useT } from "../i18n/i18n.js";
import { Status } from "../nav/Status.js";
import { useSession } from "../session/session-store.js";
import { useState } from "react";
import { CreditLimitCell } from "./CreditLimitCell.js";
import { HoldingsPanel } from "./HoldingsPanel.js";
import { OpenAccount } from "./OpenAccount.js";

/**
 * Cuentas: every customer's account balance and points across the tenant's stores (the cloud owns both),
 * and what each store holds of them as its allowance (docs/ownership.md). One row per person, by name (a
 * merged record counts under its survivor; an erased customer stays anonymous); the owner sets the credit
 * limit here, for every store, and shares the allowances out between stores ("Repartir": HoldingsPanel).
 */
export function AccountsScreen() {
  const t = useT();
  const f = useFormat();
  const isOwner = useSession((s) => s.session?.role === "owner");
  const { data, error, loading, reload } = useLoad<CloudBalances>(get, "/v1/dashboard/accounts");
  const stores = useLoad<StoresAnswer>(get, "/v1/dashboard/stores").data?.stores ?? [];
  const storeName = (id: string) => stores.find((s) => s.id === id)?.name ?? id.slice(0, 8);
  const held = (h: Record<string, number>) =>
    Object.entries(h)
      .filter(([, n]) => n !== 0)
      .map(([id, n]) => `${storeName(id)}: ${n.toLocaleString(f.locale)}`)
      .join(" · ");
  const who = (c: CloudBalances["customers"][number]) =>
    c.erased ? t("accounts.anonymous") : (c.name ?? t("accounts.unknownCustomer"));
  const [sharing, setSharing] = useState<{ id: string; name: string } | null>(null);
  return (
    <section>
      <Status loading={loading && !data} error={error} reload={reload} />
      <h2>{t("accounts.title")}</h2>
      {isOwner && <OpenAccount onSaved={reload} />}
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
              <td title={c.customerId} data-testid="accounts-name">
                {who(c)}
                {c.mergedIds.length > 0 && (
                  <small className="muted"> {t("accounts.merged", { n: c.mergedIds.length })}</small>
                )}
              </td>
              <td className="num">
                <CreditLimitCell
                  customerId={c.customerId}
                  creditLimit={c.creditLimit}
                  editable={isOwner && !c.erased && c.name !== null}
                  onSaved={reload}
                />
              </td>
              <td className="num">{f.money(c.balance)}</td>
              <td className="num">{c.points.toLocaleString(f.locale)}</td>
              <td>
                {[held(c.creditHeld), held(c.pointsHeld)].filter(Boolean).join(" / ")}
                {isOwner && !c.erased && (
                  <button
                    type="button"
                    className="link"
                    data-testid="accounts-share"
                    onClick={() => setSharing({ id: c.customerId, name: who(c) })}
                  >
                    {t("accounts.holdings")}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {sharing && (
        <HoldingsPanel
          key={sharing.id}
          customerId={sharing.id}
          name={sharing.name}
          onChanged={reload}
          onClose={() => setSharing(null)}
        />
      )}
    </section>
  );
}
