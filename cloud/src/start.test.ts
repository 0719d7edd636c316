import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CloudModule } from "./core/module.js";
import { DEMO_OWNER } from "./demo.js";
import { cloudModules } from "./modules.js";
import { loadCloudConfig, startCloud } from "./start.js";
import { createTestDatabase, type TestDatabase } from "./test-support/test-database.js";

async function loginDemo(url: string) {
  const res = await fetch(`${url}/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(DEMO_OWNER),
  });
  return { status: res.status, body: (await res.json()) as { token?: string; tenantId?: string } };
}

describe("startCloud", () => {
  let dataDir: string;
  let db: TestDatabase;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "mostrador-cloud-"));
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("reads its configuration from the environment with defaults", () => {
    expect(loadCloudConfig({})).toMatchObject({ port: 8430, host: "127.0.0.1", demo: true });
    expect(loadCloudConfig({ CLOUD_DATABASE_URL: "postgres://x/y", CLOUD_PORT: "0" })).toMatchObject({
      databaseUrl: "postgres://x/y",
      port: 0,
    });
    expect(() => loadCloudConfig({ CLOUD_PORT: "99999" })).toThrow(/CLOUD_PORT/);
    expect(loadCloudConfig({ CLOUD_DATABASE_POOL_MAX: "24" }).databasePoolMax).toBe(24);
    expect(loadCloudConfig({}).databasePrepare).toBe(true);
    expect(loadCloudConfig({ CLOUD_DATABASE_PREPARE: "0" }).databasePrepare).toBe(false);
    expect(() => loadCloudConfig({ CLOUD_DATABASE_POOL_MAX: "0" })).toThrow(/CLOUD_DATABASE_POOL_MAX/);
  });

  it("creates the demo tenant as MOSTRADOR_DEMO says, unless CLOUD_DEMO says otherwise", () => {
    expect(loadCloudConfig({ MOSTRADOR_DEMO: "0" }).demo).toBe(false);
    expect(loadCloudConfig({ MOSTRADOR_DEMO: "1" }).demo).toBe(true);
    expect(loadCloudConfig({ MOSTRADOR_DEMO: "0", CLOUD_DEMO: "1" }).demo).toBe(true);
    expect(loadCloudConfig({ CLOUD_DEMO: "0" }).demo).toBe(false);
  });

  it("runs on PGlite in <dataDir>/cloud and keeps the demo tenant across restarts", async () => {
    const first = await startCloud({ dataDir, port: 0, host: "127.0.0.1" });
    expect(first.database).toBe("pglite");
    expect(first.demo?.created).toBe(true);
    const login = await loginDemo(first.url);
    expect(login.status).toBe(200);
    await first.close();
    const second = await startCloud({ dataDir, port: 0, host: "127.0.0.1" });
    expect(second.demo).toMatchObject({
      created: false,
      tenantId: first.demo?.tenantId,
      storeId: first.demo?.storeId,
    });
    expect((await loginDemo(second.url)).body.tenantId).toBe(first.demo?.tenantId);
    await second.close();
    // Two PGlite starts (the first migrates).
  }, 60_000);

  it("runs on PostgreSQL when given a URL, migrating as the owner and serving as the service role", async () => {
    const cloud = await startCloud({
      databaseUrl: db.url,
      migrationUrl: db.ownerUrl,
      dataDir,
      port: 0,
      host: "127.0.0.1",
    });
    expect(cloud.database).toBe("postgresql");
    const [me] = await cloud.sql.query<{ u: string }>("SELECT current_user AS u");
    expect(me?.u).toBe("mostrador_app");
    expect((await loginDemo(cloud.url)).status).toBe(200);
    await cloud.close();
  });

  it("starts the modules once the server is built and stops them in reverse order on close, before the database", async () => {
    const events: string[] = [];
    const recorder = (name: string): CloudModule => ({
      name,
      start: async ({ sql }) => {
        // The database is migrated and open when a module starts...
        await sql.query("SELECT count(*) FROM stores");
        events.push(`start ${name}`);
        return {
          async stop() {
            // ...and still open while it stops (a worker finishing its last send).
            await sql.query("SELECT 1");
            events.push(`stop ${name}`);
          },
        };
      },
    });
    const cloud = await startCloud({
      databaseUrl: db.url,
      migrationUrl: db.ownerUrl,
      dataDir,
      port: 0,
      host: "127.0.0.1",
      modules: [...cloudModules, recorder("primero"), recorder("segundo")],
    });
    expect(events).toEqual(["start primero", "start segundo"]);
    expect((await loginDemo(cloud.url)).status).toBe(200);
    await cloud.close();
    expect(events.slice(2)).toEqual(["stop segundo", "stop primero"]);
  });
});
