import { useEffect, useState } from "react";
import type { Product } from "@mostrador/contracts/http/catalog";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useSession } from "../session/session-store.js";
import { ErrorText } from "../shared/ErrorText.js";
import { SpreadsheetsPanel } from "../spreadsheets/SpreadsheetsPanel.js";
import { isLowStock, useCatalog } from "./catalog-store.js";
import { ProductEditor } from "./ProductEditor.js";

/** Search the catalog, see stock at a glance (low-stock badge), create and edit products. */
export function ProductsScreen() {
  const t = useT();
  const format = useFormat();
  const { q, items, total, search, refresh, loadCategories } = useCatalog();
  const canEdit = useSession((s) => s.can("catalog.edit"));
  const [editing, setEditing] = useState<Product | "new" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sheets, setSheets] = useState(false);

  // runs on mount (or when the listed key changes), not on every render.
  useEffect(() => {
    refresh().catch((e) => setError(format.error(e)));
    loadCategories().catch(() => {});
  }, []);

  return (
    <section className="screen" data-testid="products-screen">
      <div className="row-form">
        <h1>{t("products.title")}</h1>
        <input
          // keyboard-first till: the screen opens ready to type or scan
          autoFocus
          type="search"
          maxLength={80}
          placeholder={t("products.search")}
          aria-label={t("products.search")}
          value={q}
          data-testid="products-search"
          onChange={(e) => {
            search(e.target.value).catch((err) => setError(format.error(err)));
          }}
        />
        {canEdit && (
          <button
            type="button"
            className="primary"
            data-testid="product-new"
            onClick={() => setEditing("new")}
          >
            {t("products.new")}
          </button>
        )}
        {canEdit && (
          <button
            type="button"
            aria-expanded={sheets}
            data-testid="sheets-open"
            onClick={() => setSheets(!sheets)}
          >
            {t("sheets.open")}
          </button>
        )}
      </div>
      {canEdit && sheets && (
        <SpreadsheetsPanel onImported={() => void refresh().catch((e) => setError(format.error(e)))} />
      )}
      {!canEdit && <p className="hint">{t("products.readOnly")}</p>}
      <ErrorText text={error} testId="products-error" />
      <p className="muted">{t("products.count", { n: total })}</p>
      <table className="list">
        <thead>
          <tr>
            <th>{t("products.sku")}</th>
            <th>{t("products.name")}</th>
            <th>{t("products.category")}</th>
            <th className="num">{t("products.price")}</th>
            <th className="num">{t("products.onHand")}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {items.map((p) => (
            <tr key={p.id} data-testid="product-row" className={p.active ? undefined : "inactive"}>
              <td>{p.sku}</td>
              <td>
                {p.name} {!p.active && <span className="badge">{t("products.inactive")}</span>}
                {p.variantAxes && (
                  <span className="badge" data-testid="product-variants-badge">
                    {t("variants.badge", { axes: p.variantAxes.map((a) => a.name).join(" × ") })}
                  </span>
                )}
              </td>
              <td>{p.categoryName ?? ""}</td>
              <td className="num">
                {format.money(p.price)}
                {p.unit === "kg" ? "/kg" : ""}
              </td>
              <td className="num">
                {/* A model's stock is its variants': each has its own row. */}
                {p.variantAxes ? "—" : format.quantity(p.onHand, p.unit)}{" "}
                {isLowStock(p) && (
                  <span className="badge warning" data-testid="low-stock-badge">
                    {t("products.lowStock")}
                  </span>
                )}
              </td>
              <td>
                {canEdit && (
                  <button type="button" data-testid="product-edit" onClick={() => setEditing(p)}>
                    {t("products.edit")}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {editing && (
        <ProductEditor
          product={editing === "new" ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void refresh();
          }}
        />
      )}
    </section>
  );
}
