import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { listRoutes } from "./route-list.js";

describe("the routes of an app, from its route tree", () => {
  it("lists each method and full path once, nested prefixes and parameters included, HEAD aside", async () => {
    const app = Fastify();
    const ok = async () => ({ ok: true });
    app.get("/health", ok);
    await app.register(
      async (api) => {
        api.get("/products", ok);
        api.post("/products", ok);
        api.get("/products/:id", ok);
        api.patch("/products/:id", ok);
        api.post("/products/:id/barcodes", ok);
        api.get("/profile", ok);
      },
      { prefix: "/api" },
    );
    await app.ready();
    const listed = listRoutes(app).map((r) => `${r.method} ${r.url}`);
    expect(listed.sort()).toEqual(
      [
        "GET /health",
        "GET /api/products",
        "POST /api/products",
        "GET /api/products/:id",
        "PATCH /api/products/:id",
        "POST /api/products/:id/barcodes",
        "GET /api/profile",
      ].sort(),
    );
    await app.close();
  });
});
