import { useEffect, useState } from "react";
import type { BulkPriceInput, BulkPriceResult } from "@mostrador/contracts/http/pricing";
import { PRICE_ROUNDINGS, type PriceRounding } from "@mostrador/contracts/http/settings";
import { post } from "../api/client.js";
import { useCatalog } from "../catalog/catalog-store.js";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useNotices } from "../notices/notice-store.js";
import { usePurchasing } from "../purchasing/purchasing-store.js";
import { useSession } from "../session/session-store.js";
import { ErrorText } from "../shared/ErrorText.js";
import { parseChange } from "./bulk-form.js";

/**
 * Bulk price change: a category's or a supplier's products up or down by a percentage or an amount,
 * rounded to the shop's price endings. The preview lists old → new; unticking rows applies to the rest
 * only (a selection). Applying writes what the preview showed.
 */
export function BulkPricePanel() {
  const t = useT();
  const format = useFormat();
  const notify = useNotices((s) => s.show);
  const categories = useCatalog((s) => s.categories);
  const loadCategories = useCatalog((s) => s.loadCategories);
  const { suppliers, loadSuppliers } = usePurchasing();
  const shopRounding = useSession((s) => s.settings?.priceRounding ?? "none");
  const [target, setTarget] = useState<"category" | "supplier">("category");
  const [targetId, setTargetId] = useState("");
  const [mode, setMode] = useState<"percent" | "amount">("percent");
  const [change, setChange] = useState("");
  const [rounding, setRounding] = useState<PriceRounding>(shopRounding);
  const [preview, setPreview] = useState<BulkPriceResult | null>(null);
  const [skipped, setSkipped] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  // runs on mount, not on every render.
  useEffect(() => {
    void loadCategories().catch(() => {});
    void loadSuppliers().catch(() => {});
  }, []);

  const body = (): BulkPriceInput | null => {
    const amount = parseChange(change);
    if (amount === null) {
      setError(t(mode === "percent" ? "prices.badPercent" : "prices.badAmount"));
      return null;
    }
    return target === "category"
      ? { target, categoryId: targetId, mode, amount, rounding }
      : { target, supplierId: targetId, mode, amount, rounding };
  };
  const showPreview = () => {
    setError(null);
    setPreview(null);
    const b = body();
    if (!b) return;
    post<BulkPriceResult>("/api/prices/bulk/preview", b)
      .then((p) => {
        setPreview(p);
        setSkipped(new Set());
      })
      .catch((e) => setError(format.error(e)));
  };
  const apply = () => {
    const b = body();
    if (!b || !preview) return;
    const chosen = preview.rows.filter((r) => !skipped.has(r.productId)).map((r) => r.productId);
    const final: BulkPriceInput =
      skipped.size === 0 ? b : { target: "products", productIds: chosen, mode, amount: b.amount, rounding };
    post<BulkPriceResult>("/api/prices/bulk", final)
      .then((r) => {
        notify("info", t("prices.applied", { n: r.changed }));
        setPreview(null);
        setChange("");
      })
      .catch((e) => setError(format.error(e)));
  };
  const edit = (f: () => void) => {
    f();
    setPreview(null);
  };

  return (
    <div data-testid="prices-panel">
      <div className="row-form">
        <select
          value={target}
          data-testid="prices-target"
          onChange={(e) =>
            edit(() => {
              setTarget(e.target.value as "category" | "supplier");
              setTargetId("");
            })
          }
        >
          <option value="category">{t("prices.target.category")}</option>
          <option value="supplier">{t("prices.target.supplier")}</option>
        </select>
        <select
          value={targetId}
          data-testid="prices-target-id"
          aria-label={t(`prices.target.${target}`)}
          onChange={(e) => edit(() => setTargetId(e.target.value))}
        >
          <option value="">{t("prices.choose")}</option>
          {(target === "category" ? categories : suppliers).map((x) => (
            <option key={x.id} value={x.id}>
              {x.name}
            </option>
          ))}
        </select>
        <select
          value={mode}
          data-testid="prices-mode"
          onChange={(e) => edit(() => setMode(e.target.value as "percent" | "amount"))}
        >
          <option value="percent">{t("prices.mode.percent")}</option>
          <option value="amount">{t("prices.mode.amount")}</option>
        </select>
        <input
          value={change}
          inputMode="decimal"
          placeholder={t(mode === "percent" ? "prices.percentPlaceholder" : "prices.amountPlaceholder")}
          data-testid="prices-change"
          onChange={(e) => edit(() => setChange(e.target.value))}
          onKeyDown={(e) => {
            if (e.key === "Enter") showPreview();
          }}
        />
        <label>
          {t("prices.rounding")}{" "}
          <select
            value={rounding}
            data-testid="prices-rounding"
            onChange={(e) => edit(() => setRounding(e.target.value as PriceRounding))}
          >
            {PRICE_ROUNDINGS.map((r) => (
              <option key={r} value={r}>
                {t(`prices.rounding.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" data-testid="prices-preview" onClick={showPreview}>
          {t("prices.preview")}
        </button>
      </div>
      <ErrorText text={error} testId="prices-error" />
      {preview && (
        <>
          <table className="list static">
            <thead>
              <tr>
                <th />
                <th>{t("prices.product")}</th>
                <th>{t("prices.old")}</th>
                <th>{t("prices.new")}</th>
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((r) => (
                <tr key={r.productId} data-testid="prices-row" data-product-id={r.productId}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={r.name}
                      checked={!skipped.has(r.productId)}
                      onChange={(e) => {
                        const next = new Set(skipped);
                        if (e.target.checked) next.delete(r.productId);
                        else next.add(r.productId);
                        setSkipped(next);
                      }}
                    />
                  </td>
                  <td>{r.name}</td>
                  <td data-testid="prices-old">{format.money(r.oldPrice)}</td>
                  <td data-testid="prices-new">{format.money(r.newPrice)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="actions">
            <button
              type="button"
              className="primary"
              data-testid="prices-apply"
              disabled={skipped.size === preview.rows.length}
              onClick={apply}
            >
              {t("prices.apply", { n: preview.rows.length - skipped.size })}
            </button>
          </div>
        </>
      )}
    </div>
  );
}
