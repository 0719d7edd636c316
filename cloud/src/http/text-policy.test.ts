import { Type } from "@sinclair/typebox";
import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { registerErrorHandler } from "./errors.js";
import { findTextProblem, textFault } from "./text-policy.js";
import { registerValidation } from "./validation.js";

describe("cloud text policy", () => {
  it("refuses C0 (TAB, LF, CR aside when multi-line), DEL, C1 and lone surrogates; takes pairs and the rest", () => {
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      const control = c < 0x20 || (c >= 0x7f && c <= 0x9f);
      const surrogate = c >= 0xd800 && c <= 0xdfff;
      expect(textFault(`a${ch}b`) !== null, c.toString(16)).toBe(control || surrogate);
      expect(textFault(`a${ch}b`, true) !== null, c.toString(16)).toBe(
        (control && ch !== "\t" && ch !== "\n" && ch !== "\r") || surrogate,
      );
    }
    expect(textFault("\ud83c\udf5e")).toBeNull();
  });

  it("checks keys as strictly as values", () => {
    expect(findTextProblem({ ok: { "a\u0000": 1 } })).toMatchObject({ path: ["ok", "a\u0000"], inKey: true });
  });

  it("lets TAB, LF and CR through only where the route's schema says multiline: true, at any depth", async () => {
    const app = Fastify();
    registerValidation(app);
    registerErrorHandler(app);
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
