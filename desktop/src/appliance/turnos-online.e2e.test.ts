import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dayKeyIn, nextDayKey } from "@mostrador/contracts/zoned-day";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningAppliance, startAppliance } from "./appliance.js";
import { launchChromium } from "./browser.js";
import { demoOwnerApi, loginAtTill, textOf } from "./test-till-page.js";

const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({
  weekday,
  kind: "work" as const,
  startMinute: 480,
  endMinute: 1200,
}));

/**
 * "Turnos en línea" at the desk in Chromium (the cloud's side is sync/src/turnos.e2e.test.ts): the
 * manager gives tomorrow of a professional to the cloud, a reversed period is refused in Spanish and
 * changes nothing, the desk can no longer book there, and the allotment is asked back.
 */
describe("turnos en línea at the desk, in Chromium", () => {
  let dataDir: string;
  let appliance: RunningAppliance;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "mostrador-turnos-online-e2e-"));
    appliance = await startAppliance({ dataDir, host: "127.0.0.1", port: 0, seedDemo: true });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await appliance?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("grants a period of days, refuses a reversed one, blocks those hours at the desk and asks them back", async () => {
    const owner = await demoOwnerApi(appliance);
    const consulta = await owner("/turnos/services", {
      name: "Consulta",
      durationMinutes: 30,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      price: 2_000_000,
      deposit: 0,
    });
    await owner("/turnos/professionals", { name: "Dra. López", serviceIds: [consulta.id], hours: EVERY_DAY });
    const tomorrow = nextDayKey(dayKeyIn(new Date(), "America/Argentina/Buenos_Aires"));

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const pageErrors: Error[] = [];
    page.on("pageerror", (err) => pageErrors.push(err));
    await page.goto(appliance.url);
    await page.getByTestId("login-terminal-1").click();
    await loginAtTill(page, "Martín", "2222");
    await page.getByTestId("nav-turnos").click();
    await page.getByTestId("turnos-tab-online").click();
    await expect.poll(() => textOf(page, "turnos-online")).toMatch(/Todavía no diste horarios/);
    // How señas are taken online, and how long the slot waits (the rules' hold minutes).
    expect(await textOf(page, "turnos-online-deposits")).toMatch(
      /paga la seña en línea al reservar; el horario lo espera \d+ min/,
    );

    // A period that ends before it starts: refused here, nothing granted.
    await page.getByTestId("online-mode-range").check();
    await page.getByTestId("online-from").fill(nextDayKey(tomorrow));
    await page.getByTestId("online-to").fill(tomorrow);
    await page.getByTestId("online-grant").click();
    await expect.poll(() => textOf(page, "error-text")).toMatch(/la final no puede ser anterior/);
    expect(await page.getByTestId("online-allotment").count()).toBe(0);

    await page.getByTestId("online-from").fill(tomorrow);
    await page.getByTestId("online-grant").click();
    await expect.poll(() => page.getByTestId("online-allotment").count()).toBe(1);
    // Not enrolled to a cloud: it stays "sending" (the cloud's answer is what makes it "online").
    expect(await textOf(page, "online-allotment-state")).toBe("Enviando a la nube");

    // The desk is refused inside it.
    const refused = await fetch(`${appliance.url}/api/turnos/bookings`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: await ownerToken(appliance) },
      body: JSON.stringify({
        serviceId: consulta.id,
        start: `${tomorrow}T13:00:00.000Z`,
      }),
    });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("slot_allotted");

    await page.getByTestId("online-reclaim").click();
    await expect.poll(() => textOf(page, "online-allotment-state")).toBe("Volviendo");
    expect(pageErrors).toEqual([]);
  });
});

/** A bearer header of the demo's owner. */
async function ownerToken(appliance: RunningAppliance): Promise<string> {
  const db = appliance.ctx.db;
  const owner = db.prepare("SELECT id FROM staff WHERE name LIKE 'Martín%'").get() as { id: string };
  const terminal = db.prepare("SELECT id FROM terminals WHERE code = 1").get() as { id: string };
  const res = await fetch(`${appliance.url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ staffId: owner.id, pin: "2222", terminalId: terminal.id }),
  });
  return `Bearer ${((await res.json()) as { token: string }).token}`;
}
