import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteSql } from "@mostrador/cloud/db/pglite";
import { spawnAppliance } from "@mostrador/desktop/appliance/child-appliance";
import { openApplianceCore } from "@mostrador/desktop/appliance/open-appliance-core";
import { readCredentials } from "@mostrador/sync/upload/upload-state";

const START = fileURLToPath(new URL("./start.ts", import.meta.url));

describe("npm start with MOSTRADOR_DEMO=0", () => {
  let dataDir: string;
  let output: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "mostrador-no-demo-"));
    const child = await spawnAppliance(dataDir, 60_000, {
      script: START,
      env: {
        MOSTRADOR_DEMO: "0",
        // Unset, so they take MOSTRADOR_DEMO's value: the embedded cloud runs, without its demo.
        CLOUD_DEMO: undefined,
        MOSTRADOR_SIMULATOR: undefined,
        MOSTRADOR_CLOUD: undefined,
        CLOUD_DATABASE_URL: undefined,
        CLOUD_MIGRATION_DATABASE_URL: undefined,
        CLOUD_PORT: "0",
        CLOUD_HOST: "127.0.0.1",
      },
    });
    output = child.output();
    await child.stop();
  }, 90_000);

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("prints no demo login and says the shop has no data yet", () => {
    expect(output).toContain("Nube:");
    expect(output).not.toContain("demo@mostrador.local");
    expect(output).not.toContain("Dueño demo");
    expect(output).not.toMatch(/PIN/);
    expect(output).toContain("Local sin datos todavía");
  });

  it("creates no organization, owner account or store in the embedded cloud", async () => {
    // migrate: false — an empty folder would have no tables and fail here, not pass.
    const sql = await openPgliteSql({ dataDir: join(dataDir, "cloud"), migrate: false, role: null });
    try {
      for (const table of ["organizations", "accounts", "stores", "appliances"]) {
        const [row] = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
        expect(row?.n, table).toBe(0);
      }
    } finally {
      await sql.close();
    }
  });

  it("leaves the appliance unpaired, without simulated devices or rules, staff or tills", () => {
    expect(output).toMatch(/Simulador: +apagado/);
    const ctx = openApplianceCore(dataDir);
    try {
      expect(readCredentials(ctx.db)).toBeNull();
      for (const table of ["devices", "rules", "staff", "terminals", "products"]) {
        const row = ctx.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number };
        expect(row.n, table).toBe(0);
      }
    } finally {
      ctx.db.close();
    }
  });
});
