import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dayKeyIn, nextDayKey, wallTimeMs } from "@mostrador/contracts/zoned-day";
import { newId } from "@mostrador/kernel/db/ids";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningAppliance, startAppliance } from "./appliance.js";
import { launchChromium } from "./browser.js";
import { demoOwnerApi, loginAtTill, textOf } from "./test-till-page.js";

const TZ = "America/Argentina/Buenos_Aires";
const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({
  weekday,
  kind: "work" as const,
  startMinute: 480,
  endMinute: 1200,
}));

/**
 * A patient's answer to the cloud's reminder, at the desk in Chromium (the whole trip from the WhatsApp
 * fake is sync/src/turnos-reminders.e2e.test.ts): an answer arriving as the turno_answers shape leaves it
 * (a pending row, then turnos.changed) turns the turno confirmed and the open agenda says «confirmó por
 * WhatsApp».
 */
describe("a patient's confirmation in the desk's agenda", () => {
  let dataDir: string;
  let appliance: RunningAppliance;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "mostrador-turnos-answers-e2e-"));
    appliance = await startAppliance({ dataDir, host: "127.0.0.1", port: 0, seedDemo: true });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await appliance?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("shows «confirmó por WhatsApp» once the answer comes down", async () => {
    const owner = await demoOwnerApi(appliance);
    const consulta = await owner("/turnos/services", {
      name: "Consulta",
      durationMinutes: 30,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      price: 2_000_000,
      deposit: 0,
    });
    const pro = await owner("/turnos/professionals", {
      name: "Dra. López",
      serviceIds: [consulta.id],
      hours: EVERY_DAY,
    });
    const tomorrow = nextDayKey(dayKeyIn(new Date(), TZ));
    const start = new Date(wallTimeMs(tomorrow, 600, TZ)).toISOString();
    const booking = await owner("/turnos/bookings", {
      serviceId: consulta.id,
      professionalId: pro.id,
      start,
    });

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const pageErrors: Error[] = [];
    page.on("pageerror", (err) => pageErrors.push(err));
    await page.goto(appliance.url);
    await page.getByTestId("login-terminal-1").click();
    await loginAtTill(page, "Martín", "2222");
    await page.getByTestId("nav-turnos").click();
    await page.getByTestId("agenda-day").fill(tomorrow);
    await expect.poll(() => page.getByTestId(`booking-${String(booking.id)}`).count()).toBe(1);
    expect(await page.getByTestId(`booking-answer-${String(booking.id)}`).count()).toBe(0);

    // What sync/src/download/turno-answers-apply.ts does with the shape's row, then its event.
    appliance.ctx.db
      .prepare(
        `INSERT INTO turno_patient_answers (id, booking_id, answer, channel, booking_start, received_at)
         VALUES (?, ?, 'confirm', 'whatsapp', ?, ?)`,
      )
      .run(newId(), booking.id, start, new Date().toISOString());
    appliance.ctx.bus.emit("turnos.changed", { bookingIds: [String(booking.id)] });

    await expect
      .poll(() => textOf(page, `booking-answer-${String(booking.id)}`), { timeout: 10_000 })
      .toMatch(/confirmó por WhatsApp/);
    await page.getByTestId(`booking-${String(booking.id)}`).click();
    expect(await textOf(page, "booking-state")).toBe("Confirmado");
    expect(await textOf(page, "booking-patient-answer")).toMatch(/confirmó por WhatsApp/);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
