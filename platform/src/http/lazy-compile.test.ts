import { Type } from "@sinclair/typebox";
import Fastify, { type FastifyInstance } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { registerErrorHandler } from "./error-handler.js";
import { lazyCompilers } from "./lazy-compile.js";
import { registerValidation } from "./validation.js";

describe("route schemas compiled on first use, the rest after the server listens", () => {
  let app: FastifyInstance | null = null;
  afterEach(async () => {
    await app?.close();
    app = null;
  });

  function server() {
    const fastify = Fastify();
    const validation = registerValidation(fastify);
    registerErrorHandler(fastify, { server: "equipo" });
    fastify.post(
      "/price",
      {
        schema: {
          body: Type.Object({ price: Type.Integer({ minimum: 0 }) }, { additionalProperties: false }),
          response: { 200: Type.Object({ cents: Type.Integer() }, { additionalProperties: false }) },
        },
      },
      async (request) => ({ cents: (request.body as { price: number }).price, secret: "never sent" }),
    );
    fastify.get(
      "/items/:id",
      { schema: { params: Type.Object({ id: Type.Integer() }) } },
      async (request) => ({ id: (request.params as { id: number }).id }),
    );
    app = fastify;
    return { fastify, validation };
  }

  it("compiles nothing while getting ready, and a route's schemas at its first request", async () => {
    const { fastify, validation } = server();
    await fastify.ready();
    // At least the body, the response and the path parameters wait (Fastify may add its own).
    const before = validation.pendingSchemas();
    expect(before).toBeGreaterThanOrEqual(3);
    const ok = await fastify.inject({ method: "POST", url: "/price", payload: { price: 150 } });
    // The response schema still shapes the body: the property it does not name is not sent.
    expect(ok.json()).toEqual({ cents: 150 });
    expect(validation.pendingSchemas()).toBe(before - 2);
  });

  it("refuses bad input with the same envelope when its validator is compiled lazily", async () => {
    const { fastify } = server();
    const refused = await fastify.inject({ method: "POST", url: "/price", payload: { price: -1 } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe("invalid_input");
    const extra = await fastify.inject({ method: "POST", url: "/price", payload: { price: 1, more: 2 } });
    expect(extra.statusCode).toBe(400);
    // Path parameters are still coerced from text ("7" → 7) and refused when they are not numbers.
    expect((await fastify.inject({ method: "GET", url: "/items/7" })).json()).toEqual({ id: 7 });
    expect((await fastify.inject({ method: "GET", url: "/items/siete" })).statusCode).toBe(400);
  });

  it("compiles every remaining schema in the background once the server listens", async () => {
    const { fastify, validation } = server();
    await fastify.listen({ host: "127.0.0.1", port: 0 });
    await expect.poll(() => validation.pendingSchemas()).toBe(0);
  });

  it("reports a schema that cannot compile during the warm-up, and keeps compiling the others", async () => {
    const lazy = lazyCompilers();
    let compiled = 0;
    lazy.validator(() => {
      throw new Error("unknown keyword");
    });
    lazy.serializer(() => {
      compiled++;
      return () => "{}";
    });
    const errors: unknown[] = [];
    await lazy.warmUp((e) => errors.push(e));
    expect(errors).toHaveLength(1);
    expect(compiled).toBe(1);
    expect(lazy.pending()).toBe(0);
  });

  it("compiles a schema once, whether a request or the warm-up gets to it first", async () => {
    const lazy = lazyCompilers();
    let compiles = 0;
    const validate = lazy.validator(() => {
      compiles++;
      const inner = (data: unknown) => data === 1;
      return Object.assign(inner, { errors: [{ message: "not one" }] });
    });
    expect(validate(2)).toBe(false);
    expect(validate.errors).toEqual([{ message: "not one" }]);
    expect(validate(1)).toBe(true);
    await lazy.warmUp(() => {});
    expect(compiles).toBe(1);
  });
});
