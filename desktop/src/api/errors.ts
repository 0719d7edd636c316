import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { DomainError, type ErrorKind } from "../core/errors.js";
import { formatMoney } from "../money/format.js";

const STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  locked: 423,
  unavailable: 503,
};

/** The one error body every endpoint returns: a stable code for programs and a sentence for people. */
export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

interface AjvError {
  instancePath?: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
  /** The schema holding the failed keyword (Ajv's verbose mode): its `measure` annotation, if any. */
  parentSchema?: { measure?: unknown };
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

/** Turns a JSON-schema failure into a sentence a cashier or an integrator can act on (es-AR). */
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

/** Fastify's own refusals, answered before any route or hook runs. */
const FRAMEWORK_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_BAD_URL: {
    status: 400,
    code: "bad_url",
    message: "La dirección de la solicitud no es válida (caracteres mal codificados)",
  },
  FST_ERR_MAX_PARAM_LENGTH: {
    status: 414,
    code: "url_too_long",
    message: "Un dato de la dirección de la solicitud es demasiado largo",
  },
};

/**
 * The `frameworkErrors` server option: a path that is not valid percent-encoded UTF-8 ("%ZZ",
 * "%ED%A0%80" — a lone surrogate) or a path parameter past maxParamLength gets the same envelope as
 * every other error instead of Fastify's own body.
 */
export function frameworkErrors(err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const known = FRAMEWORK_ERRORS[err.code];
  if (!known) request.log.error({ err }, "unhandled framework error");
  const { status, code, message } = known ?? {
    status: 500,
    code: "internal",
    message: "Error interno del equipo; la operación no se realizó",
  };
  void reply.status(status).send({ error: { code, message } } satisfies ErrorBody);
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof DomainError) {
      const body: ErrorBody = {
        error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) },
      };
      return reply.status(STATUS[err.kind]).send(body);
    }
    if (err.validation) {
      const message = describeValidationError(err.validation[0] as AjvError, err.validationContext ?? "body");
      return reply.status(400).send({ error: { code: "invalid_input", message } } satisfies ErrorBody);
    }
    if (
      err.code === "FST_ERR_CTP_INVALID_JSON_BODY" ||
      (err.statusCode === 400 && err instanceof SyntaxError)
    ) {
      return reply
        .status(400)
        .send({ error: { code: "malformed_json", message: "El cuerpo de la solicitud no es JSON válido" } });
    }
    if (err.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
      return reply
        .status(413)
        .send({ error: { code: "body_too_large", message: "La solicitud es demasiado grande" } });
    }
    if (err.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
      return reply
        .status(415)
        .send({ error: { code: "unsupported_media_type", message: "Se espera application/json" } });
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.status(err.statusCode).send({ error: { code: "bad_request", message: err.message } });
    }
    request.log.error({ err }, "unhandled error");
    return reply
      .status(500)
      .send({ error: { code: "internal", message: "Error interno del equipo; la operación no se realizó" } });
  });
}
