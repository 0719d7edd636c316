import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import type { FastifyInstance } from "fastify";
import { registerTextPolicy } from "./text-policy.js";

/**
 * Two validators: query strings and path params arrive as text, so they may be coerced ("20" → 20);
 * JSON bodies never are, so `{"pin": 1234}` or `{"amount": "100"}` is refused instead of guessed at.
 * Unknown properties are refused (schemas say additionalProperties: false), never silently dropped.
 * Before either, every string and key of every request goes through the text policy (text-policy.ts):
 * no control characters or lone surrogates; TAB, LF and CR only where a schema says `multiline: true`.
 */
export function registerValidation(app: FastifyInstance): void {
  const strict = validator({ coerceTypes: false });
  const textual = validator({ coerceTypes: "array" });
  app.setValidatorCompiler(({ schema, httpPart }) =>
    httpPart === "body" ? strict.compile(schema) : textual.compile(schema),
  );
  registerTextPolicy(app);
}

function validator({ coerceTypes }: { coerceTypes: false | "array" }): Ajv {
  // verbose: a failure carries its schema, so the error handler can read the `measure` annotation.
  const ajv = addFormats.default(
    new Ajv({ removeAdditional: false, coerceTypes, useDefaults: true, allErrors: false, verbose: true }),
  );
  // Annotations, not checks of their own: `multiline` is read by the text policy; `measure` ("money",
  // "units", "grams", "quantity") by validation-messages.ts, which says a number's limit in words.
  ajv.addKeyword({ keyword: "multiline", schemaType: "boolean" });
  ajv.addKeyword({ keyword: "measure", schemaType: "string" });
  return ajv;
}
