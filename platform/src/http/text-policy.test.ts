import { Type } from "@sinclair/typebox";
import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { registerErrorHandler } from "./error-handler.js";
import { registerValidation } from "./validation.js";

describe("the text policy of every request (the rules: contracts/src/text.ts)", () => {
  it("lets TAB, LF and CR through only where the route's schema says multiline: true, at any depth", async () => {
    const app = Fastify();
    registerValidation(app);
    registerErrorHandler(app, { server: "servicio" });
    const Note = Type.String({ maxLength: 200, multiline: true });
    app.post(
      "/x",
      {
        schema: {
          body: Type.Object({
            title: Type.Optional(Type.String()),
            note: Type.Optional(Note),
            items: Type.Optional(Type.Array(Type.Object({ note: Type.Union([Note, Type.Null()]) }))),
          }),
        },
      },
      async () => ({ ok: true }),
    );
    const post = (payload: object) => app.inject({ method: "POST", url: "/x", payload });
    expect((await post({ note: "a\r\n\tb", items: [{ note: "c\nd" }, { note: null }] })).statusCode).toBe(
      200,
    );
    const refused = [
      await post({ title: "a\nb" }),
      await post({ note: "a\u0000b" }),
      await post({ items: [{ note: "ok" }, { note: "c\u0085" }] }),
    ];
    expect(refused.map((r) => [r.statusCode, r.json().error.code])).toEqual([
      [400, "invalid_text"],
      [400, "invalid_text"],
      [400, "invalid_text"],
    ]);
    expect(refused[2]?.json().error.message).toMatch(/^El campo "items\.1\.note"/);
    await app.close();
  });
});
