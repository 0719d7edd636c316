import { existsSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { build } from "vite";
import { DEFAULT_UI_DIR } from "./static-ui.js";

/** Debian's Chromium (Playwright's own download is not available here); the cloud may not import desktop/'s launcher. */
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Headless Chromium for the dashboard's end-to-end test. No background networking (a closed network
 * refuses Google's hosts); --no-sandbox because CI runs as root.
 */
export function launchTestChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * The dashboard as npm start serves it: built by Vite (`npm test` builds it first; a lone run builds it
 * here), served by the cloud at "/". Never rebuilt under other tests that may be serving it.
 */
export async function ensureDashboardBuilt(): Promise<void> {
  if (existsSync(join(DEFAULT_UI_DIR, "index.html"))) return;
  await build({
    configFile: new URL("../../ui/vite.config.ts", import.meta.url).pathname,
    logLevel: "error",
  });
}

/**
 * The patients' booking page (reservar.html) and the widget script (vite.widget.config.ts) as the cloud
 * serves them, built like the dashboard when missing (`npm run build:ui` builds both).
 */
export async function ensureBookingPageBuilt(): Promise<void> {
  if (
    existsSync(join(DEFAULT_UI_DIR, "reservar.html")) &&
    existsSync(join(DEFAULT_UI_DIR, "reservar/widget.js"))
  )
    return;
  for (const config of ["../../ui/vite.config.ts", "../../ui/vite.widget.config.ts"])
    await build({ configFile: new URL(config, import.meta.url).pathname, logLevel: "error" });
}

/** What the dashboard shows under a test id; Intl's no-break space after "$" read as a plain space. */
export const textOf = async (page: Page, testId: string) =>
  ((await page.getByTestId(testId).textContent()) ?? "").replace(/\u00a0/g, " ").trim();
