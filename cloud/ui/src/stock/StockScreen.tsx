import { query } from "@mostrador/contracts/http-client";
import { useState } from "react";
import { get } from "../api/client.js";
import { useLoad } from "../api/use-load.js";
import { useFormat } from "../format/use-format.js";
import { useT } from "../i18n/i18n.js";
import { useNav } from "../nav/nav-store.js";
import { Status } from "../nav/Status.js";
import { StorePicker } from "../stores/StorePicker.js";
import type { StockAnswer } from "@mostrador/contracts/http/dashboard";
import { VariantNote } from "../catalog/VariantNote.js";
import "./stock.css";

/** On-hand per product per store; low stock first and marked. */
export function StockScreen() {
  const t = useT();
  const f = useFormat();
  const storeId = useNav((s) => s.storeId);
  const [lowOnly, setLowOnly] = useState(false);
  const { data, error, loading, reload } = useLoad<StockAnswer>(
    get,
    `/v1/dashboard/stock${query({ storeId, lowOnly: lowOnly || undefined })}`,
  );
  return (
    <section>
      <div className="toolbar">
        <StorePicker />
        <label className="check">
          <input
            type="checkbox"
            data-testid="stock-low-only"
            checked={lowOnly}
            onChange={(e) => setLowOnly(e.target.checked)}
          />
          {t("stock.lowOnly")}
        </label>
      </div>
      <Status loading={loading && !data} error={error} reload={reload} />
      <table data-testid="stock-table">
        <thead>
          <tr>
            <th>{t("common.store")}</th>
            <th>{t("sales.product")}</th>
            <th className="num">{t("stock.onHand")}</th>
            <th className="num">{t("stock.threshold")}</th>
            <th>{t("stores.status")}</th>
          </tr>
        </thead>
        <tbody>
          {data?.items.map((i) => (
            <tr
              key={`${i.storeId}-${i.productId}`}
              className={i.low ? "low" : ""}
              data-testid={`stock-row-${i.productId}`}
            >
              <td>{i.storeName}</td>
              <td>
                {i.name}
                <VariantNote variant={i.variant} />
              </td>
              <td className="num">{f.quantity(i.onHand, i.unit)}</td>
              <td className="num">
                {i.lowStockThreshold === null ? "—" : f.quantity(i.lowStockThreshold, i.unit)}
              </td>
              <td>{i.low ? <span className="badge danger">{t("stock.low")}</span> : t("stock.ok")}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data && data.items.length === 0 ? <p className="muted">{t("common.none")}</p> : null}
    </section>
  );
}
