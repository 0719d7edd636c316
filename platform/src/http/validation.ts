import { SerializerSelector } from "@fastify/fast-json-stringify-compiler";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import type { FastifyInstance } from "fastify";
import { lazyCompilers } from "./lazy-compile.js";
import { registerTextPolicy } from "./text-policy.js";

/**
 * Two validators: query strings and path params arrive as text, so they may be coerced ("20" → 20);
 * JSON bodies never are, so `{"pin": 1234}` or `{"amount": "100"}` is refused instead of guessed at.
 * Unknown properties are refused (schemas say additionalProperties: false), never silently dropped.
 * Before either, every string and key of every request goes through the text policy (text-policy.ts):
 * no control characters or lone surrogates; TAB, LF and CR only where a schema says `multiline: true`.
 * Validators and response serializers are compiled on first use, and the rest in the background once the
 * server listens (lazy-compile.ts): compiling them all first delayed the start by over a second.
 */
export function registerValidation(app: FastifyInstance): { pendingSchemas(): number } {
  const strict = validator({ coerceTypes: false });
  const textual = validator({ coerceTypes: "array" });
  const lazy = lazyCompilers();
  app.setValidatorCompiler(({ schema, httpPart }) =>
    lazy.validator(() => (httpPart === "body" ? strict.compile(schema) : textual.compile(schema))),
  );
  // Fastify's own serializer (fast-json-stringify), only deferred. No shared schemas: routes carry their own.
  const serializer = SerializerSelector()({}, {});
  app.setSerializerCompiler((route) =>
    lazy.serializer(() => serializer({ ...route, httpStatus: route.httpStatus ?? "default" })),
  );
  app.addHook("onListen", (done) => {
    void lazy.warmUp((error) => app.log.error(error, "un esquema de ruta no compila"));
    done();
  });
  app.addHook("onClose", (_instance, done) => {
    lazy.stop();
    done();
  });
  registerTextPolicy(app);
  return { pendingSchemas: lazy.pending };
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
