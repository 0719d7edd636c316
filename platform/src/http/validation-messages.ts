import { formatMoney } from "@mostrador/contracts/money";

/** One failure as Ajv reports it (the fields the wording reads). */
export interface AjvError {
  instancePath?: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
  /** The schema holding the failed keyword (Ajv's verbose mode): its `measure` annotation, if any. */
  parentSchema?: { readonly [keyword: string]: unknown };
}

/** What a number means, as a schema annotates it (`measure`), so its limit can be said in words. */
export type Measure = "money" | "units" | "grams" | "quantity";

const grouped = (n: number) => new Intl.NumberFormat("es-AR").format(n);

/** A limit as a person reads it: "$ 10.000.000.000,00", "100.000 unidades", "1.000.000 gramos". */
export function limitInWords(limit: number, measure: Measure): string {
  if (measure === "money") return formatMoney(limit);
  if (measure === "units") return `${grouped(limit)} unidades`;
  if (measure === "grams") return `${grouped(limit)} gramos`;
  return `${grouped(limit)} (unidades, o gramos si se vende por peso)`;
}

function measureOf(e: AjvError): Measure | null {
  const m = e.parentSchema?.measure;
  return m === "money" || m === "units" || m === "grams" || m === "quantity" ? m : null;
}

/** A bound of a measured number in words: more than zero, not negative, or the real maximum. */
function describeBound(e: AjvError, field: string, measure: Measure): string | null {
  const limit = Number(e.params.limit);
  if (!Number.isFinite(limit)) return null;
  const zero = measure === "money" ? formatMoney(0) : "0";
  if (e.keyword === "maximum")
    return `El campo "${field}" admite como máximo ${limitInWords(limit, measure)}`;
  if (e.keyword === "minimum" && limit === 1) return `El campo "${field}" debe ser mayor que ${zero}`;
  if (e.keyword === "minimum" && limit === 0) return `El campo "${field}" no puede ser negativo`;
  if (e.keyword === "exclusiveMinimum" && limit === 0)
    return `El campo "${field}" debe ser mayor que ${zero}`;
  return null;
}

/**
 * A JSON-schema failure as a sentence a cashier, an owner or an integrator can act on (es-AR), naming
 * the field by its path ("lines.0.quantity"); `context` ("body", "querystring", "params") names the
 * whole input when the failure is at its root.
 */
export function describeValidationError(e: AjvError, context: string): string {
  const field = (e.instancePath ?? "").replace(/^\//, "").replaceAll("/", ".") || context;
  const p = e.params;
  const measure = measureOf(e);
  const bound = measure ? describeBound(e, field, measure) : null;
  if (bound) return bound;
  switch (e.keyword) {
    case "required":
      return `Falta el campo "${field === context ? p.missingProperty : `${field}.${p.missingProperty}`}"`;
    case "additionalProperties":
      return `El campo "${p.additionalProperty}" no se reconoce`;
    case "type":
      return `El campo "${field}" debe ser de tipo ${p.type}`;
    case "minimum":
      return `El campo "${field}" debe ser como mínimo ${p.limit}`;
    case "maximum":
      return `El campo "${field}" debe ser como máximo ${p.limit}`;
    case "exclusiveMinimum":
      return `El campo "${field}" debe ser mayor que ${p.limit}`;
    case "minLength":
      return `El campo "${field}" es demasiado corto`;
    case "maxLength":
      return `El campo "${field}" es demasiado largo (máximo ${p.limit})`;
    case "minItems":
      return `"${field}" necesita al menos ${p.limit} elemento(s)`;
    case "maxItems":
      return `"${field}" admite como máximo ${p.limit} elementos`;
    case "pattern":
    case "format":
      return `El campo "${field}" no tiene un formato válido`;
    case "enum":
    case "const":
    case "anyOf":
      return `El campo "${field}" tiene un valor no permitido`;
    default:
      return `El campo "${field}" no es válido (${e.message ?? e.keyword})`;
  }
}
