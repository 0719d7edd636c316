import { query } from "@mostrador/contracts/http-client";
import { get } from "../api/client.js";
import { useLoad } from "../api/use-load.js";
import { useFormat } from "../format/use-format.js";
import { type MessageKey, useT } from "../i18n/i18n.js";
import { useNav } from "../nav/nav-store.js";
import { Status } from "../nav/Status.js";
import { StorePicker } from "../stores/StorePicker.js";
import type { PurchasingAnswer } from "@mostrador/contracts/http/cloud-purchasing";
import { CountsSection } from "./CountsSection.js";

const STATUSES = ["draft", "sent", "partly_received", "received", "cancelled"];
const statusKey = (status: string): MessageKey | null =>
  STATUSES.includes(status) ? (`purchasing.status.${status}` as MessageKey) : null;

/** Compras: each store's stock valued at cost (by category), its recent purchase orders, receipts and counts. */
export function PurchasingScreen() {
  const t = useT();
  const f = useFormat();
  const storeId = useNav((s) => s.storeId);
  const { data, error, loading, reload } = useLoad<PurchasingAnswer>(
    get,
    `/v1/dashboard/purchasing${query({ storeId })}`,
  );
  return (
    <section>
      <div className="toolbar">
        <StorePicker />
      </div>
      <Status loading={loading && !data} error={error} reload={reload} />
      <h2>{t("purchasing.valuation")}</h2>
      <table data-testid="valuation-table">
        <thead>
          <tr>
            <th>{t("common.store")}</th>
            <th>{t("purchasing.category")}</th>
            <th className="num">{t("purchasing.value")}</th>
          </tr>
        </thead>
        <tbody>
          {data?.valuation.flatMap((s) => [
            <tr key={s.storeId} data-testid={`valuation-store-${s.storeId}`}>
              <td>
                <strong>{s.storeName}</strong>
              </td>
              <td>
                {t("purchasing.total")}
                {s.withoutCost > 0 ? ` (${t("purchasing.withoutCost", { n: s.withoutCost })})` : ""}
              </td>
              <td className="num">
                <strong data-testid="valuation-total">{f.money(s.total)}</strong>
              </td>
            </tr>,
            ...s.categories.map((c) => (
              <tr key={`${s.storeId}-${c.categoryId ?? "none"}`}>
                <td />
                <td>{c.categoryName ?? c.categoryId ?? t("purchasing.noCategory")}</td>
                <td className="num">{f.money(c.value)}</td>
              </tr>
            )),
          ])}
        </tbody>
      </table>
      <h2>{t("purchasing.orders")}</h2>
      <table data-testid="purchase-orders-table">
        <thead>
          <tr>
            <th>{t("common.store")}</th>
            <th>{t("purchasing.number")}</th>
            <th>{t("purchasing.supplier")}</th>
            <th>{t("purchasing.status")}</th>
            <th className="num">{t("purchasing.total")}</th>
            <th>{t("purchasing.date")}</th>
          </tr>
        </thead>
        <tbody>
          {data?.orders.map((o) => {
            const key = statusKey(o.status);
            return (
              <tr key={o.id} data-testid="purchase-order-row">
                <td>{o.storeName}</td>
                <td>{o.number}</td>
                <td>{o.supplierName ?? "—"}</td>
                <td>{key ? t(key) : o.status}</td>
                <td className="num">{f.money(o.total)}</td>
                <td>{f.dateTime(o.at)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {data && data.orders.length === 0 ? <p className="muted">{t("common.none")}</p> : null}
      <h2>{t("purchasing.receipts")}</h2>
      <table data-testid="purchase-receipts-table">
        <thead>
          <tr>
            <th>{t("common.store")}</th>
            <th>{t("purchasing.supplier")}</th>
            <th>{t("purchasing.order")}</th>
            <th className="num">{t("purchasing.total")}</th>
            <th>{t("purchasing.date")}</th>
          </tr>
        </thead>
        <tbody>
          {data?.receipts.map((r) => (
            <tr key={r.id} data-testid="purchase-receipt-row">
              <td>{r.storeName}</td>
              <td>{r.supplierName ?? "—"}</td>
              <td>{r.orderNumber ?? t("purchasing.noOrder")}</td>
              <td className="num">{f.money(r.total)}</td>
              <td>{f.dateTime(r.at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data && data.receipts.length === 0 ? <p className="muted">{t("common.none")}</p> : null}
      <CountsSection counts={data?.counts} />
    </section>
  );
}
