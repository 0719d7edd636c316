import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { v7 as uuidv7 } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveScan } from "../catalog/scan.js";
import { DEMO_CODES } from "../seed/demo-catalog.js";
import { type RunningAppliance, startAppliance } from "../appliance/appliance.js";
import { launchChromium } from "../appliance/browser.js";
import { demoOwnerApi, loginAtTill, textOf } from "../appliance/test-till-page.js";

describe("backups at the till, end to end in Chromium", () => {
  let dataDir: string;
  let appliance: RunningAppliance;
  let restarted: Promise<RunningAppliance>;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "mostrador-backup-e2e-"));
    let onRestarted: (next: RunningAppliance) => void = () => undefined;
    restarted = new Promise((resolve) => (onRestarted = resolve));
    appliance = await startAppliance(
      { dataDir, host: "127.0.0.1", port: 0, seedDemo: true },
      { onRestarted },
    );
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await appliance?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The owner sells one Coca-Cola over HTTP (opening the till's cash session first). */
  async function sellOverApi(): Promise<void> {
    const call = await demoOwnerApi(appliance);
    await call("/cash/open", { openingFloat: 1_000_000 });
    const coca = resolveScan(appliance.ctx, DEMO_CODES.cocaCola).product;
    await call("/sales", {
      id: uuidv7(),
      lines: [{ productId: coca.id, quantity: 1 }],
      payments: [{ method: "cash", amount: coca.price }],
    });
  }

  it("warns without a recent copy, makes one from the till, and restores it from Ajustes with the owner's PIN", async () => {
    // The start made its catch-up copy; as if it were three days old (a USB disk unplugged since).
    appliance.ctx.db.prepare("UPDATE backup_runs SET finished_at = '2020-01-01T00:00:00.000Z'").run();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on("pageerror", (err) => console.error("page error:", err));
    await page.goto(appliance.url);
    await page.getByTestId("login-terminal-1").click();
    await loginAtTill(page, "Martín", "2222");

    await expect.poll(() => page.getByTestId("backup-stale").isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await textOf(page, "backup-stale")).toContain("No hay copia de seguridad desde");
    await page.getByTestId("backup-stale-run").click();
    await expect.poll(() => page.getByTestId("backup-stale").count(), { timeout: 10_000 }).toBe(0);

    await sellOverApi();
    await page.getByTestId("nav-settings").click();
    await page.getByTestId("settings-tab-backup").click();
    // The copy made at start and the one made from the till, both before the sale.
    await expect.poll(() => page.getByTestId("backup-file").count(), { timeout: 10_000 }).toBe(2);
    expect(await textOf(page, "backup-state")).toBe("Al día");
    await page.getByTestId("backup-restore").first().click();
    await page.getByTestId("backup-restore-pin").fill("1111");
    await page.getByTestId("backup-restore-confirm").click();
    await expect.poll(() => textOf(page, "backup-restore-error"), { timeout: 10_000 }).toMatch(/PIN/);
    await page.getByTestId("backup-restore-pin").fill("2222");
    await page.getByTestId("backup-restore-confirm").click();
    await expect
      .poll(() => textOf(page, "backup-restored"), { timeout: 10_000 })
      .toContain("Falta 1 venta que no estaba en la copia");

    appliance = await restarted;
    const count = (table: string) =>
      (appliance.ctx.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect(count("sales")).toBe(0);
    expect(count("cash_sessions")).toBe(0);
    expect(count("backup_restores")).toBe(1);
  });
});
