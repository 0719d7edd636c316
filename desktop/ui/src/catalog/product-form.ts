import { MAX_LOW_STOCK_THRESHOLD, MAX_SCALE_CODE } from "@mostrador/contracts/limits";
import type { IvaRate, Unit } from "@mostrador/contracts/http/sales";
import type { Product } from "@mostrador/contracts/http/catalog";
import { centavosToInput, type ParseFailure, parsePesos, parseWhole } from "../input/parse-decimal.js";

/** The product editor's fields as typed text, and their conversion to the API body (exact, string-parsed). */

export interface ProductForm {
  sku: string;
  name: string;
  categoryId: string;
  price: string;
  ivaRate: IvaRate;
  unit: Unit;
  barcodes: string;
  scaleCode: string;
  lowStockThreshold: string;
  active: boolean;
}

export interface ProductBody {
  sku: string;
  name: string;
  categoryId?: string;
  price: number;
  ivaRate: IvaRate;
  unit: Unit;
  barcodes: string[];
  scaleCode?: number | null;
  lowStockThreshold?: number | null;
  active?: boolean;
}

export type FormProblem = { field: keyof ProductForm; reason: ParseFailure | "required" | "barcode" };

/** A new product starts in the shop's usual unit (its rubro's, contracts/src/setup/rubros.ts): kg at a butcher's. */
export function formOf(product: Product | null, newUnit: Unit = "each"): ProductForm {
  return {
    sku: product?.sku ?? "",
    name: product?.name ?? "",
    categoryId: product?.categoryId ?? "",
    price: product ? centavosToInput(product.price) : "",
    ivaRate: product?.ivaRate ?? 2100,
    unit: product?.unit ?? newUnit,
    barcodes: product?.barcodes.join(", ") ?? "",
    scaleCode:
      product?.scaleCode === null || product?.scaleCode === undefined ? "" : String(product.scaleCode),
    lowStockThreshold:
      product?.lowStockThreshold === null || product?.lowStockThreshold === undefined
        ? ""
        : String(product.lowStockThreshold),
    active: product?.active ?? true,
  };
}

/** Validates the typed form; the price goes from "1.234,50" to 123450 centavos without floating point. */
export function bodyOf(form: ProductForm, editing: boolean): ProductBody | FormProblem {
  if (!form.sku.trim()) return { field: "sku", reason: "required" };
  if (!form.name.trim()) return { field: "name", reason: "required" };
  const price = parsePesos(form.price);
  if (!price.ok) return { field: "price", reason: price.reason };
  const barcodes = form.barcodes.split(/[\s,;]+/).filter(Boolean);
  if (barcodes.some((b) => !/^[\w-]{1,48}$/.test(b))) return { field: "barcodes", reason: "barcode" };
  // Optional whole numbers: empty means "none" (null clears it on an edit; omitted on a new product).
  const optional = (field: "scaleCode" | "lowStockThreshold", max: number): number | null | FormProblem => {
    if (!form[field].trim()) return null;
    const parsed = parseWhole(form[field], max);
    return parsed.ok ? parsed.value : { field, reason: parsed.reason };
  };
  const scaleCode = optional("scaleCode", MAX_SCALE_CODE);
  if (scaleCode !== null && typeof scaleCode === "object") return scaleCode;
  const lowStockThreshold = optional("lowStockThreshold", MAX_LOW_STOCK_THRESHOLD);
  if (lowStockThreshold !== null && typeof lowStockThreshold === "object") return lowStockThreshold;
  return {
    sku: form.sku.trim(),
    name: form.name.trim(),
    ...(form.categoryId ? { categoryId: form.categoryId } : {}),
    price: price.value,
    ivaRate: form.ivaRate,
    unit: form.unit,
    barcodes: [...new Set(barcodes)],
    ...(scaleCode !== null || editing ? { scaleCode } : {}),
    ...(lowStockThreshold !== null || editing ? { lowStockThreshold } : {}),
    ...(editing ? { active: form.active } : {}),
  };
}

export function isProblem(value: ProductBody | FormProblem): value is FormProblem {
  return "reason" in value;
}

/** The editor's fields in the order they appear: the first one in error gets the focus. */
export const FIELD_ORDER: readonly (keyof ProductForm)[] = [
  "sku",
  "name",
  "categoryId",
  "price",
  "ivaRate",
  "unit",
  "barcodes",
  "scaleCode",
  "lowStockThreshold",
  "active",
];

/** Every problem of the typed form, one per field, in the order of the fields (not only the first). */
export function problemsOf(form: ProductForm, editing: boolean): FormProblem[] {
  const problems: FormProblem[] = [];
  let rest = form;
  // bodyOf stops at the first problem: blank each field it names with a valid value and ask again.
  const valid: Partial<ProductForm> = {
    sku: "X",
    name: "X",
    price: "0",
    barcodes: "",
    scaleCode: "",
    lowStockThreshold: "",
  };
  for (let i = 0; i < FIELD_ORDER.length; i++) {
    const body = bodyOf(rest, editing);
    if (!isProblem(body)) break;
    problems.push(body);
    rest = { ...rest, [body.field]: valid[body.field] ?? "" };
  }
  return problems.sort((a, b) => FIELD_ORDER.indexOf(a.field) - FIELD_ORDER.indexOf(b.field));
}

const FIELD_BY_CODE: Record<string, keyof ProductForm> = {
  invalid_sku: "sku",
  sku_taken: "sku",
  invalid_name: "name",
  invalid_price: "price",
  invalid_iva_rate: "ivaRate",
  invalid_unit: "unit",
  invalid_barcodes: "barcodes",
  invalid_barcode: "barcodes",
  bad_check_digit: "barcodes",
  barcode_taken: "barcodes",
  invalid_scale_code: "scaleCode",
  scale_code_taken: "scaleCode",
  invalid_threshold: "lowStockThreshold",
  invalid_category: "categoryId",
};

/**
 * The field a server refusal is about: by its code (sku_taken → sku), or by the field its message names
 * ('El campo "price" …', "barcodes.0") for a schema refusal; null when it names none.
 */
export function fieldOfError(error: { code?: string; message?: string }): keyof ProductForm | null {
  const byCode = error.code ? FIELD_BY_CODE[error.code] : undefined;
  if (byCode) return byCode;
  const named = /campo "([A-Za-z]+)/.exec(error.message ?? "")?.[1];
  return named && (FIELD_ORDER as readonly string[]).includes(named) ? (named as keyof ProductForm) : null;
}
