import { useState } from "react";
import { del, patch } from "../api/client.js";
import { parsePrice, priceInputValue } from "@mostrador/contracts/format";
import { useFormat } from "../format/use-format.js";
import { useT } from "../i18n/i18n.js";
import type { CatalogProduct, CloudCategory } from "@mostrador/contracts/http/cloud-catalog";
import { VariantRows } from "./VariantRows.js";
import "./catalog.css";

interface Props {
  product: CatalogProduct;
  /** The organization's categories, for the category picker. */
  categories: CloudCategory[];
  onSaved(product: CatalogProduct): void;
}

/**
 * One product or model: read-only, or (after "Edit") name, category, price and active with
 * Save/Cancel. A model's variants open under it (VariantRows); its price is the one they follow.
 */
export function ProductRow({ product, categories, onSaved }: Props) {
  const t = useT();
  const f = useFormat();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(product.name);
  const [price, setPrice] = useState("");
  const [active, setActive] = useState(product.active);
  const [categoryId, setCategoryId] = useState(product.categoryId ?? "");
  const [showVariants, setShowVariants] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function start() {
    setName(product.name);
    setPrice(priceInputValue(product.price, f.locale));
    setActive(product.active);
    setCategoryId(product.categoryId ?? "");
    setError(null);
    setEditing(true);
  }

  async function save() {
    const centavos = parsePrice(price, f.locale);
    if (centavos === null) return setError(t("catalog.badPrice"));
    const changes: Record<string, unknown> = {};
    if (name.trim() !== product.name) changes.name = name.trim();
    if (centavos !== product.price) changes.price = centavos;
    if (active !== product.active) changes.active = active;
    if ((categoryId || null) !== product.categoryId) changes.categoryId = categoryId || null;
    if (Object.keys(changes).length === 0) return setEditing(false);
    setBusy(true);
    try {
      const saved = await patch<CatalogProduct>(`/v1/dashboard/catalog/${product.id}`, changes);
      setEditing(false);
      onSaved(saved);
    } catch (err) {
      setError(f.error(err));
    } finally {
      setBusy(false);
    }
  }

  async function backToShared(storeId: string) {
    setBusy(true);
    try {
      await del(`/v1/dashboard/catalog/${product.id}/overrides/${storeId}`);
      onSaved(product);
    } catch (err) {
      setError(f.error(err));
    } finally {
      setBusy(false);
    }
  }

  const id = product.id;
  const isModel = product.variantAxes !== null;
  const variantsToggle = isModel ? (
    <div className="small">
      <span className="muted">
        {product.variantAxes!.map((a) => a.name).join(" × ")} ·{" "}
        {t("catalog.variants", { count: product.variants.length })}
      </span>{" "}
      <button
        className="link"
        data-testid={`product-variants-${id}`}
        onClick={() => setShowVariants((s) => !s)}
      >
        {showVariants ? t("catalog.hideVariants") : t("catalog.showVariants")}
      </button>
    </div>
  ) : null;
  const variantRows =
    isModel && showVariants ? <VariantRows model={product} onSaved={() => onSaved(product)} /> : null;
  if (!editing)
    return (
      <>
        <tr data-testid={`product-row-${id}`} className={product.active ? "" : "muted"}>
          <td>{product.sku}</td>
          <td>
            <span data-testid={`product-name-${id}`}>{product.name}</span>
            {variantsToggle}
            {product.overrides.map((o) => (
              <div
                key={o.storeId}
                className="small muted"
                data-testid={`product-override-${id}-${o.storeId}`}
              >
                {o.price !== null
                  ? t("catalog.ownPrice", { store: o.storeName, price: f.money(o.price) })
                  : null}
                {o.active === false ? ` ${t("catalog.ownInactive", { store: o.storeName })}` : null}{" "}
                <button
                  className="link"
                  data-testid={`product-override-remove-${id}-${o.storeId}`}
                  disabled={busy}
                  onClick={() => void backToShared(o.storeId)}
                >
                  {t("catalog.backToShared")}
                </button>
              </div>
            ))}
            {error ? (
              <div className="error" role="alert">
                {error}
              </div>
            ) : null}
          </td>
          <td data-testid={`product-category-${id}`}>{product.categoryName ?? "—"}</td>
          <td className="num" data-testid={`product-price-${id}`}>
            {f.money(product.price)}
            {product.unit === "kg" ? " / kg" : ""}
          </td>
          <td>{product.active ? "✓" : "—"}</td>
          <td>
            <button data-testid={`product-edit-${id}`} onClick={start}>
              {t("catalog.edit")}
            </button>
          </td>
        </tr>
        {variantRows}
      </>
    );
  return (
    <>
      <tr data-testid={`product-row-${id}`} className="editing">
        <td>{product.sku}</td>
        <td>
          <input
            data-testid="product-name-input"
            aria-label={t("catalog.name")}
            value={name}
            maxLength={120}
            onChange={(e) => setName(e.target.value)}
          />
          {variantsToggle}
        </td>
        <td>
          <select
            data-testid="product-category-input"
            aria-label={t("catalog.category")}
            value={categoryId}
            onChange={(e) => setCategoryId(e.target.value)}
          >
            <option value="">{t("catalog.noCategory")}</option>
            {product.categoryId && !categories.some((c) => c.id === product.categoryId) ? (
              <option value={product.categoryId}>{product.categoryName ?? product.categoryId}</option>
            ) : null}
            {categories.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </td>
        <td className="num">
          <input
            data-testid="product-price-input"
            aria-label={t("catalog.price")}
            inputMode="decimal"
            value={price}
            maxLength={20}
            onChange={(e) => setPrice(e.target.value)}
          />
          {error ? (
            <div className="error" role="alert" data-testid="product-error">
              {error}
            </div>
          ) : null}
        </td>
        <td>
          <input
            type="checkbox"
            data-testid="product-active-input"
            aria-label={t("catalog.active")}
            checked={active}
            onChange={(e) => setActive(e.target.checked)}
          />
        </td>
        <td>
          <button
            className="primary"
            data-testid="product-save"
            disabled={busy || !name.trim()}
            onClick={() => void save()}
          >
            {t("common.save")}
          </button>{" "}
          <button data-testid="product-cancel" onClick={() => setEditing(false)}>
            {t("common.cancel")}
          </button>
        </td>
      </tr>
      {variantRows}
    </>
  );
}
