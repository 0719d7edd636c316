import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { CloudError, type CloudErrorKind } from "../core/errors.js";

const STATUS: Record<CloudErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  too_many_requests: 429,
};

/** The one error body, as on the appliance: a stable code for programs and a sentence for people. */
export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

interface AjvError {
  instancePath?: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** A JSON-schema failure as a sentence an owner or an integrator can act on (es-AR). */
export function describeValidationError(e: AjvError, context: string): string {
  const field = (e.instancePath ?? "").replace(/^\//, "").replaceAll("/", ".") || context;
  const p = e.params;
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
    message: "Error interno del servicio; la operación no se realizó",
  };
  void reply.status(status).send({ error: { code, message } } satisfies ErrorBody);
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof CloudError) {
      // RFC 9110 §10.2.3: a 429 says when to come back (auth/rate-limit.ts puts the seconds in details).
      const retryAfter = err.details?.retryAfterSeconds;
      if (err.kind === "too_many_requests" && typeof retryAfter === "number")
        void reply.header("retry-after", String(retryAfter));
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
    )
      return reply
        .status(400)
        .send({ error: { code: "malformed_json", message: "El cuerpo de la solicitud no es JSON válido" } });
    if (err.code === "FST_ERR_CTP_EMPTY_JSON_BODY")
      return reply
        .status(400)
        .send({ error: { code: "malformed_json", message: "El cuerpo de la solicitud está vacío" } });
    if (err.code === "FST_ERR_CTP_BODY_TOO_LARGE")
      return reply
        .status(413)
        .send({ error: { code: "body_too_large", message: "La solicitud es demasiado grande" } });
    if (err.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE")
      return reply
        .status(415)
        .send({ error: { code: "unsupported_media_type", message: "Se espera application/json" } });
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500)
      return reply.status(err.statusCode).send({ error: { code: "bad_request", message: err.message } });
    request.log.error({ err }, "unhandled error");
    return reply.status(500).send({
      error: { code: "internal", message: "Error interno del servicio; la operación no se realizó" },
    });
  });
}
