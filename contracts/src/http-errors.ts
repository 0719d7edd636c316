import { type Static, Type } from "@sinclair/typebox";

/**
 * The one error body of every HTTP endpoint, on the appliance and in the cloud: a stable `code` for
 * programs (the UIs translate by it), a Spanish (es-AR) `message` for people, and optional `details`
 * (the field at fault, seconds until a retry). The servers send it; both UIs' API clients read it.
 * Open to more properties, so a reader checking it still accepts an answer from a newer server.
 */
export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  }),
});
export type ErrorBody = Static<typeof ErrorBody>;

/** An answer the server gives for a failure of the request itself, whatever the route. */
export interface FrameworkRefusal {
  status: number;
  code: string;
  message: string;
}

/**
 * Fastify's own refusals (its error codes) in the envelope's words: a URL that is not valid
 * percent-encoded UTF-8 ("%ZZ", "%ED%A0%80", a lone surrogate), a path parameter past maxParamLength,
 * a body that is not JSON, empty, too large or of another media type.
 */
export const FRAMEWORK_REFUSALS: Readonly<Record<string, FrameworkRefusal>> = {
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
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: "malformed_json",
    message: "El cuerpo de la solicitud no es JSON válido",
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: "malformed_json",
    message: "El cuerpo de la solicitud está vacío",
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: "body_too_large",
    message: "La solicitud es demasiado grande",
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: "unsupported_media_type",
    message: "Se espera application/json",
  },
};

/** A failure nobody foresaw: the operation did not happen. `where` is the server, as its users name it. */
export function internalErrorMessage(where: "equipo" | "servicio"): string {
  return `Error interno del ${where}; la operación no se realizó`;
}
