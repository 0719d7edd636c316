import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { bearer, json, ownerWithStore, snapshot, useTestCloud } from "../test-support/test-cloud.js";
import { apiKeyFor, callApi, errorOf } from "./test-public-api.js";

const t = useTestCloud();

describe("API keys", () => {
  it("shows the secret once, keeps only its sha256, and lists the key with its prefix and last use", async () => {
    const shop = await ownerWithStore(t.db.sql, t.cloud, "claves");
    const { secret, id } = await apiKeyFor(t.cloud, shop.token, { products: "read" }, "Planilla");
    expect(secret).toMatch(/^mk_live_[A-Za-z0-9_-]{43}$/);
    const [row] = await t.db.owner.query<{ secret_hash: string; prefix: string }>(
      "SELECT secret_hash, prefix FROM api_keys WHERE id = $1",
      [id],
    );
    expect(row?.secret_hash).toBe(createHash("sha256").update(secret).digest("hex"));
    expect(JSON.stringify(await t.db.owner.query("SELECT * FROM api_keys"))).not.toContain(secret);
    const list = await t.cloud.app.inject({
      method: "GET",
      url: "/v1/api-keys",
      headers: bearer(shop.token),
    });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(secret);
    const answer = json<{ keys: { id: string; prefix: string; lastUsedAt: string | null }[] }>(list);
    expect(answer.keys).toMatchObject([{ id, prefix: secret.slice(0, 12), lastUsedAt: null }]);

    expect((await callApi(t.cloud, secret, "GET", "/products")).statusCode).toBe(200);
    const after = json<{ keys: { lastUsedAt: string | null }[]; usage: { calls: number } }>(
      await t.cloud.app.inject({ method: "GET", url: "/v1/api-keys", headers: bearer(shop.token) }),
    );
    expect(after.keys[0]?.lastUsedAt).toBe(t.cloud.clock.now().toISOString());
    expect(after.usage.calls).toBe(1);
  });

  it("refuses a key with no scope, a write scope on a read-only resource, or a blank name, changing nothing", async () => {
    const shop = await ownerWithStore(t.db.sql, t.cloud, "malas");
    const before = await snapshot(t.db.owner);
    const cases: [unknown, string][] = [
      [{ name: "Nada", scopes: {} }, "api_key_without_scopes"],
      [{ name: "Ventas", scopes: { sales: "write" } }, "invalid_input"],
      [{ name: "Otra", scopes: { pedidos: "read" } }, "invalid_input"],
      [{ name: "   ", scopes: { sales: "read" } }, "invalid_input"],
      [{ scopes: { sales: "read" } }, "invalid_input"],
    ];
    for (const [payload, code] of cases) {
      const res = await t.cloud.app.inject({
        method: "POST",
        url: "/v1/api-keys",
        headers: bearer(shop.token),
        payload: payload as object,
      });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(errorOf(res).code).toBe(code);
      expect(errorOf(res).message).toMatch(/[a-záéíóú]/);
    }
    expect(await snapshot(t.db.owner)).toBe(before);
  });

  it("a revoked key is refused at once, by name; revoking twice keeps the first instant", async () => {
    const shop = await ownerWithStore(t.db.sql, t.cloud, "revocar");
    const { secret, id } = await apiKeyFor(t.cloud, shop.token);
    expect((await callApi(t.cloud, secret, "GET", "/stores")).statusCode).toBe(200);
    const revoke = () =>
      t.cloud.app.inject({ method: "POST", url: `/v1/api-keys/${id}/revoke`, headers: bearer(shop.token) });
    const first = json<{ revokedAt: string }>(await revoke());
    t.cloud.clock.advance(1000);
    expect(json<{ revokedAt: string }>(await revoke()).revokedAt).toBe(first.revokedAt);
    const refused = await callApi(t.cloud, secret, "GET", "/stores");
    expect(refused.statusCode).toBe(401);
    expect(errorOf(refused).code).toBe("api_key_revoked");
    // Another tenant cannot revoke (or see) this tenant's key.
    const other = await ownerWithStore(t.db.sql, t.cloud, "ajena");
    const { id: otherId } = await apiKeyFor(t.cloud, other.token);
    const foreign = await t.cloud.app.inject({
      method: "POST",
      url: `/v1/api-keys/${otherId}/revoke`,
      headers: bearer(shop.token),
    });
    expect(foreign.statusCode).toBe(404);
    expect(errorOf(foreign).code).toBe("api_key_not_found");
    // A malformed id or a body on revoke is refused before anything runs.
    const before = await snapshot(t.db.owner);
    for (const [url, payload] of [
      ["/v1/api-keys/no-es-un-id/revoke", undefined],
      [`/v1/api-keys/${otherId}/revoke`, { motivo: "x" }],
    ] as const) {
      const res = await t.cloud.app.inject({
        method: "POST",
        url,
        headers: bearer(other.token),
        ...(payload ? { payload } : {}),
      });
      expect(res.statusCode, url).toBe(400);
      expect(errorOf(res).code).toBe("invalid_input");
    }
    expect(await snapshot(t.db.owner)).toBe(before);
  });
});

