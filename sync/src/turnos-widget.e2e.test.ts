import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dayKeyIn, nextDayKey, wallTimeMs } from "@mostrador/contracts/zoned-day";
import { getSettings } from "@mostrador/kernel/shop/settings";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "@mostrador/cloud/core/clock";
import { ensureBookingPageBuilt } from "@mostrador/cloud/dashboard/test-chromium";
import { type RunningCloud, startCloud } from "@mostrador/cloud/start";
import { createPairingCode } from "@mostrador/cloud/tenancy/pairing";
import { type RunningAppliance, startAppliance } from "@mostrador/desktop/appliance/appliance";
import { launchChromium } from "@mostrador/desktop/appliance/browser";
import { demoOwnerApi, loginAtTill, textOf } from "@mostrador/desktop/appliance/test-till-page";
import { enrollAppliance } from "./upload/enroll.js";

const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({
  weekday,
  kind: "work" as const,
  startMinute: 480,
  endMinute: 1200,
}));

/**
 * Issue 17's "an online booking through the widget appears at the desk within seconds": the whole
 * appliance and the embedded cloud, the widget pasted in a shop's site on another origin, the patient
 * booking in Chromium, and the receptionist's agenda (open in another Chromium page) showing it.
 */
describe("a booking through the widget reaches the desk's agenda", () => {
  let dirs: string[];
  let cloud: RunningCloud;
  let appliance: RunningAppliance;
  let site: Server;
  let browser: Browser;
  let storeId: string;

  beforeAll(async () => {
    await ensureBookingPageBuilt();
    dirs = ["cloud", "desk"].map((n) => mkdtempSync(join(tmpdir(), `mostrador-widget-${n}-`)));
    cloud = await startCloud({ dataDir: dirs[0] as string, port: 0, host: "127.0.0.1", demo: true });
    const demo = cloud.demo as NonNullable<RunningCloud["demo"]>;
    storeId = demo.storeId;
    appliance = await startAppliance({
      dataDir: dirs[1] as string,
      host: "127.0.0.1",
      port: 0,
      mqttPort: 0,
      seedDemo: true,
      sync: true,
    });
    const { code } = await createPairingCode(cloud.sql, demo.tenantId, demo.storeId, systemClock);
    await enrollAppliance(appliance.ctx, { cloudUrl: cloud.url, code, name: "Recepción" });
    site = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(`<!doctype html><html><body><h1>Clínica del barrio</h1>
        <script src="${cloud.url}/reservar/widget.js" data-store="${demo.storeId}" async></script></body></html>`);
    });
    await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => site?.close(resolve));
    await appliance?.close();
    await cloud?.close();
    for (const dir of dirs ?? []) rmSync(dir, { recursive: true, force: true });
  });

  it("the patient books tomorrow in the widget and the desk's agenda shows them within seconds", async () => {
    const owner = await demoOwnerApi(appliance);
    const consulta = await owner("/turnos/services", {
      name: "Consulta clínica",
      durationMinutes: 30,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      price: 2_500_000,
      deposit: 0,
    });
    const pro = await owner("/turnos/professionals", {
      name: "Dra. Suárez",
      serviceIds: [consulta.id],
      hours: EVERY_DAY,
    });
    const tz = getSettings(appliance.ctx.db).timeZone;
    const tomorrow = nextDayKey(dayKeyIn(new Date(), tz));
    const at = (minute: number, day = tomorrow) => new Date(wallTimeMs(day, minute, tz)).toISOString();
    await owner("/turnos/allotments", {
      professionalId: pro.id,
      from: at(0),
      to: at(0, nextDayKey(tomorrow)),
    });

    // The receptionist's agenda, tomorrow, for this professional; the grant held by the cloud.
    const desk = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    desk.setDefaultTimeout(10_000);
    await desk.goto(appliance.url);
    await desk.getByTestId("login-terminal-1").click();
    await loginAtTill(desk, "Martín", "2222");
    await desk.getByTestId("nav-turnos").click();
    // The cloud offers the slot once the grant is held (its answer down the shape).
    const offered = async () => {
      const res = await fetch(
        `${cloud.url}/v1/turnos/public/${storeId}/slots?serviceId=${consulta.id}&from=${tomorrow}&to=${tomorrow}`,
      );
      return res.ok ? ((await res.json()) as { slots: { start: string }[] }).slots.map((x) => x.start) : [];
    };
    await expect.poll(offered, { timeout: 20_000 }).toContain(at(600));
    await desk.getByTestId("turnos-tab-agenda").click();
    await desk.getByTestId("agenda-professional").selectOption(String(pro.id));
    await desk.getByTestId("agenda-day").fill(tomorrow);

    // The patient, on the shop's site at a phone's size.
    const patient = await browser.newPage({ viewport: { width: 390, height: 844 } });
    patient.setDefaultTimeout(10_000);
    const errors: string[] = [];
    patient.on("pageerror", (err) => errors.push(String(err)));
    await patient.goto(`http://localhost:${(site.address() as AddressInfo).port}/`);
    const frame = patient.frameLocator("iframe[data-mostrador-reservar]");
    await frame.getByTestId(`booking-service-${consulta.id}`).click();
    await frame.getByTestId("booking-professional-any").click();
    await frame.getByTestId(`booking-day-${tomorrow}`).click();
    await frame.locator(`[data-testid="booking-time"][data-start="${at(600)}"]`).click();
    await frame.getByTestId("booking-name").fill("Lucía Widget");
    await frame.getByTestId("booking-phone").fill("+54 11 4444-1234");
    await frame.getByTestId("booking-submit").click();
    const link = (await frame.getByTestId("booking-manage-link").getAttribute("href"))!;
    const bookingId = /\/turno\/([^#]+)#/.exec(link)![1]!;

    // At the desk, without touching anything: the agenda re-reads when the booking comes down.
    await expect.poll(() => desk.getByTestId(`booking-${bookingId}`).count(), { timeout: 15_000 }).toBe(1);
    expect(await textOf(desk, `booking-${bookingId}`)).toContain("Lucía Widget");
    expect(errors).toEqual([]);
  }, 180_000);
});
