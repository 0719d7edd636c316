import { useState } from "react";
import { patch } from "../api/client.js";
import { parsePrice, priceInputValue } from "@mostrador/contracts/format";
import { useFormat } from "../format/use-format.js";
import { useT } from "../i18n/i18n.js";
import type { CatalogProduct, CatalogVariant } from "@mostrador/contracts/http/cloud-catalog";

interface Props {
  model: CatalogProduct;
  onSaved(): void;
}

/**
 * A model's variants under its row, in grid order: each one's values, SKU, price (its own, or the
 * model's while it follows it) and on-sale flag, editable one at a time. Name and category are the
 * model's (edited on the model's row).
 */
export function VariantRows({ model, onSaved }: Props) {
  const t = useT();
  return (
    <>
      <tr className="variant-hint">
        <td />
        <td colSpan={5} className="small muted">
          {t("catalog.variantHint")}
        </td>
      </tr>
      {model.variants.map((v) => (
        <VariantRow key={`${v.id}-${v.price}-${String(v.active)}`} variant={v} onSaved={onSaved} />
      ))}
    </>
  );
}

function VariantRow({ variant, onSaved }: { variant: CatalogVariant; onSaved(): void }) {
  const t = useT();
  const f = useFormat();
  const [editing, setEditing] = useState(false);
  const [price, setPrice] = useState("");
  const [active, setActive] = useState(variant.active);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = variant.id;

  function start() {
    setPrice(priceInputValue(variant.price, f.locale));
    setActive(variant.active);
    setError(null);
    setEditing(true);
  }

  async function save() {
    const centavos = parsePrice(price, f.locale);
    if (centavos === null) return setError(t("catalog.badPrice"));
    const changes: Record<string, unknown> = {};
    if (centavos !== variant.price) changes.price = centavos;
    if (active !== variant.active) changes.active = active;
    if (Object.keys(changes).length === 0) return setEditing(false);
    setBusy(true);
    try {
      await patch<CatalogProduct>(`/v1/dashboard/catalog/${id}`, changes);
      setEditing(false);
      onSaved();
    } catch (err) {
      setError(f.error(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <tr
      data-testid={`variant-row-${id}`}
      className={`variant${editing ? " editing" : ""}${variant.active ? "" : " muted"}`}
    >
      <td className="small">{variant.sku}</td>
      <td>
        <span className="variant-values" data-testid={`variant-values-${id}`}>
          {variant.values.join(" · ")}
        </span>
        {error ? (
          <div className="error" role="alert" data-testid="variant-error">
            {error}
          </div>
        ) : null}
      </td>
      <td />
      <td className="num" data-testid={`variant-price-${id}`}>
        {editing ? (
          <input
            data-testid="variant-price-input"
            aria-label={t("catalog.price")}
            inputMode="decimal"
            value={price}
            maxLength={20}
            onChange={(e) => setPrice(e.target.value)}
          />
        ) : (
          <>
            {f.money(variant.price)}{" "}
            <span className="small muted">
              {variant.priceFollowsModel ? t("catalog.followsModel") : t("catalog.ownVariantPrice")}
            </span>
          </>
        )}
      </td>
      <td>
        {editing ? (
          <input
            type="checkbox"
            data-testid="variant-active-input"
            aria-label={t("catalog.active")}
            checked={active}
            onChange={(e) => setActive(e.target.checked)}
          />
        ) : variant.active ? (
          "✓"
        ) : (
          "—"
        )}
      </td>
      <td>
        {editing ? (
          <>
            <button
              className="primary"
              data-testid="variant-save"
              disabled={busy}
              onClick={() => void save()}
            >
              {t("common.save")}
            </button>{" "}
            <button data-testid="variant-cancel" onClick={() => setEditing(false)}>
              {t("common.cancel")}
            </button>
          </>
        ) : (
          <button data-testid={`variant-edit-${id}`} onClick={start}>
            {t("catalog.edit")}
          </button>
        )}
      </td>
    </tr>
  );
}
