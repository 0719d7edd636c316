import { readFile } from "node:fs/promises";
import JSZip from "jszip";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTenant } from "../auth/accounts.js";
import { ManualClock } from "../core/clock.js";
import { DEFAULT_UI_DIR } from "../dashboard/static-ui.js";
import { ensureDashboardBuilt, launchTestChromium, textOf } from "../dashboard/test-chromium.js";
import { buildCloudServer, type CloudServer } from "../server.js";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";

/**
 * "Tus datos y la cuenta" in Chromium: the owner downloads the zip, a wrong name is refused with its
 * reason, the account is closed (its erasure date shown) and reopened.
 */
describe("the tenant's data in the dashboard", () => {
  const clock = new ManualClock("2026-03-02T15:00:00Z");
  let db: TestDatabase;
  let app: CloudServer;
  let url: string;
  let browser: Browser;
  const email = `duenio-datos-${Date.now()}@example.com`;
  const password = "clave-de-prueba-1";

  beforeAll(async () => {
    await ensureDashboardBuilt();
    db = await createTestDatabase();
    app = await buildCloudServer(db.sql, { clock, uiDir: DEFAULT_UI_DIR });
    url = (await app.listen({ port: 0, host: "127.0.0.1" })).replace("[::1]", "127.0.0.1");
    await createTenant(db.sql, { orgName: "Ferretería Norte", ownerEmail: email, password }, clock);
    browser = await launchTestChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await db?.drop();
  });

  it("downloads the export, closes the account and reopens it", async () => {
    const errors: string[] = [];
    const context = await browser.newContext({
      acceptDownloads: true,
      viewport: { width: 1280, height: 800 },
    });
    const page = await context.newPage();
    page.on("pageerror", (err) => errors.push(String(err)));
    await page.goto(url);
    await page.getByTestId("login-email").fill(email);
    await page.getByTestId("login-password").fill(password);
    await page.getByTestId("login-submit").click();
    await expect.poll(() => textOf(page, "nav-org")).toBe("Ferretería Norte");

    await page.getByTestId("nav-tenantData").click();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("tenant-export").click(),
    ]);
    expect(download.suggestedFilename()).toBe("mostrador-datos-2026-03-02.zip");
    const zip = await JSZip.loadAsync(await readFile((await download.path())!));
    expect(await zip.file("organizations.csv")!.async("string")).toContain("Ferretería Norte");

    await page.getByTestId("tenant-close-name").fill("Otra");
    await page.getByTestId("tenant-close-password").fill(password);
    await page.getByTestId("tenant-close").click();
    await expect.poll(() => textOf(page, "tenant-data-error")).toContain("Ferretería Norte");

    await page.getByTestId("tenant-close-name").fill("Ferretería Norte");
    await page.getByTestId("tenant-close-password").fill(password);
    await page.getByTestId("tenant-close").click();
    await expect.poll(() => textOf(page, "tenant-closing-text")).toContain("1/4/26");

    await page.getByTestId("tenant-reopen-password").fill(password);
    await page.getByTestId("tenant-reopen").click();
    await expect.poll(() => page.getByTestId("tenant-close-form").count()).toBe(1);
    await page.getByTestId("language-toggle").click();
    await expect.poll(() => textOf(page, "nav-tenantData")).toBe("Your data");
    expect(errors).toEqual([]);
    await context.close();
  });
});
