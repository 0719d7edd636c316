import type { IvaRate, Product, Unit } from "../api/types.js";
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

export function formOf(product: Product | null): ProductForm {
  return {
    sku: product?.sku ?? "",
    name: product?.name ?? "",
    categoryId: product?.categoryId ?? "",
    price: product ? centavosToInput(product.price) : "",
    ivaRate: product?.ivaRate ?? 2100,
    unit: product?.unit ?? "each",
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
  const scaleCode = optional("scaleCode", 999_999);
  if (scaleCode !== null && typeof scaleCode === "object") return scaleCode;
  const lowStockThreshold = optional("lowStockThreshold", 1_000_000_000);
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
