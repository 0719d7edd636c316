import {
  PRODUCT_REF_KINDS,
  REQUIRED_FIELDS,
  SHEET_FIELDS,
  type SheetField,
  type SheetKind,
} from "@mostrador/contracts/http/spreadsheets";
import { fileRefusal } from "./sheet-error.js";

/** Field → column index in the file. */
export type Mapping = Partial<Record<string, number>>;

/** Header names shops use for each field, folded (lower case, no accents, no punctuation). */
const SYNONYMS: Record<string, readonly string[]> = {
  sku: [
    "sku",
    "codigo",
    "cod",
    "codigo interno",
    "cod interno",
    "codigo articulo",
    "articulo",
    "code",
    "item code",
  ],
  name: ["nombre", "descripcion", "producto", "detalle", "name", "description", "product", "razon social"],
  barcodes: ["codigo de barras", "cod barras", "ean", "barras", "barcode", "barcodes", "gtin", "upc"],
  barcode: ["codigo de barras", "cod barras", "ean", "barras", "barcode", "gtin", "upc"],
  category: ["categoria", "rubro", "familia", "seccion", "category", "department"],
  price: ["precio", "precio venta", "precio de venta", "precio final", "pvp", "price", "sale price"],
  ivaRate: ["iva", "alicuota", "alicuota iva", "tasa iva", "vat", "tax rate", "iva %"],
  unit: ["unidad", "unidad de venta", "u medida", "unit", "uom"],
  lowStockThreshold: ["stock minimo", "minimo", "punto de pedido", "min stock", "reorder point", "threshold"],
  quantity: [
    "cantidad",
    "cantidad contada",
    "stock",
    "stock actual",
    "existencia",
    "existencias",
    "cant",
    "quantity",
    "qty",
    "on hand",
  ],
  cost: ["costo", "costo unitario", "precio de costo", "precio costo", "costo promedio", "cost", "unit cost"],
  cuit: ["cuit", "cuil", "tax id"],
  contact: ["contacto", "vendedor", "contact"],
  phone: ["telefono", "tel", "celular", "whatsapp", "phone"],
  email: ["email", "e mail", "correo", "mail"],
  paymentTerms: ["condicion de pago", "condiciones de pago", "forma de pago", "payment terms"],
  leadTimeDays: ["demora", "demora dias", "plazo de entrega", "dias de entrega", "lead time"],
  notes: ["notas", "observaciones", "comentarios", "notes"],
  model: ["modelo", "modelo sku", "codigo modelo", "producto base", "model", "parent sku"],
};

export const fold = (s: string) =>
  s
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9%]+/g, " ")
    .trim();

/** The mapping guessed from the header names (an exact synonym first, then a header that starts with one). */
export function suggestMapping(kind: SheetKind, headers: readonly string[]): Mapping {
  const folded = headers.map(fold);
  const taken = new Set<number>();
  const mapping: Mapping = {};
  for (const field of SHEET_FIELDS[kind]) {
    const names = SYNONYMS[field] ?? [field];
    let index = folded.findIndex((h, i) => !taken.has(i) && names.includes(h));
    if (index < 0)
      index = folded.findIndex((h, i) => !taken.has(i) && names.some((n) => n.length > 2 && h.startsWith(n)));
    if (index >= 0) {
      mapping[field] = index;
      taken.add(index);
    }
  }
  if (kind === "suppliers" && mapping.name === undefined) {
    const i = folded.findIndex((h) => h === "proveedor");
    if (i >= 0) mapping.name = i;
  }
  return mapping;
}

/** The mapping a person sent, checked against the file: known fields, real columns, required ones present. */
export function checkMapping(kind: SheetKind, raw: string, headers: readonly string[]): Mapping {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw fileRefusal("invalid_mapping", "La asignación de columnas no es válida");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    throw fileRefusal("invalid_mapping", "La asignación de columnas no es válida");
  const fields: readonly string[] = SHEET_FIELDS[kind];
  const mapping: Mapping = {};
  for (const [field, column] of Object.entries(parsed)) {
    if (!fields.includes(field))
      throw fileRefusal("invalid_mapping", `«${field}» no es un dato que se pueda importar acá`);
    if (column === null) continue;
    if (!Number.isInteger(column) || (column as number) < 0 || (column as number) >= headers.length)
      throw fileRefusal(
        "invalid_mapping",
        `La columna elegida para «${fieldLabel(field)}» no existe en el archivo`,
      );
    mapping[field] = column as number;
  }
  const missing = (REQUIRED_FIELDS[kind] as readonly string[]).filter((f) => mapping[f] === undefined);
  const byProduct: readonly SheetKind[] = PRODUCT_REF_KINDS;
  if (byProduct.includes(kind) && mapping.sku === undefined && mapping.barcode === undefined)
    missing.push("sku");
  if (missing.length > 0)
    throw fileRefusal(
      "missing_columns",
      `Faltan columnas obligatorias: ${missing.map(fieldLabel).join(", ")}`,
      { missing },
    );
  return mapping;
}

/** The Spanish name of a field, as error messages and the export's header row show it. */
export const FIELD_LABELS: Record<SheetField, string> = {
  sku: "Código",
  name: "Nombre",
  barcodes: "Código de barras",
  barcode: "Código de barras",
  category: "Categoría",
  price: "Precio",
  ivaRate: "IVA",
  unit: "Unidad",
  lowStockThreshold: "Stock mínimo",
  quantity: "Cantidad",
  cost: "Costo",
  cuit: "CUIT",
  contact: "Contacto",
  phone: "Teléfono",
  email: "Correo",
  paymentTerms: "Condición de pago",
  leadTimeDays: "Demora (días)",
  notes: "Notas",
  model: "Modelo",
};
export const fieldLabel = (field: string) => FIELD_LABELS[field as SheetField] ?? field;
