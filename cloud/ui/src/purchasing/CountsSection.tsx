import type { PurchasingAnswer } from "@mostrador/contracts/http/cloud-purchasing";
import { useFormat } from "../format/use-format.js";
import { type MessageKey, useT } from "../i18n/i18n.js";

const STATUSES = ["open", "approved", "cancelled"];
const SCOPES = ["all", "category", "products"];
const keyOf = (prefix: string, known: string[], value: string): MessageKey | null =>
  known.includes(value) ? (`${prefix}.${value}` as MessageKey) : null;

/** Conteos: each store's recent stock counts and what their differences are worth at cost. */
export function CountsSection({ counts }: { counts: PurchasingAnswer["counts"] | undefined }) {
  const t = useT();
  const f = useFormat();
  return (
    <>
      <h2>{t("counts.title")}</h2>
      <table data-testid="stock-counts-table">
        <thead>
          <tr>
            <th>{t("common.store")}</th>
            <th>{t("purchasing.number")}</th>
            <th>{t("counts.scope")}</th>
            <th>{t("purchasing.status")}</th>
            <th className="num">{t("counts.products")}</th>
            <th className="num">{t("counts.differences")}</th>
            <th className="num">{t("counts.value")}</th>
            <th>{t("purchasing.date")}</th>
          </tr>
        </thead>
        <tbody>
          {counts?.map((c) => {
            const status = keyOf("counts.status", STATUSES, c.status);
            const scope = keyOf("counts.scope", SCOPES, c.scope);
            return (
              <tr key={c.id} data-testid="stock-count-row">
                <td>{c.storeName}</td>
                <td>{c.number}</td>
                <td>
                  {scope ? t(scope) : c.scope}
                  {c.categoryName ? `: ${c.categoryName}` : ""}
                </td>
                <td>{status ? t(status) : c.status}</td>
                <td className="num">{c.products}</td>
                <td className="num">{c.status === "approved" ? c.differences : "—"}</td>
                <td className="num">
                  {c.status === "approved" ? f.money(c.differenceValue) : "—"}
                  {c.withoutCost > 0 ? ` (${t("purchasing.withoutCost", { n: c.withoutCost })})` : ""}
                </td>
                <td>{f.dateTime(c.closedAt ?? c.startedAt)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {counts && counts.length === 0 ? <p className="muted">{t("common.none")}</p> : null}
    </>
  );
}
