import { ApiError } from "@mostrador/contracts/http-client";
import { useEffect, useRef, useState } from "react";
import { get, patch, post } from "../api/client.js";
import type { IvaRate, Unit } from "@mostrador/contracts/http/sales";
import type { Product, VariantGrid } from "@mostrador/contracts/http/catalog";
import { rubroPreset } from "@mostrador/contracts/setup/rubros";
import { useFormat, useT } from "../i18n/use-i18n.js";
import { useNotices } from "../notices/notice-store.js";
import { useSession } from "../session/session-store.js";
import { Dialog } from "../shared/Dialog.js";
import { ErrorText } from "../shared/ErrorText.js";
import { MoneyInput } from "../shared/MoneyInput.js";
import { PriceHistory } from "../pricing/PriceHistory.js";
import { useCatalog } from "./catalog-store.js";
import { NewCategory } from "./NewCategory.js";
import { AxesFields } from "../variants/AxesFields.js";
import { axesOf, type AxisForm, isGridProblem } from "../variants/grid-form.js";
import { ConvertToModel } from "../variants/ConvertToModel.js";
import { VariantGridEditor } from "../variants/VariantGridEditor.js";
import {
  bodyOf,
  FIELD_ORDER,
  type FormProblem,
  fieldOfError,
  formOf,
  isProblem,
  type ProductForm,
  problemsOf,
} from "./product-form.js";

interface Props {
  product: Product | null;
  /** Fields of a new product typed elsewhere (the till's unknown barcode). */
  initial?: Partial<ProductForm>;
  onClose: () => void;
  onSaved: (saved: Product) => void;
}

const IVA_RATES: IvaRate[] = [2100, 1050, 0];

type FieldErrors = Partial<Record<keyof ProductForm, string>>;

/** The test id (README, "products") of each field: most are product-<field>. */
const testIdOf = (field: keyof ProductForm) =>
  field === "categoryId" ? "product-category" : field === "ivaRate" ? "product-iva" : `product-${field}`;

/**
 * Create or edit a product. The price is typed in pesos with a decimal comma and parsed to centavos as text.
 * Each problem shows under its own field (the form's own checks and a server refusal that names a field),
 * and the focus goes to the first field in error.
 */
