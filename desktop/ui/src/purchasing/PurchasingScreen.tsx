import { CountsPanel } from "../counts/CountsPanel.js";
import { useT } from "../i18n/use-i18n.js";
import { BulkPricePanel } from "../pricing/BulkPricePanel.js";
import { OrdersPanel } from "./OrdersPanel.js";
import { type PurchasingTab, usePurchasing } from "./purchasing-store.js";
import { ReorderPanel } from "./ReorderPanel.js";
import { SuppliersPanel } from "./SuppliersPanel.js";
import { ValuationPanel } from "./ValuationPanel.js";
import "./purchasing.css";

/**
 * Compras: purchase orders and receiving, suppliers, what to reorder, stock valued at cost, stock counts
 * and bulk price changes.
 */
export function PurchasingScreen() {
  const t = useT();
  const { tab, go } = usePurchasing();
  const tabs: { id: PurchasingTab; label: string }[] = [
    { id: "orders", label: t("purchasing.tab.orders") },
    { id: "suppliers", label: t("purchasing.tab.suppliers") },
    { id: "reorder", label: t("purchasing.tab.reorder") },
    { id: "valuation", label: t("purchasing.tab.valuation") },
    { id: "counts", label: t("purchasing.tab.counts") },
    { id: "prices", label: t("purchasing.tab.prices") },
  ];
  return (
    <section className="screen" data-testid="purchasing-screen">
      <div className="row-form">
        <h1 className="grow">{t("purchasing.title")}</h1>
        <div className="segmented inline" role="tablist">
          {tabs.map((x) => (
            <button
              key={x.id}
              type="button"
              role="tab"
              aria-selected={tab === x.id}
              className={tab === x.id ? "selected" : ""}
              data-testid={`purchasing-tab-${x.id}`}
              onClick={() => go(x.id)}
            >
              {x.label}
            </button>
          ))}
        </div>
      </div>
      {tab === "orders" && <OrdersPanel />}
      {tab === "suppliers" && <SuppliersPanel />}
      {tab === "reorder" && <ReorderPanel />}
      {tab === "valuation" && <ValuationPanel />}
      {tab === "counts" && <CountsPanel />}
      {tab === "prices" && <BulkPricePanel />}
    </section>
  );
}
