import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dayKeyIn, nextDayKey, wallTimeUtc } from "@mostrador/contracts/zoned-day";
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
 * The waitlist at the desk in Chromium: the receptionist puts a patient on the list from the Lista de
 * espera tab, a turno is cancelled, «Ofrecer a la lista de espera» shows her first in line, «Aceptó por
 * teléfono» books her in the freed slot, and the list no longer has her waiting.
 */
describe("the waitlist at the desk", () => {
  let dataDir: string;
  let appliance: RunningAppliance;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "mostrador-turnos-waitlist-e2e-"));
    appliance = await startAppliance({ dataDir, host: "127.0.0.1", port: 0, seedDemo: true });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await appliance?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("adds a patient to the list, offers her a cancelled turno and books it when she accepts by phone", async () => {
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
    await owner("/customers", { name: "Marta Espera", phone: "11 4444-5555" });
    const pedro = await owner("/customers", { name: "Pedro Cancela", phone: "11 4444-6666" });
    const tomorrow = nextDayKey(dayKeyIn(new Date(), TZ));
    await owner("/turnos/bookings", {
      serviceId: consulta.id,
      professionalId: pro.id,
      start: wallTimeUtc(tomorrow, "10:00", TZ),
      customerId: pedro.id,
    });

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const pageErrors: Error[] = [];
    page.on("pageerror", (err) => pageErrors.push(err));
    await page.goto(appliance.url);
    await page.getByTestId("login-terminal-1").click();
    await loginAtTill(page, "Martín", "2222");
    await page.getByTestId("nav-turnos").click();

    // On the list: the patient from the search, a service, any professional.
    await page.getByTestId("turnos-tab-waitlist").click();
    await expect.poll(() => textOf(page, "waitlist-empty")).toBe("Nadie está esperando un turno");
    await page.getByTestId("waitlist-add").click();
    await expect.poll(() => textOf(page, "error-text")).toBe("Elegí el paciente");
    await page.getByTestId("waitlist-patient").click();
    await page.getByTestId("customer-search").fill("Marta");
    await expect.poll(() => textOf(page, "customer-results")).toMatch(/Marta Espera/);
    await page.keyboard.press("Enter");
    await expect.poll(() => textOf(page, "waitlist-patient")).toBe("Marta Espera");
    await page.getByTestId("waitlist-service").selectOption({ label: "Consulta" });
    await page.getByTestId("waitlist-add").click();
    await expect
      .poll(() => textOf(page, "waitlist"))
      .toMatch(/1\s*Marta Espera.*Consulta · Cualquiera.*Esperando/s);
    // The same wait twice is refused, in Spanish.
    await page.getByTestId("waitlist-patient").click();
    await page.getByTestId("customer-search").fill("Marta");
    await expect.poll(() => textOf(page, "customer-results")).toMatch(/Marta Espera/);
    await page.keyboard.press("Enter");
    await page.getByTestId("waitlist-service").selectOption({ label: "Consulta" });
    await page.getByTestId("waitlist-add").click();
    await expect
      .poll(() => textOf(page, "error-text"))
      .toBe("Ese paciente ya está en la lista de espera para eso");

    // Pedro cancels his 10:00: the freed slot is offered to the list, Marta first.
    await page.getByTestId("turnos-tab-agenda").click();
    await page.getByTestId("agenda-day").fill(tomorrow);
    await expect.poll(() => textOf(page, `slot-${tomorrow}-10:00`)).toMatch(/Pedro Cancela/);
    await page.getByTestId(`slot-${tomorrow}-10:00`).locator(".booking").click();
    await page.getByTestId("booking-cancel").click();
    await expect.poll(() => textOf(page, "booking-state")).toBe("Cancelado");
    await page.getByTestId("booking-offer-waitlist").click();
    await expect.poll(() => textOf(page, "freed-slot-offer")).toMatch(/Marta Espera/);
    await page.getByRole("button", { name: "Aceptó por teléfono" }).click();

    // Booked at the desk: the agenda has her at 10:00, and she no longer waits.
    await expect.poll(() => textOf(page, `slot-${tomorrow}-10:00`)).toMatch(/Marta Espera · Consulta/);
    await page.getByTestId("turnos-tab-waitlist").click();
    await expect.poll(() => textOf(page, "waitlist-empty")).toBe("Nadie está esperando un turno");
    expect(pageErrors).toEqual([]);
  }, 90_000);
});
