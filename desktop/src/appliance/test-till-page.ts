import type { Page } from "playwright-core";
import type { Ctx } from "@mostrador/kernel/core/context";
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

/**
 * A keyboard-wedge card reader (or a barcode scanner) typing `text` and Enter into the focused element as
 * one burst, its keys `gapMs` apart by their own timestamps (CDP Input.dispatchKeyEvent `timestamp`, which
 * becomes the DOM event's timeStamp). page.keyboard.type stamps each key when the browser gets it, and on a
 * loaded 2-core machine that is often more than the 35 ms the screens' WedgeBurst allows a reader, so a
 * reader's burst was read as typing by hand. The burst ends now: its first key is stamped in the past.
 */
export async function typeAsReader(page: Page, text: string, gapMs = 5): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const keys = [...text, "Enter"];
  const end = Date.now() / 1000;
  try {
    for (const [i, key] of keys.entries()) {
      const timestamp = end - ((keys.length - 1 - i) * gapMs) / 1000;
      const enter = key === "Enter";
      const keyCode = enter ? 13 : key.toUpperCase().charCodeAt(0);
      const common = { key, windowsVirtualKeyCode: keyCode, timestamp };
      await cdp.send("Input.dispatchKeyEvent", { type: "keyDown", text: enter ? "\r" : key, ...common });
      await cdp.send("Input.dispatchKeyEvent", { type: "keyUp", ...common });
    }
  } finally {
    await cdp.detach();
  }
}

/** POSTs to the appliance's API as one logged-in person; answers the JSON body, throws on a refusal. */
export type ApiPost = (path: string, body: unknown) => Promise<Record<string, unknown>>;

/**
 * The demo shop's owner (Martín, PIN 2222) logged in on till 1 over HTTP: for the set-up an end-to-end test
 * needs but is not about (a sale to return, reprint or back up), so the screens under test stay the subject.
 */
export async function demoOwnerApi(appliance: { url: string; ctx: Ctx }): Promise<ApiPost> {
  const db = appliance.ctx.db;
  const owner = db.prepare("SELECT id FROM staff WHERE name LIKE 'Martín%'").get() as { id: string };
  const terminal = db.prepare("SELECT id FROM terminals WHERE code = 1").get() as { id: string };
  const post = async (path: string, body: unknown, token?: string) => {
    const res = await fetch(`${appliance.url}/api${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };
  const { token } = (await post("/auth/login", {
    staffId: owner.id,
    pin: "2222",
    terminalId: terminal.id,
  })) as {
    token: string;
  };
  return (path, body) => post(path, body, token);
}
