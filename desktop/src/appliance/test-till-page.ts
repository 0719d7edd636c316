import type { Page } from "playwright-core";
import { expect } from "vitest";

/** What the till shows under a test id, with Intl's no-break spaces as plain ones ("$ 1.234,50"). */
export const textOf = async (page: Page, testId: string) =>
  ((await page.getByTestId(testId).first().textContent()) ?? "").replace(/\u00a0/g, " ").trim();

/** The test id of the element that has the keyboard (the scanner types wherever that is). */
export const focusedTestId = (page: Page) =>
  page.evaluate(() => document.activeElement?.getAttribute("data-testid"));

/** Logs in on the till's screen as a person would: their tile, their PIN, until the nav shows them. */
export async function loginAtTill(page: Page, staffName: string, pin: string): Promise<void> {
  await page.getByTestId(`login-staff-${staffName}`).click();
  await page.getByTestId("pin-input").fill(pin);
  await page.getByTestId("pin-submit").click();
  await expect.poll(() => page.getByTestId("nav-who").isVisible(), { timeout: 10_000 }).toBe(true);
}

/** A barcode scanner: types the code into the focused scan field and presses Enter. */
export async function scanAtTill(page: Page, code: string): Promise<void> {
  await expect.poll(() => focusedTestId(page)).toBe("scan-input");
  await page.keyboard.type(code);
  await page.keyboard.press("Enter");
}
