import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestApi, type TestApi } from "./test-api.js";

describe("request validation", () => {
  let t: TestApi;
  beforeEach(async () => {
    t = await openTestApi();
  });
  afterEach(async () => t.close());

  it("refuses a JSON body field of the wrong type instead of coercing it", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { staffId: "x", pin: 1234, terminalId: t.terminal.id },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/pin/);
  });

  it("refuses unknown body fields instead of dropping them silently", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { staffId: "x", pin: "1234", terminalId: t.terminal.id, role: "owner" },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toBe('El campo "role" no se reconoce');
  });

  it("answers malformed JSON with 400 and a sentence, not a stack trace", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      headers: { "content-type": "application/json" },
      payload: '{"staffId": "x", "pin": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toEqual({
      code: "malformed_json",
      message: "El cuerpo de la solicitud no es JSON válido",
    });
  });
});
