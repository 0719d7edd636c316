import { hasValidCheckDigit, isGs1Numeric } from "@mostrador/contracts/pos/gs1";
import {
  BARCODE_MAX,
  MAX_BARCODES,
  MAX_LOW_STOCK_THRESHOLD,
  MAX_SCALE_CODE,
  PRODUCT_NAME_MAX,
  SKU_MAX,
} from "@mostrador/contracts/limits";
import { DomainError } from "@mostrador/kernel/core/errors";
import { isAmount } from "@mostrador/contracts/money";

import type { VariantAxis } from "@mostrador/contracts/http/catalog";
import { IVA_RATES, type IvaRate, type Unit } from "@mostrador/contracts/http/sales";
export type ProductUnit = Unit;

/** What a person types to create a product. Price is centavos IVA included (per kg for unit "kg"). */
export interface ProductInput {
  sku: string;
  name: string;
  categoryId?: string | null;
  price: number;
  ivaRate: number;
  unit: ProductUnit;
  barcodes?: readonly string[];
  scaleCode?: number | null;
  lowStockThreshold?: number | null;
  /**
   * The variant columns, set only by catalog/variants.ts (the HTTP product bodies are closed and cannot
   * carry it): a model's axes, or a variant's model and values. Left out, a new product is a simple one
   * and an update keeps what the row had.
   */
  shape?: VariantShape;
}

/** Whether a products row is a simple product, a model (axes) or a variant (model + values). */
export interface VariantShape {
  variantAxes: VariantAxis[] | null;
  variantOf: string | null;
  variantValues: string[] | null;
  priceFollowsModel: boolean;
}

export const SIMPLE_PRODUCT: VariantShape = {
  variantAxes: null,
  variantOf: null,
  variantValues: null,
  priceFollowsModel: true,
};

export type ProductPatch = Partial<ProductInput> & { active?: boolean };

/** A product's fields after validation, ready for the database. */
export interface CleanProduct {
  sku: string;
  name: string;
  categoryId: string | null;
  price: number;
  ivaRate: IvaRate;
  unit: ProductUnit;
  barcodes: string[];
  scaleCode: number | null;
  lowStockThreshold: number | null;
}

export { MAX_BARCODES, MAX_SCALE_CODE };
export const MAX_THRESHOLD = MAX_LOW_STOCK_THRESHOLD;

const SKU = new RegExp(`^[\\p{L}\\p{N}._\\-/]{1,${SKU_MAX}}$`, "u");
// Code 128 and friends: letters, digits, dash and dot; no spaces (a scanner's CR/LF is trimmed first).
const BARCODE = new RegExp(`^[0-9A-Za-z.-]{1,${BARCODE_MAX}}$`);

const invalid = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError("invalid", code, message, details);

/** Lower-case, diacritics removed: the sort key that puts "Azúcar" among the A's. */
export function cleanSku(value: unknown): string {
  const sku = typeof value === "string" ? value.trim() : "";
  if (!SKU.test(sku)) {
    throw invalid(
      "invalid_sku",
      `El código interno (SKU) debe tener de 1 a ${SKU_MAX} letras, números, puntos, guiones o barras`,
    );
  }
  return sku;
}

export function cleanName(value: unknown): string {
  const name = typeof value === "string" ? value.trim().replace(/\s+/g, " ") : "";
  if (name.length < 1 || name.length > PRODUCT_NAME_MAX)
    throw invalid("invalid_name", `El nombre debe tener entre 1 y ${PRODUCT_NAME_MAX} caracteres`);
  return name;
}

export function cleanPrice(value: unknown): number {
  if (!isAmount(value))
    throw invalid("invalid_price", "El precio debe ser un importe en centavos, entero y no negativo");
  return value;
}

export function cleanIvaRate(value: unknown): IvaRate {
  if (!IVA_RATES.includes(value as IvaRate)) {
    throw invalid("invalid_iva_rate", "La alícuota de IVA debe ser 0 (exento), 1050 (10,5 %) o 2100 (21 %)");
  }
  return value as IvaRate;
}

export function cleanUnit(value: unknown): ProductUnit {
  if (value !== "each" && value !== "kg")
    throw invalid("invalid_unit", 'La unidad debe ser "each" (por unidad) o "kg" (por peso)');
  return value;
}

/** Trims, drops repeats, and refuses a GS1 code whose check digit is wrong (a typo would never scan). */
export function cleanBarcodes(value: unknown): string[] {
  if (!Array.isArray(value) || value.length > MAX_BARCODES) {
    throw invalid("invalid_barcodes", `Los códigos de barras van en una lista de hasta ${MAX_BARCODES}`);
  }
  const out: string[] = [];
  for (const raw of value) {
    const code = typeof raw === "string" ? raw.trim() : "";
    if (!BARCODE.test(code)) {
      throw invalid(
        "invalid_barcode",
        `El código de barras "${String(raw).slice(0, 60)}" no es válido (letras, números, punto o guion)`,
      );
    }
    if (isGs1Numeric(code) && !hasValidCheckDigit(code)) {
      throw invalid("bad_check_digit", `El código ${code} tiene el dígito verificador mal: revisalo`, {
        code,
      });
    }
    if (!out.includes(code)) out.push(code);
  }
  return out;
}

export function cleanScaleCode(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isSafeInteger(value) || (value as number) < 0 || (value as number) > MAX_SCALE_CODE) {
    throw invalid(
      "invalid_scale_code",
      `El código de balanza (PLU) debe ser un entero entre 0 y ${MAX_SCALE_CODE}`,
    );
  }
  return value as number;
}

export function cleanThreshold(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isSafeInteger(value) || (value as number) < 0 || (value as number) > MAX_THRESHOLD) {
    throw invalid(
      "invalid_threshold",
      "El stock mínimo debe ser un entero no negativo (unidades, o gramos si se vende por peso)",
    );
  }
  return value as number;
}

export function cleanCategoryId(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== "string" || value.length < 1 || value.length > 64) {
    throw invalid("invalid_category", "La categoría indicada no es válida");
  }
  return value;
}

/** Validates a whole new product; throws the first problem found, in Spanish. */
export function cleanProductInput(input: ProductInput): CleanProduct {
  return {
    sku: cleanSku(input.sku),
    name: cleanName(input.name),
    categoryId: cleanCategoryId(input.categoryId),
    price: cleanPrice(input.price),
    ivaRate: cleanIvaRate(input.ivaRate),
    unit: cleanUnit(input.unit),
    barcodes: cleanBarcodes(input.barcodes ?? []),
    scaleCode: cleanScaleCode(input.scaleCode),
    lowStockThreshold: cleanThreshold(input.lowStockThreshold),
  };
}
