import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import type { FastifyInstance } from "fastify";
import { registerTextPolicy } from "./text-policy.js";

/**
 * Two validators, as on the appliance: path params and query strings arrive as text and may be coerced
 * ("20" → 20); JSON bodies never are, so `{"name": 5}` is refused rather than guessed at. Unknown
 * properties are refused (every schema says additionalProperties: false), never silently dropped.
 * Before either, every string and key of every request goes through the text policy (text-policy.ts):
 * no control characters or lone surrogates; TAB, LF and CR only where a schema says `multiline: true`.
 */
export function registerValidation(app: FastifyInstance): void {
  const strict = addFormats.default(
    new Ajv({ removeAdditional: false, coerceTypes: false, useDefaults: true, allErrors: false }),
  );
  const textual = addFormats.default(
    new Ajv({ removeAdditional: false, coerceTypes: "array", useDefaults: true, allErrors: false }),
  );
  // An annotation read by the text policy, not a check of its own.
  for (const ajv of [strict, textual]) ajv.addKeyword({ keyword: "multiline", schemaType: "boolean" });
  app.setValidatorCompiler(({ schema, httpPart }) =>
    httpPart === "body" ? strict.compile(schema) : textual.compile(schema),
  );
  registerTextPolicy(app);
}
