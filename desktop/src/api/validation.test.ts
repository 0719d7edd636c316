import { listRoutes } from "@mostrador/platform/http/route-list";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bearer, openTestApi, type TestApi } from "./test-api.js";

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

describe("the text policy at every endpoint", () => {
  let t: TestApi;
  let owner: Record<string, string>;
  beforeEach(async () => {
    t = await openTestApi();
    owner = bearer(t.tokenFor("owner"));
  });
  afterEach(async () => t.close());

  /** Every row of every table: equal before and after a refusal. */
  const everything = () =>
    (
      t.core.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
        name: string;
      }[]
    ).map(({ name }) => [name, t.core.db.prepare(`SELECT * FROM "${name}"`).all()]);

  it("finds the API's routes to test (the route tree parsed)", () => {
    const all = listRoutes(t.app).map((r) => `${r.method} ${r.url}`);
    expect(all.length).toBeGreaterThan(50);
    expect(all).toEqual(
      expect.arrayContaining(["POST /api/products", "PATCH /api/devices/:id", "POST /api/sync/enroll"]),
    );
  });

  it("refuses a control character in any query string, path parameter or body with 400 invalid_text, changing nothing", async () => {
    const before = everything();
    for (const { method, url } of listRoutes(t.app)) {
      const attempts: { url: string; payload?: string; field: string }[] = [
        { url: `${url.replaceAll(/:\w+/g, "x")}?filtro=a%00b`, field: "filtro" },
      ];
      const param = /:(\w+)/.exec(url)?.[1];
      if (param) attempts.push({ url: url.replaceAll(/:\w+/g, "a%01b"), field: param });
      if (method !== "GET")
        attempts.push(
          { url: url.replaceAll(/:\w+/g, "x"), payload: '{"nombre":"Pan\\u0000"}', field: "nombre" },
          { url: url.replaceAll(/:\w+/g, "x"), payload: '{"nombre":"Pan\\ud800"}', field: "nombre" },
          { url: url.replaceAll(/:\w+/g, "x"), payload: '{"a\\u001bb":1}', field: "a\\u001bb" },
        );
      for (const a of attempts) {
        const res = await t.app.inject({
          method: method as "GET",
          url: a.url,
          headers: { ...owner, ...(a.payload ? { "content-type": "application/json" } : {}) },
          ...(a.payload ? { payload: a.payload } : {}),
        });
        const label = `${method} ${a.url} ${a.payload ?? ""}`;
        expect(res.statusCode, label).toBe(400);
        expect(res.json().error.code, label).toBe("invalid_text");
        expect(res.json().error.message, label).toContain(`"${a.field}"`);
      }
    }
    expect(everything()).toEqual(before);
  });

  it("refuses a product name with NUL at the till: 400 naming the field, nothing stored", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/products",
      headers: owner,
      payload: { sku: "PAN-1", name: "Pan\u0000", price: 100, ivaRate: 2100, unit: "each", barcodes: [] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toEqual({
      code: "invalid_text",
      message: 'El campo "name" contiene un carácter de control (U+0000), que no se admite',
      details: { field: "name" },
    });
    expect(t.core.db.prepare("SELECT count(*) AS n FROM products").get()).toEqual({ n: 0 });
    expect(t.core.db.prepare("SELECT count(*) AS n FROM outbox").get()).toEqual({ n: 0 });
  });

  it("refuses a lone surrogate in a JSON body (\\ud800), which PostgreSQL's jsonb would refuse at the cloud", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/products",
      headers: { ...owner, "content-type": "application/json" },
      payload: '{"sku":"PAN-1","name":"Pan \\ud800","price":100,"ivaRate":2100,"unit":"each","barcodes":[]}',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toBe(
      'El campo "name" contiene un carácter Unicode inválido (U+D800 suelto, sin su par)',
    );
    expect(t.core.db.prepare("SELECT count(*) AS n FROM products").get()).toEqual({ n: 0 });
  });

  it("accepts characters outside the BMP written as a surrogate pair (an emoji)", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: "/api/products",
      headers: { ...owner, "content-type": "application/json" },
      payload:
        '{"sku":"PAN-1","name":"Pan \\ud83c\\udf5e","price":100,"ivaRate":2100,"unit":"each","barcodes":[]}',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().name).toBe("Pan 🍞");
  });

  it("refuses a control character in the product search with 400, not an empty page", async () => {
    for (const q of ["a%00b", "%1B", "caf%C2%85"]) {
      const res = await t.app.inject({ method: "GET", url: `/api/products?q=${q}`, headers: owner });
      expect(res.statusCode, q).toBe(400);
      expect(res.json().error.message).toMatch(/^El campo "q" contiene un carácter de control/);
    }
  });

  it("answers a path that is not valid UTF-8 or too long with the API's own envelope", async () => {
    for (const url of ["/api/products/%ZZ", "/api/products/%ED%A0%80", "/api/scan/%C0%80"]) {
      const res = await t.app.inject({ method: "GET", url, headers: owner });
      expect(res.statusCode, url).toBe(400);
      expect(res.json(), url).toEqual({
        error: {
          code: "bad_url",
          message: "La dirección de la solicitud no es válida (caracteres mal codificados)",
        },
      });
    }
    const long = await t.app.inject({
      method: "GET",
      url: `/api/products/${"a".repeat(200)}`,
      headers: owner,
    });
    expect([long.statusCode, long.json().error.code]).toEqual([414, "url_too_long"]);
  });
});
