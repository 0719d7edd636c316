import { useState } from "react";
import { patch, post } from "../api/client.js";
import type { IvaRate, Product, Unit } from "../api/types.js";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useNotices } from "../notices/notice-store.js";
import { Dialog } from "../shared/Dialog.js";
import { ErrorText } from "../shared/ErrorText.js";
import { MoneyInput } from "../shared/MoneyInput.js";
import { useCatalog } from "./catalog-store.js";
import { bodyOf, formOf, isProblem, type ProductForm } from "./product-form.js";

interface Props {
  product: Product | null;
  onClose: () => void;
  onSaved: () => void;
}

const IVA_RATES: IvaRate[] = [2100, 1050, 0];

/** Create or edit a product. The price is typed in pesos with a decimal comma and parsed to centavos as text. */
export function ProductEditor({ product, onClose, onSaved }: Props) {
  const t = useT();
  const format = useFormat();
  const notify = useNotices((s) => s.show);
  const categories = useCatalog((s) => s.categories);
  const [form, setForm] = useState<ProductForm>(() => formOf(product));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof ProductForm>(key: K, value: ProductForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));

  const save = async () => {
    const body = bodyOf(form, product !== null);
    if (isProblem(body)) {
      const reason =
        body.reason === "required"
          ? t("input.empty")
          : body.reason === "barcode"
            ? t("input.barcode")
            : t(`input.${body.reason}`);
      return setError(`${t(`products.${body.field}`)}: ${reason}`);
    }
    setBusy(true);
    setError(null);
    try {
      if (product) await patch(`/api/products/${encodeURIComponent(product.id)}`, body);
      else await post("/api/products", body);
      notify("info", t("products.saved"));
      onSaved();
    } catch (e) {
      setError(format.error(e));
    } finally {
      setBusy(false);
    }
  };

  const text = (key: "sku" | "name" | "barcodes" | "scaleCode" | "lowStockThreshold", max: number) => (
    <label>
      {t(`products.${key}`)}
      <input
        type="text"
        maxLength={max}
        value={form[key]}
        data-testid={`product-${key}`}
        onChange={(e) => set(key, e.target.value)}
      />
    </label>
  );

  return (
    <Dialog title={product ? product.name : t("products.new")} testId="product-editor" onClose={onClose} wide>
      <div className="form-grid">
        {text("sku", 40)}
        {text("name", 120)}
        <label>
          {t("products.category")}
          <select
            value={form.categoryId}
            data-testid="product-category"
            onChange={(e) => set("categoryId", e.target.value)}
          >
            <option value="">{t("products.noCategory")}</option>
            {categories.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        {/* the MoneyInput inside renders the <input> */}
        <label>
          {t("products.price")}
          <MoneyInput testId="product-price" value={form.price} onChange={(v) => set("price", v)} />
        </label>
        <label>
          {t("products.iva")}
          <select
            value={form.ivaRate}
            data-testid="product-iva"
            onChange={(e) => set("ivaRate", Number(e.target.value) as IvaRate)}
          >
            {IVA_RATES.map((r) => (
              <option key={r} value={r}>
                {format.percent(r)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("products.unit")}
          <select
            value={form.unit}
            data-testid="product-unit"
            onChange={(e) => set("unit", e.target.value as Unit)}
          >
            <option value="each">{t("products.unitEach")}</option>
            <option value="kg">{t("products.unitKg")}</option>
          </select>
        </label>
        {text("barcodes", 400)}
        {text("scaleCode", 6)}
        {text("lowStockThreshold", 10)}
        {product && (
          <label className="checkbox">
            <input
              type="checkbox"
              checked={form.active}
              data-testid="product-active"
              onChange={(e) => set("active", e.target.checked)}
            />
            {t("products.active")}
          </label>
        )}
      </div>
      <ErrorText text={error} testId="product-error" />
      <div className="actions">
        <button type="button" onClick={onClose}>
          {t("common.cancel")}
        </button>
        <button
          type="button"
          className="primary"
          disabled={busy}
          data-testid="product-save"
          onClick={() => void save()}
        >
          {t("common.save")}
        </button>
      </div>
    </Dialog>
  );
}
