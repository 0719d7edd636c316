import { type Browser, chromium } from "playwright-core";

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