export function ProductEditor({ product: given, initial, onClose, onSaved }: Props) {
  const t = useT();
  const format = useFormat();
  const notify = useNotices((s) => s.show);
  const categories = useCatalog((s) => s.categories);
  const loadCategories = useCatalog((s) => s.loadCategories);
  const rubro = useSession((x) => x.settings?.rubro);
  // A new product with variants stays open once created, on its grid: `product` is then the model.
  const [product, setProduct] = useState<Product | null>(given);
  const [form, setForm] = useState<ProductForm>(() => ({
    ...formOf(given, rubro ? rubroPreset(rubro).defaultUnit : "each"),
    ...initial,
  }));
  const [withVariants, setWithVariants] = useState(false);
  const [axes, setAxes] = useState<AxisForm[]>([
    { name: "Talle", values: "" },
    { name: "Color", values: "" },
  ]);
  const [grid, setGrid] = useState<VariantGrid | null>(null);
  const isModel = Boolean(product?.variantAxes) || (product === null && withVariants);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const set = <K extends keyof ProductForm>(key: K, value: ProductForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };

  // Opened from the till, the catalog screen may never have loaded the categories (runs on mount only).
  useEffect(() => {
    if (categories.length === 0) loadCategories().catch(() => {});
  }, []);

  // A model's grid (its variants with SKU, barcodes, price, stock, active) is edited below its fields.
  useEffect(() => {
    if (!given?.variantAxes) return;
    get<VariantGrid>(`/api/products/${encodeURIComponent(given.id)}/variants`)
      .then(setGrid)
      .catch((e: unknown) => setError(format.error(e)));
  }, [given?.id]);

  /** A new product with variants: the model and its whole grid in one request, then its grid to fill in. */
  const createModel = async (body: Exclude<ReturnType<typeof bodyOf>, FormProblem>) => {
    const parsed = axesOf(axes);
    if (isGridProblem(parsed)) return setError(t("input.empty"));
    const { barcodes: _b, scaleCode: _s, active: _a, ...fields } = body;
    const created = await post<VariantGrid>("/api/variant-models", { ...fields, axes: parsed });
    setProduct(created.model);
    // What the model does not carry (each variant does) leaves the form, so saving the model again is clean.
    setForm((f) => ({ ...f, barcodes: "", scaleCode: "", lowStockThreshold: "" }));
    setGrid(created);
    notify("info", t("products.saved"));
  };

  const reasonOf = (problem: FormProblem) =>
    problem.reason === "required"
      ? t("input.empty")
      : problem.reason === "barcode"
        ? t("input.barcode")
        : t(`input.${problem.reason}`);

  const showErrors = (next: FieldErrors) => {
    setErrors(next);
    const first = FIELD_ORDER.find((f) => next[f]);
    // After React has rendered the messages: the first field in error takes the keyboard.
    if (first)
      setTimeout(
        () => box.current?.querySelector<HTMLElement>(`[data-testid="${testIdOf(first)}"]`)?.focus(),
        0,
      );
  };

  const save = async () => {
    const body = bodyOf(form, product !== null);
    if (isProblem(body)) {
      const next: FieldErrors = {};
      for (const p of problemsOf(form, product !== null)) next[p.field] = reasonOf(p);
      setError(null);
      return showErrors(next);
    }
    setBusy(true);
    setError(null);
    setErrors({});
    try {
      if (!product && withVariants) return await createModel(body);
      const saved = product
        ? await patch<Product>(`/api/products/${encodeURIComponent(product.id)}`, body)
        : await post<Product>("/api/products", body);
      notify("info", t("products.saved"));
      onSaved(saved);
    } catch (e) {
      const field = e instanceof ApiError ? fieldOfError(e) : null;
      if (field) showErrors({ [field]: format.error(e) });
      else setError(format.error(e));
    } finally {
      setBusy(false);
    }
  };

  /** The message under a field, tied to it for screen readers (aria-describedby). */
  const errorOf = (key: keyof ProductForm) =>
    errors[key] ? (
      <span className="field-error" id={`${testIdOf(key)}-error`} data-testid={`${testIdOf(key)}-error`}>
        {errors[key]}
      </span>
    ) : null;
  const invalid = (key: keyof ProductForm) =>
    errors[key] ? { "aria-invalid": true as const, "aria-describedby": `${testIdOf(key)}-error` } : {};

  const text = (key: "sku" | "name" | "barcodes" | "scaleCode" | "lowStockThreshold", max: number) => (
    <label>
      {t(`products.${key}`)}
      <input
        type="text"
        maxLength={max}
        value={form[key]}
        data-testid={`product-${key}`}
        {...invalid(key)}
        onChange={(e) => set(key, e.target.value)}
      />
      {errorOf(key)}
    </label>
  );

  return (
    <Dialog title={product ? product.name : t("products.new")} testId="product-editor" onClose={onClose} wide>
      <div className="form-grid" ref={box}>
        {text("sku", 40)}
        {text("name", 120)}
        <label>
          {t("products.category")}
          <select
            value={form.categoryId}
            data-testid="product-category"
            {...invalid("categoryId")}
            onChange={(e) => set("categoryId", e.target.value)}
          >
            <option value="">{t("products.noCategory")}</option>
            {categories.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          {errorOf("categoryId")}
        </label>
        <NewCategory onCreated={(c) => set("categoryId", c.id)} />
        {/* the MoneyInput inside renders the <input> and the message under it */}
        <label>
          {t("products.price")}
          <MoneyInput
            testId="product-price"
            value={form.price}
            problem={errors.price ?? null}
            onChange={(v) => set("price", v)}
          />
        </label>
        <label>
          {t("products.iva")}
          <select
            value={form.ivaRate}
            data-testid="product-iva"
            {...invalid("ivaRate")}
            onChange={(e) => set("ivaRate", Number(e.target.value) as IvaRate)}
          >
            {IVA_RATES.map((r) => (
              <option key={r} value={r}>
                {format.percent(r)}
              </option>
            ))}
          </select>
          {errorOf("ivaRate")}
        </label>
        <label>
          {t("products.unit")}
          <select
            value={form.unit}
            data-testid="product-unit"
            {...invalid("unit")}
            onChange={(e) => set("unit", e.target.value as Unit)}
          >
            <option value="each">{t("products.unitEach")}</option>
            <option value="kg">{t("products.unitKg")}</option>
          </select>
          {errorOf("unit")}
        </label>
        {!isModel && text("barcodes", 400)}
        {!isModel && text("scaleCode", 6)}
        {!product?.variantAxes && text("lowStockThreshold", 10)}
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
      {product === null && (
        <label className="checkbox">
          <input
            type="checkbox"
            checked={withVariants}
            data-testid="product-has-variants"
            onChange={(e) => setWithVariants(e.target.checked)}
          />
          {t("variants.has")}
        </label>
      )}
      {product === null && withVariants && <AxesFields axes={axes} onChange={setAxes} />}
      {product && !product.variantAxes && !product.variantOf && (
        <ConvertToModel
          product={product}
          onConverted={(converted) => {
            setProduct(converted.model);
            setForm((f) => ({ ...f, barcodes: "", scaleCode: "", lowStockThreshold: "" }));
            setGrid(converted);
            notify("info", t("variants.saved"));
          }}
        />
      )}
      {isModel && <p className="muted">{t("variants.model")}</p>}
      {grid && <VariantGridEditor grid={grid} onChange={setGrid} />}
      {product && !product.variantAxes && <PriceHistory productId={product.id} />}
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
