import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_OWNER } from "@mostrador/cloud/demo";
import { type RunningCloud, startCloud } from "@mostrador/cloud/start";
import { type RunningAppliance, startAppliance } from "@mostrador/desktop/appliance/appliance";
import { launchChromium } from "@mostrador/desktop/appliance/browser";
import { readCredentials } from "./upload/upload-state.js";

/** Optional: where to save screenshots of the till's Nube card (e.g. SCREENSHOT_DIR=/tmp/shots). */
const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR;

async function tillAsOwner(browser: Browser, appliance: RunningAppliance): Promise<Page> {
  const till = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await till.goto(appliance.url);
  await till.getByTestId("login-terminal-1").click();
  await till.getByTestId("login-staff-Martín").click(); // the demo shop's owner: settings.edit
  await till.getByTestId("pin-input").fill("2222");
  await till.getByTestId("pin-submit").click();
  await till.getByTestId("nav-settings").click();
  await till.getByTestId("settings-tab-cloud").click();
  return till;
}

/**
 * The pairing a shop does once, by hand: the cloud and the appliance start unpaired; the owner creates a code
 * on the dashboard and types it at the till in Ajustes → Nube; the till shows itself paired and the dashboard
 * lists the appliance, which then reports in.
 */
describe("pairing the till with the cloud from the screens", () => {
  let dirs: string[];
  let cloud: RunningCloud;
  let appliance: RunningAppliance;
  let browser: Browser;

  beforeAll(async () => {
    dirs = [mkdtempSync(join(tmpdir(), "mostrador-cloud-")), mkdtempSync(join(tmpdir(), "mostrador-till-"))];
    cloud = await startCloud({ dataDir: dirs[0] as string, port: 0, host: "127.0.0.1", demo: true });
    appliance = await startAppliance({
      dataDir: dirs[1] as string,
      host: "127.0.0.1",
      port: 0,
      seedDemo: true,
      sync: true,
    });
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await appliance?.close();
    await cloud?.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it("pairs with a code from the dashboard typed at the till, and the dashboard lists the till", async () => {
    const storeId = (cloud.demo as NonNullable<RunningCloud["demo"]>).storeId;

    // An op the cloud refused earlier, as the drainer parks it after a 422 (unpaired, the drainer idles).
    const first = appliance.ctx.db.prepare("SELECT id, seq FROM outbox ORDER BY seq LIMIT 1").get() as {
      id: string;
      seq: number;
    };
    appliance.ctx.db
      .prepare("INSERT INTO outbox_parked (op_id, seq, reason, parked_at) VALUES (?, ?, ?, ?)")
      .run(first.id, first.seq, "producto sin categoría", new Date().toISOString());
    const retryRequested = () =>
      (
        appliance.ctx.db
          .prepare("SELECT retry_requested AS r FROM outbox_parked WHERE op_id = ?")
          .get(first.id) as {
          r: number;
        }
      ).r;

    // The till starts unpaired: the Nube card says so, offers the form and lists the parked op.
    const till = await tillAsOwner(browser, appliance);
    await expect.poll(() => till.getByTestId("cloud-state").getAttribute("data-paired")).toBe("false");
    expect(readCredentials(appliance.ctx.db)).toBeNull();
    const parked = till.getByTestId("cloud-parked-item");
    expect(await parked.count()).toBe(1);
    expect(await parked.textContent()).toContain("producto sin categoría");
    await parked.getByTestId("cloud-parked-retry").click();
    await parked.getByTestId("cloud-parked-retry-requested").waitFor();
    expect(retryRequested()).toBe(1);

    // A typo is named at the till before anything reaches the cloud; nothing is stored.
    await till.getByTestId("cloud-url").fill("nube.ejemplo.com");
    await till.getByTestId("cloud-code").fill("abcd efg0");
    await till.getByTestId("cloud-pair-submit").click();
    expect(await till.getByTestId("cloud-url-error").textContent()).toContain("https://");
    expect(await till.getByTestId("cloud-code-error").textContent()).toContain("0, O, 1, I ni L");

    // A well-formed code the cloud never issued: the cloud's own refusal is shown.
    await till.getByTestId("cloud-url").fill(cloud.url);
    await till.getByTestId("cloud-code").fill("abcdefgh");
    expect(await till.getByTestId("cloud-code").inputValue()).toBe("ABCD EFGH");
    await till.getByTestId("cloud-pair-submit").click();
    await expect
      .poll(() => till.getByTestId("cloud-pair-error").textContent(), { timeout: 15_000 })
      .toContain("no existe");
    expect(readCredentials(appliance.ctx.db)).toBeNull();
    if (SCREENSHOT_DIR) {
      await till.getByTestId("settings-cloud").scrollIntoViewIfNeeded();
      await till.screenshot({ path: join(SCREENSHOT_DIR, "till-nube-refused.png") });
    }

    // The owner asks the dashboard for a pairing code.
    const dash = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await dash.goto(cloud.url);
    await dash.getByTestId("login-email").fill(DEMO_OWNER.email);
    await dash.getByTestId("login-password").fill(DEMO_OWNER.password);
    await dash.getByTestId("login-submit").click();
    await dash.getByTestId("nav-stores").click();
    await dash.getByTestId(`pair-${storeId}`).click();
    const shown = (await dash.getByTestId("pairing-code").textContent()) ?? "";
    expect(shown).toMatch(/^[A-Z2-9]{4} [A-Z2-9]{4}$/);
    expect(await dash.getByTestId("pairing-code-expiry").textContent()).toContain("Ajustes → Nube");

    // Typed at the till as shown (lowercase here, with the space): the till pairs.
    await till.getByTestId("cloud-code").fill(shown.toLowerCase());
    await till.getByTestId("cloud-pair-submit").click();
    await expect
      .poll(() => till.getByTestId("cloud-state").getAttribute("data-paired"), { timeout: 20_000 })
      .toBe("true");
    expect(await till.getByTestId("cloud-current-url").textContent()).toBe(cloud.url);
    const creds = readCredentials(appliance.ctx.db);
    expect(creds?.storeId).toBe(storeId);
    // The drainer picks the credential up and uploads the demo shop's outbox: the till shows a sync time.
    await expect
      .poll(async () => (await till.getByTestId("cloud-last-sync").textContent()) ?? "", { timeout: 30_000 })
      .toMatch(/\d{1,2}:\d{2}/);
    if (SCREENSHOT_DIR) await till.screenshot({ path: join(SCREENSHOT_DIR, "till-nube-paired.png") });

    // The dashboard lists the appliance under the store, online once it has reported in.
    const applianceId = creds?.applianceId as string;
    await expect
      .poll(
        async () => {
          // The stores screen loads once per visit: leave and come back to read it again.
          await dash.getByTestId("nav-sales").click();
          await dash.getByTestId("nav-stores").click();
          const state = dash.getByTestId(`appliance-state-${applianceId}`);
          return state
            .waitFor({ timeout: 3000 })
            .then(() => state.textContent())
            .catch(() => null);
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toMatch(/en línea|online/i);
    expect(await dash.getByTestId(`store-${storeId}`).textContent()).toContain("Mostrador");

    // Re-pairing asks first; cancelling keeps the current credential.
    await till.getByTestId("cloud-repair").click();
    expect(await till.getByTestId("cloud-url").inputValue()).toBe(cloud.url);
    await till.getByTestId("cloud-code").fill(shown);
    await till.getByTestId("cloud-pair-submit").click();
    await till.getByTestId("cloud-repair-dialog").waitFor();
    if (SCREENSHOT_DIR) await till.screenshot({ path: join(SCREENSHOT_DIR, "till-nube-repair.png") });
    await till.getByTestId("cloud-repair-cancel").click();
    expect(await till.getByTestId("cloud-repair-dialog").count()).toBe(0);
    expect(readCredentials(appliance.ctx.db)?.token).toBe(creds?.token);

    // Confirming with the code already used: the cloud refuses, and the till keeps its pairing.
    await till.getByTestId("cloud-pair-submit").click();
    await till.getByTestId("cloud-repair-confirm").click();
    await expect
      .poll(() => till.getByTestId("cloud-pair-error").textContent(), { timeout: 15_000 })
      .toContain("ya se usó");
    expect(readCredentials(appliance.ctx.db)?.token).toBe(creds?.token);
    expect(await till.getByTestId("cloud-state").getAttribute("data-paired")).toBe("true");
  }, 150_000);
});
