import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createStaff } from "@mostrador/kernel/staff/staff";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningAppliance, startAppliance } from "./appliance.js";
import { launchChromium } from "./browser.js";
import { loginAtTill, textOf } from "./test-till-page.js";

/**
 * Tills and people from their screens, in Chromium against the demo shop: the owner adds, renames and
 * retires a till in Ajustes (and cannot retire the one they are on); a manager resets a cashier's
 * forgotten PIN in Personal, and the cashier logs in with it.
 */
describe("tills in Ajustes and PIN reset in Personal, end to end in Chromium", () => {
  let dataDir: string;
  let appliance: RunningAppliance;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "mostrador-tills-"));
    appliance = await startAppliance({ dataDir, host: "127.0.0.1", port: 0, seedDemo: true });
    createStaff(appliance.ctx, { name: "Sofía", role: "manager", pin: "5678" });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await appliance?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("the owner manages tills; a manager resets a cashier's PIN", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on("pageerror", (err) => console.error("page error:", err));
    await page.goto(appliance.url);
    await page.getByTestId("login-terminal-1").click();
    await loginAtTill(page, "Martín", "2222");
    await page.getByTestId("nav-settings").click();
    await page.getByTestId("settings-tab-tills").click();
    const tills = page.getByTestId("settings-tills");
    await expect.poll(() => tills.getByTestId("till-row").count()).toBe(2);

    // A new till: a number already taken is refused in the appliance's words, then a free one goes in.
    await tills.getByTestId("till-new-code").fill("2");
    await tills.getByTestId("till-add").click();
    await expect.poll(() => textOf(page, "tills-error")).toBe("Ya existe la caja número 2");
    await tills.getByTestId("till-new-code").fill("3");
    await tills.getByTestId("till-new-name").fill("Barra");
    await tills.getByTestId("till-add").click();
    await expect.poll(() => tills.getByTestId("till-row").count()).toBe(3);

    // Rename Caja 2, retire it; the till this screen is on cannot be retired.
    const caja2 = tills.locator('[data-testid="till-row"][data-code="2"]');
    await caja2.getByTestId("till-name").fill("Depósito");
    await caja2.getByTestId("till-rename").click();
    await expect.poll(() => caja2.getByTestId("till-rename").count()).toBe(0);
    await caja2.getByTestId("till-retire").click();
    await page.getByTestId("confirm-ok").click();
    await expect
      .poll(async () => (await caja2.getByTestId("till-status").textContent()) ?? "")
      .toContain("Dada de baja");
    const caja1 = tills.locator('[data-testid="till-row"][data-code="1"]');
    await caja1.getByTestId("till-retire").click();
    await page.getByTestId("confirm-ok").click();
    await expect
      .poll(() => textOf(page, "tills-error"))
      .toContain("No se puede dar de baja la caja en la que usted está");
    const codes = appliance.ctx.db
      .prepare("SELECT code, name, retired_at IS NOT NULL AS retired FROM terminals ORDER BY code")
      .all();
    expect(codes).toEqual([
      { code: 1, name: "Caja 1", retired: 0 },
      { code: 2, name: "Depósito", retired: 1 },
      { code: 3, name: "Barra", retired: 0 },
    ]);

    // The manager: Personal shows a PIN reset for cashiers only, and nothing else to change.
    await page.getByTestId("nav-logout").click();
    await loginAtTill(page, "Sofía", "5678");
    await page.getByTestId("nav-staff").click();
    const lucia = page.locator('[data-testid="staff-row"][data-name="Lucía"]');
    const martin = page.locator('[data-testid="staff-row"][data-name="Martín"]');
    await expect.poll(() => lucia.getByTestId("staff-reset-pin").count()).toBe(1);
    expect(await martin.getByTestId("staff-reset-pin").count()).toBe(0);
    expect(await page.getByTestId("staff-new").count()).toBe(0);
    expect(await page.getByTestId("staff-toggle-active").count()).toBe(0);
    await lucia.getByTestId("staff-reset-pin").click();
    const dialog = page.getByTestId("pin-reset-dialog");
    await dialog.getByTestId("pin-reset-pin").fill("9753");
    await dialog.getByTestId("pin-reset-pin-again").fill("9753");
    await dialog.getByTestId("pin-reset-save").click();
    await expect.poll(() => dialog.count()).toBe(0);

    await page.getByTestId("nav-logout").click();
    await loginAtTill(page, "Lucía", "9753");
    const audited = appliance.ctx.db
      .prepare(
        "SELECT s.name FROM audit_log a JOIN staff s ON s.id = a.staff_id WHERE a.action = 'staff.pin_reset'",
      )
      .pluck()
      .all();
    expect(audited).toEqual(["Sofía"]);
  }, 90_000);
});
