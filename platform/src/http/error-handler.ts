import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { type ErrorBody, FRAMEWORK_REFUSALS, internalErrorMessage } from "@mostrador/contracts/http-errors";
import { Refusal, type RefusalKind } from "@mostrador/contracts/refusal";
import { type AjvError, describeValidationError } from "./validation-messages.js";

/** The HTTP status of each kind of refusal, on the appliance and in the cloud alike. */
export const STATUS_OF: Readonly<Record<RefusalKind, number>> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  locked: 423,
  too_many_requests: 429,
  unavailable: 503,
};

/** Whose error it is, as its users name it: the appliance is "el equipo", the cloud "el servicio". */
export interface ErrorHandlerOptions {
  server: "equipo" | "servicio";
}

/** The envelope for an error the request itself caused before any route ran, or null. */
function frameworkRefusal(err: FastifyError): (ErrorBody["error"] & { status: number }) | null {
  const known = FRAMEWORK_REFUSALS[err.code];
  if (known) return { status: known.status, code: known.code, message: known.message };
  // A body parser's SyntaxError without Fastify's code (a content-type parser of a plugin).
  if (err.statusCode === 400 && err instanceof SyntaxError)
    return FRAMEWORK_REFUSALS.FST_ERR_CTP_INVALID_JSON_BODY ?? null;
  return null;
}

/**
 * The `frameworkErrors` server option: a path that is not valid percent-encoded UTF-8 ("%ZZ",
 * "%ED%A0%80" — a lone surrogate) or a path parameter past maxParamLength gets the same envelope as
 * every other error instead of Fastify's own body.
 */
export function frameworkErrors({ server }: ErrorHandlerOptions) {
  return (err: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    const known = FRAMEWORK_REFUSALS[err.code];
    if (!known) request.log.error({ err }, "unhandled framework error");
    const { status, code, message } = known ?? {
      status: 500,
      code: "internal",
      message: internalErrorMessage(server),
    };
    void reply.status(status).send({ error: { code, message } } satisfies ErrorBody);
  };
}

function sendRefusal(reply: FastifyReply, refusal: Refusal): FastifyReply {
  // RFC 9110 §10.2.3: a 429 says when to come back (the cloud's rate limits put the seconds in details).
  const retryAfter = refusal.details?.retryAfterSeconds;
  if (refusal.kind === "too_many_requests" && typeof retryAfter === "number")
    void reply.header("retry-after", String(retryAfter));
  const { code, message, details } = refusal;
  const body: ErrorBody = { error: { code, message, ...(details ? { details } : {}) } };
  return reply.status(STATUS_OF[refusal.kind]).send(body);
}

/**
 * Every error a route or hook throws leaves as the one envelope (contracts/src/http-errors.ts): a
 * domain refusal with its kind's status, code, sentence and details; a schema failure as a sentence
 * naming the field; Fastify's own refusals in Spanish; anything else as a logged 500 that says the
 * operation did not happen.
 */
export function registerErrorHandler(app: FastifyInstance, { server }: ErrorHandlerOptions): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof Refusal) return sendRefusal(reply, err);
    if (err.validation) {
      const message = describeValidationError(err.validation[0] as AjvError, err.validationContext ?? "body");
      return reply.status(400).send({ error: { code: "invalid_input", message } } satisfies ErrorBody);
    }
    const known = frameworkRefusal(err);
    if (known) {
      const { status, ...error } = known;
      return reply.status(status).send({ error } satisfies ErrorBody);
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500)
      return reply
        .status(err.statusCode)
        .send({ error: { code: "bad_request", message: err.message } } satisfies ErrorBody);
    request.log.error({ err }, "unhandled error");
    return reply
      .status(500)
      .send({ error: { code: "internal", message: internalErrorMessage(server) } } satisfies ErrorBody);
  });
}