describe("where the key goes", () => {
  it("refuses a key in the query string, in X-Api-Key or under another scheme, naming the Authorization header", async () => {
    const shop = await ownerWithStore(t.db.sql, t.cloud, "cabecera");
    const { secret } = await apiKeyFor(t.cloud, shop.token);
    const attempts = [
      { url: `/api/v1/products?api_key=${secret}`, headers: {} },
      { url: `/api/v1/products?token=${secret}`, headers: bearer(secret) },
      { url: `/api/v1/products?limit=5&x=${secret}`, headers: {} },
      { url: "/api/v1/products", headers: { "x-api-key": secret } },
      { url: "/api/v1/products", headers: { "api-key": secret } },
      { url: "/api/v1/products", headers: { authorization: `Token ${secret}` } },
      { url: "/api/v1/products", headers: { authorization: secret } },
    ];
    for (const a of attempts) {
      const res = await t.cloud.app.inject({ method: "GET", url: a.url, headers: a.headers });
      expect(res.statusCode, a.url + JSON.stringify(a.headers)).toBe(401);
      expect(errorOf(res)).toMatchObject({
        code: "api_key_wrong_header",
        details: { header: "Authorization" },
      });
      expect(errorOf(res).message).toContain("Authorization: Bearer");
    }
    const none = await t.cloud.app.inject({ method: "GET", url: "/api/v1/products" });
    expect(none.statusCode).toBe(401);
    expect(errorOf(none)).toMatchObject({ code: "api_key_missing" });
    expect(errorOf(none).message).toContain("Authorization: Bearer");
    // A dashboard session is not a key.
    const session = await t.cloud.app.inject({
      method: "GET",
      url: "/api/v1/products",
      headers: bearer(shop.token),
    });
    expect(session.statusCode).toBe(401);
    expect(errorOf(session).code).toBe("api_key_invalid");
    const forged = await callApi(t.cloud, `mk_live_${"A".repeat(43)}`, "GET", "/products");
    expect(forged.statusCode).toBe(401);
    expect(errorOf(forged).code).toBe("api_key_invalid");
    // None of those was a call: the month's count is still zero.
    const usage = json<{ usage: { calls: number } }>(
      await t.cloud.app.inject({ method: "GET", url: "/v1/api-keys", headers: bearer(shop.token) }),
    );
    expect(usage.usage.calls).toBe(0);
  });
});

describe("scopes", () => {
  it("a read-only key cannot write, a key without a resource cannot read it; nothing changes", async () => {
    const shop = await ownerWithStore(t.db.sql, t.cloud, "alcance");
    const { secret } = await apiKeyFor(t.cloud, shop.token, { products: "read", stores: "read" });
    const before = await t.db.owner.query("SELECT * FROM products ORDER BY id");
    const write = await callApi(t.cloud, secret, "POST", "/products", {
      sku: "P1",
      name: "Yerba",
      price: 100,
      ivaRate: 2100,
      unit: "each",
    });
    expect(write.statusCode).toBe(403);
    expect(errorOf(write)).toMatchObject({
      code: "api_scope_missing",
      details: { resource: "products", access: "write" },
    });
    expect(errorOf(write).message).toBe(
      "Esta clave no tiene permiso para escribir products: creá una clave con ese permiso",
    );
    expect(await t.db.owner.query("SELECT * FROM products ORDER BY id")).toEqual(before);
    for (const url of ["/sales", "/customers", "/stock", "/appointments"]) {
      const res = await callApi(t.cloud, secret, "GET", url);
      expect(res.statusCode, url).toBe(403);
      expect(errorOf(res).code).toBe("api_scope_missing");
    }
    expect((await callApi(t.cloud, secret, "GET", "/products")).statusCode).toBe(200);
  });
});
