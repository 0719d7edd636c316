import { Type } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { ErrorBody } from "@mostrador/contracts/http-errors";
import Fastify, { type FastifyInstance } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { Refusal, type RefusalKind } from "@mostrador/contracts/refusal";
import { frameworkErrors, registerErrorHandler } from "./error-handler.js";
import { registerValidation } from "./validation.js";

describe("every error leaves as the one envelope { error: { code, message, details? } }", () => {
  let app: FastifyInstance;
  afterEach(async () => app.close());

  function server(where: "equipo" | "servicio" = "equipo") {
    app = Fastify({
      bodyLimit: 64,
      routerOptions: { maxParamLength: 20 },
      frameworkErrors: frameworkErrors({ server: where }),
    });
    registerValidation(app);
    registerErrorHandler(app, { server: where });
    app.get<{ Params: { kind: RefusalKind } }>("/refuse/:kind", async (request) => {
      throw new Refusal(request.params.kind, "some_code", "Una frase", { field: "x", retryAfterSeconds: 30 });
    });
    app.post(
      "/price",
      {
        schema: {
          body: Type.Object(
            { price: Type.Integer({ minimum: 0, maximum: 100_000, measure: "money" }) },
            { additionalProperties: false },
          ),
        },
      },
      async () => ({ ok: true }),
    );
    app.get("/items/:id", async () => ({ ok: true }));
    app.get("/boom", async () => {
      throw new Error("a bug");
    });
    return app;
  }

  it("answers a domain refusal with its kind's status, its code, sentence and details", async () => {
    server();
    // Each kind's status, a sample across the range: the table itself is STATUS_OF.
    const statuses = { invalid: 400, gone: 410, locked: 423, too_many_requests: 429, unavailable: 503 };
    for (const [kind, status] of Object.entries(statuses)) {
      const res = await app.inject({ method: "GET", url: `/refuse/${kind}` });
      expect([res.statusCode, res.json()], kind).toEqual([
        status,
        {
          error: { code: "some_code", message: "Una frase", details: { field: "x", retryAfterSeconds: 30 } },
        },
      ]);
      expect(Value.Check(ErrorBody, res.json())).toBe(true);
      // Only a 429 says when to come back.
      expect(res.headers["retry-after"], kind).toBe(kind === "too_many_requests" ? "30" : undefined);
    }
  });

  it("says a schema failure as a sentence naming the field, a measured limit in money", async () => {
    server();
    const post = async (payload: string) =>
      (
        await app.inject({
          method: "POST",
          url: "/price",
          headers: { "content-type": "application/json" },
          payload,
        })
      ).json();
    expect(await post('{"price": 100001}')).toEqual({
      error: { code: "invalid_input", message: 'El campo "price" admite como máximo $ 1.000,00' },
    });
    expect(await post('{"price": "5"}')).toEqual({
      error: { code: "invalid_input", message: 'El campo "price" debe ser de tipo integer' },
    });
    expect(await post('{"price": 1, "cost": 1}')).toEqual({
      error: { code: "invalid_input", message: 'El campo "cost" no se reconoce' },
    });
  });

  it("says Fastify's own refusals in Spanish: bad JSON, empty or large body, media type, bad or long URL", async () => {
    server();
    const answers = [
      await app.inject({
        method: "POST",
        url: "/price",
        headers: { "content-type": "application/json" },
        payload: "{",
      }),
      await app.inject({
        method: "POST",
        url: "/price",
        headers: { "content-type": "application/json" },
        payload: "",
      }),
      await app.inject({ method: "POST", url: "/price", payload: { price: 1, pad: "x".repeat(100) } }),
      await app.inject({
        method: "POST",
        url: "/price",
        headers: { "content-type": "application/xml" },
        payload: "<a/>",
      }),
      await app.inject({ method: "GET", url: "/items/%ZZ" }),
      await app.inject({ method: "GET", url: `/items/${"a".repeat(30)}` }),
    ];
    for (const answer of answers) expect(Value.Check(ErrorBody, answer.json())).toBe(true);
    expect(answers.map((r) => [r.statusCode, r.json().error.code, r.json().error.message])).toEqual([
      [400, "malformed_json", "El cuerpo de la solicitud no es JSON válido"],
      [400, "malformed_json", "El cuerpo de la solicitud está vacío"],
      [413, "body_too_large", "La solicitud es demasiado grande"],
      [415, "unsupported_media_type", "Se espera application/json"],
      [400, "bad_url", "La dirección de la solicitud no es válida (caracteres mal codificados)"],
      [414, "url_too_long", "Un dato de la dirección de la solicitud es demasiado largo"],
    ]);
  });

  it("answers anything unforeseen with 500 naming the server as its users do, and no stack trace", async () => {
    for (const where of ["equipo", "servicio"] as const) {
      server(where);
      const res = await app.inject({ method: "GET", url: "/boom" });
      expect([res.statusCode, res.json()]).toEqual([
        500,
        { error: { code: "internal", message: `Error interno del ${where}; la operación no se realizó` } },
      ]);
      await app.close();
    }
  });
});
