import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteSql } from "../db/pglite.js";
import type { Sql } from "../db/sql.js";
import { cloudMigrations } from "../modules.js";
import { json, openTestCloud, ownerWithStore, type TestCloud } from "../test-support/test-cloud.js";
import { apiKeyFor, callApi } from "./test-public-api.js";

// npm start runs the cloud on PGlite: keys, the counted calls (upserts with a WHERE), pages and writes there too.
let sql: Sql;
let cloud: TestCloud;

beforeAll(async () => {
  sql = await openPgliteSql({ migrate: cloudMigrations() });
  cloud = await openTestCloud(sql);
}, 60_000);

afterAll(async () => {
  await cloud.close();
  await sql.close();
});

describe("the public API on PGlite", () => {
  it("creates a product with a key, pages it back and counts the calls", async () => {
    const shop = await ownerWithStore(sql, cloud, "pglite-api");
    const { secret } = await apiKeyFor(cloud, shop.token);
    const made = await callApi(cloud, secret, "POST", "/products", {
      sku: "PG-1",
      name: "Yerba en PGlite",
      price: 350_000,
      ivaRate: 2100,
      unit: "each",
    });
    expect(made.statusCode, made.body).toBe(201);
    const page = await callApi(cloud, secret, "GET", "/products?limit=1");
    expect(page.statusCode, page.body).toBe(200);
    expect(json(page)).toMatchObject({ data: [{ name: "Yerba en PGlite" }], nextCursor: null });
    expect(Number(page.headers["ratelimit-remaining"])).toBe(Number(page.headers["ratelimit-limit"]) - 2);
    const usage = await cloud.app.inject({
      method: "GET",
      url: "/v1/api-keys",
      headers: { authorization: `Bearer ${shop.token}` },
    });
    expect(json<{ usage: { calls: number } }>(usage).usage.calls).toBe(2);
  });
});
