import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import type { FastifyInstance } from "fastify";

/**
 * Two validators, as on the appliance: path params and query strings arrive as text and may be coerced
 * ("20" → 20); JSON bodies never are, so `{"name": 5}` is refused rather than guessed at. Unknown
 * properties are refused (every schema says additionalProperties: false), never silently dropped.
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
