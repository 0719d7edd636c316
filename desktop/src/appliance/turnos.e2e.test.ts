import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dayKeyIn, nextDayKey, wallTimeUtc } from "@mostrador/contracts/zoned-day";
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

describe("turnos at the desk, end to end in Chromium", () => {
  let dataDir: string;
  let appliance: RunningAppliance;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "mostrador-turnos-e2e-"));
    appliance = await startAppliance({ dataDir, host: "127.0.0.1", port: 0, seedDemo: true });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await appliance?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("the receptionist books a new patient, drags the turno to another hour, is refused an overlapping hour and books a next free one, holds a slot while on the phone, checks her in with her coverage, charges the copay (full price, OSDE's share apart) and a seña'd turno at the till, and sees both in the report", async () => {
    const owner = await demoOwnerApi(appliance);
    await owner("/cash/open", { openingFloat: 1_000_000 });
    const consulta = await owner("/turnos/services", {
      name: "Consulta",
      durationMinutes: 30,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      price: 2_000_000,
      deposit: 0,
      copays: [{ payer: "OSDE", copay: 300_000 }],
    });
    await owner("/turnos/professionals", { name: "Dra. López", serviceIds: [consulta.id], hours: EVERY_DAY });
    // Tomorrow in the shop's zone: always ahead of the minimum notice, whatever the hour the test runs.
    const tomorrow = nextDayKey(dayKeyIn(new Date(), "America/Argentina/Buenos_Aires"));

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const pageErrors: Error[] = [];
    page.on("pageerror", (err) => pageErrors.push(err));
    await page.goto(appliance.url);
    await page.getByTestId("login-terminal-1").click();
    await loginAtTill(page, "Martín", "2222");

    await page.getByTestId("nav-turnos").click();
    await page.getByTestId("agenda-day").fill(tomorrow);
    await page.getByRole("button", { name: `Dar turno ${tomorrow} 10:00` }).click();
    await page.getByTestId("booking-patient").click();
    await page.getByTestId("customer-search").fill("Paula Ríos");
    await expect.poll(() => textOf(page, "customer-results")).toMatch(/Ningún cliente/);
    await page.keyboard.press("Enter");
    await page.getByTestId("customer-create-name").press("Enter");
    await expect.poll(() => textOf(page, "booking-patient")).toBe("Paula Ríos");
    await page.getByTestId("booking-submit").click();
    const booking = page.locator(".agenda-grid .booking").first();
    await expect.poll(() => textOf(page, `slot-${tomorrow}-10:00`)).toMatch(/Paula Ríos · Consulta/);

    // Dragged to 11:30: the turno is there and its old place is free.
    await booking.dragTo(page.getByTestId(`slot-${tomorrow}-11:30`));
    await expect.poll(() => textOf(page, `slot-${tomorrow}-11:30`)).toMatch(/Paula Ríos/);
    expect(await textOf(page, `slot-${tomorrow}-10:00`)).not.toMatch(/Paula/);

    // 11:15 would overlap her: refused with the next free slots, one of them picked and booked.
    await page.getByRole("button", { name: `Dar turno ${tomorrow} 11:15` }).click();
    await page.getByTestId("booking-submit").click();
    await expect.poll(() => textOf(page, "error-text")).toBe("Ya no está disponible");
    await page.getByTestId("next-free").getByRole("button").first().click();
    expect(await page.getByTestId("booking-time").inputValue()).toBe("12:00");
    await page.getByTestId("booking-submit").click();
    await expect.poll(() => textOf(page, `slot-${tomorrow}-12:00`)).toMatch(/Sin paciente · Consulta/);

    // On the phone: 16:00 held for a few minutes (the countdown shows), then confirmed as a booking.
    await page.getByRole("button", { name: `Dar turno ${tomorrow} 16:00` }).click();
    await page.getByTestId("booking-hold").click();
    await expect
      .poll(() => textOf(page, "booking-hold-countdown"))
      .toMatch(/^Reservado para vos: vence en [45]:\d\d$/);
    await page.getByTestId("booking-hold-confirm").click();
    await expect.poll(() => textOf(page, `slot-${tomorrow}-16:00`)).toMatch(/Sin paciente · Consulta/);

    // She arrives: her obra social is recorded, she is checked in and shows in the waiting room.
    await booking.click();
    await page.getByPlaceholder("Obra social / prepaga").fill("OSDE");
    await page.getByPlaceholder("Plan").fill("310");
    await page.getByPlaceholder("N.º de afiliado").fill("61 234567 8");
    await page.getByRole("button", { name: "Guardar" }).click();
    await expect.poll(() => textOf(page, "booking-coverage")).toMatch(/OSDE 310/);
    await page.getByTestId("booking-arrive").click();
    await page.getByTestId("turnos-tab-waiting").click();
    await expect.poll(() => textOf(page, "waiting-room")).toMatch(/Paula Ríos\s*Consulta\s*Dra\. López/);
    await page.getByTestId("turnos-tab-agenda").click();
    await page.getByTestId("agenda-day").fill(tomorrow);
    await booking.click();
    expect(await textOf(page, "booking-state")).toBe("En sala de espera");
    await expect
      .poll(() => textOf(page, "booking-amount-due"))
      .toBe("Copago: $ 3.000,00 · A cobrar: $ 3.000,00");

    // Charged at the till: the Consulta at its full price; OSDE's part settles as "A cargo de obra social"
    // (no discount, no manager PIN), the copay is paid in cash.
    await page.getByTestId("booking-charge").click();
    await expect.poll(() => page.getByTestId("cart-line").count()).toBe(1);
    await expect.poll(() => textOf(page, "cart-total")).toBe("$ 20.000,00");
    expect(await textOf(page, "sale-customer-name")).toBe("Paula Ríos");
    await page.getByTestId("pay-button").click();
    expect(await textOf(page, "pay-booking-coverage")).toBe("$ 17.000,00");
    expect(await textOf(page, "pay-booking-due")).toBe("$ 3.000,00");
    expect(await textOf(page, "pay-remaining")).toBe("$ 3.000,00");
    await page.getByTestId("pay-method-cash").click();
    await page.getByTestId("pay-add").click();
    await page.getByTestId("pay-confirm").click();
    await expect.poll(() => page.getByTestId("receipt-preview").isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => textOf(page, "receipt-preview")).toMatch(/A cargo de obra social/);
    await page.getByTestId("new-sale-button").click();

    // A patient who paid a seña of $ 5.000 when booking: the till shows it paid and charges the rest.
    const seña = await owner("/turnos/bookings", {
      serviceId: consulta.id,
      start: wallTimeUtc(tomorrow, "15:00", "America/Argentina/Buenos_Aires"),
      depositPaid: 500_000,
    });
    await owner(`/turnos/bookings/${seña.id}/arrive`, {});
    await page.getByTestId("nav-turnos").click();
    await page.getByTestId("agenda-day").fill(tomorrow);
    await page.getByTestId(`slot-${tomorrow}-15:00`).locator(".booking").click();
    await page.getByTestId("booking-charge").click();
    await expect.poll(() => textOf(page, "cart-total")).toBe("$ 20.000,00");
    await page.getByTestId("pay-button").click();
    expect(await textOf(page, "pay-booking-deposit")).toBe("$ 5.000,00");
    expect(await textOf(page, "pay-booking-due")).toBe("$ 15.000,00");
    await page.getByTestId("pay-method-cash").click();
    await page.getByTestId("pay-add").click();
    await page.getByTestId("pay-confirm").click();
    await expect.poll(() => textOf(page, "receipt-preview"), { timeout: 10_000 }).toMatch(/Seña ya pagada/);
    await page.getByTestId("new-sale-button").click();

    // Charged once: the turno has no "Cobrar en caja" any more. The report of tomorrow shows both.
    await page.getByTestId("nav-turnos").click();
    await page.getByTestId("agenda-day").fill(tomorrow);
    await page.getByTestId(`slot-${tomorrow}-15:00`).locator(".booking").click();
    await expect.poll(() => textOf(page, "booking-state")).toBe("Atendido");
    expect(await page.getByTestId("booking-charge").count()).toBe(0);
    await page.getByTestId("booking-detail").getByRole("button", { name: "Cerrar" }).click();
    await page.getByTestId("turnos-tab-reports").click();
    await page.getByTestId("report-from").fill(tomorrow);
    await page.getByTestId("report-to").fill(tomorrow);
    await page.getByTestId("report-show").click();
    await expect.poll(() => textOf(page, "report-revenue")).toBe("$ 40.000,00");
    expect(await textOf(page, "report-by-service")).toMatch(/Consulta\s*2\s*\$ 40\.000,00/);
    expect(await textOf(page, "report-by-professional")).toMatch(/Dra\. López/);
    expect(pageErrors).toEqual([]);
  }, 90_000);
});
