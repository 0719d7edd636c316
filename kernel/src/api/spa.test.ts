import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openTestCore, type TestCore } from "../core/test-context.js";
import { type Api, buildServer } from "./server.js";

describe("serving the UI", () => {
  let core: TestCore;
  let app: Api;
  let uiDir: string;
  afterEach(async () => {
    await app.close();
    core.close();
    rmSync(uiDir, { recursive: true, force: true });
  });

  it("serves index.html for the UI's own paths and JSON 404s for unknown API paths", async () => {
    uiDir = mkdtempSync(join(tmpdir(), "mostrador-ui-"));
    writeFileSync(join(uiDir, "index.html"), "<!doctype html><title>Mostrador</title>");
    core = openTestCore();
    app = await buildServer(core, { uiDir });

    const page = await app.inject({ method: "GET", url: "/caja/cobrar" });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("<title>Mostrador</title>");

    const root = await app.inject({ method: "GET", url: "/" });
    expect(root.body).toContain("Mostrador");

    const api = await app.inject({ method: "GET", url: "/api/health" });
    expect(api.json()).toEqual({ ok: true });
  });
});
