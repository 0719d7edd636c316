import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerDashboardUi } from "./static-ui.js";

/** What the cloud answers for its web pages: the dashboard, the patients' booking page and the widget. */
describe("the cloud's static pages", () => {
  let dir: string;
  let app: FastifyInstance;
  const get = (url: string) => app.inject({ method: "GET", url });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "mostrador-static-ui-"));
    mkdirSync(join(dir, "reservar"));
    mkdirSync(join(dir, "assets"));
    writeFileSync(join(dir, "index.html"), "<p>panel</p>");
    writeFileSync(join(dir, "reservar.html"), "<p>reservar</p>");
    writeFileSync(join(dir, "operador.html"), "<p>operador</p>");
    writeFileSync(join(dir, "reservar/widget.js"), "(function(){})();");
    writeFileSync(join(dir, "assets/app-1.js"), "export {};");
    app = Fastify();
    await registerDashboardUi(app, dir);
  });

  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("serves the booking page for any /reservar/ address, the dashboard for the rest", async () => {
    for (const url of [
      "/reservar/0190f5a2-8e4b-7c1d-9f00-123456789abc",
      "/reservar/0190f5a2-8e4b-7c1d-9f00-123456789abc/turno/abc",
      "/reservar",
    ])
      expect((await get(url)).body, url).toBe("<p>reservar</p>");
    for (const url of ["/", "/ventas", "/reservarx"]) expect((await get(url)).body, url).toBe("<p>panel</p>");
    // Pages are revalidated: a new build's assets are reached at once.
    expect((await get("/reservar")).headers["cache-control"]).toBe("no-cache");
    expect((await get("/ventas")).headers["cache-control"]).toBe("no-cache");
  });

  it("serves the widget as a script revalidated on every load (its address is pasted in shops' sites)", async () => {
    const res = await get("/reservar/widget.js");
    expect(res.body).toBe("(function(){})();");
    expect(res.headers["content-type"]).toMatch(/javascript/);
    expect(res.headers["cache-control"]).toBe("no-cache");
    expect((await get("/assets/app-1.js")).headers["cache-control"]).not.toBe("no-cache");
  });

  it("lets shops' sites frame the booking page but never the owner's dashboard", async () => {
    const booking = await get("/reservar/0190f5a2-8e4b-7c1d-9f00-123456789abc");
    expect(booking.headers["x-frame-options"]).toBeUndefined();
    expect(booking.headers["content-security-policy"]).toBeUndefined();
    for (const url of ["/", "/ventas", "/index.html"]) {
      const page = await get(url);
      expect(page.headers["content-security-policy"], url).toBe("frame-ancestors 'none'");
      expect(page.headers["x-frame-options"], url).toBe("DENY");
    }
  });

  it("serves the operator's console at /operador, never framed", async () => {
    for (const url of ["/operador", "/operador/clientes", "/operador.html"]) {
      const page = await get(url);
      expect(page.body, url).toBe("<p>operador</p>");
      expect(page.headers["x-frame-options"], url).toBe("DENY");
    }
    expect((await get("/operadores")).body).toBe("<p>panel</p>");
  });

  it("never answers the API's paths with a page", async () => {
    const res = await get("/v1/turnos/public/x/nada");
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: "route_not_found" } });
    const api = await get("/api/v1/nada");
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ error: { code: "route_not_found" } });
  });
});
