import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import type { FastifyInstance } from "fastify";

/**
 * Two validators: query strings and path params arrive as text, so they may be coerced ("20" → 20);
 * JSON bodies never are, so `{"pin": 1234}` or `{"amount": "100"}` is refused instead of guessed at.
 * Unknown properties are refused (schemas say additionalProperties: false), never silently dropped.
 */
export function registerValidation(app: FastifyInstance): void {
  const strict = addFormats.default(
    new Ajv({ removeAdditional: false, coerceTypes: false, useDefaults: true, allErrors: false }),
  );
  const textual = addFormats.default(
    new Ajv({ removeAdditional: false, coerceTypes: "array", useDefaults: true, allErrors: false }),
  );
  app.setValidatorCompiler(({ schema, httpPart }) =>
    httpPart === "body" ? strict.compile(schema) : textual.compile(schema),
  );
}
