import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dayKeyIn, nextDayKey, wallTimeUtc, wallTimeMs } from "@mostrador/contracts/zoned-day";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningAppliance, startAppliance } from "./appliance.js";
import { launchChromium } from "./browser.js";
import { demoOwnerApi, loginAtTill, textOf } from "./test-till-page.js";
import { newId } from "@mostrador/kernel/db/ids";

const TZ = "America/Argentina/Buenos_Aires";
const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({
  weekday,
  kind: "work" as const,
  startMinute: 480,
  endMinute: 1200,
}));

/**
 * Turnos at the desk in Chromium, each part on its own demo appliance with one browser for all of them:
 * one file instead of four, so the appliance's import and Chromium's start are paid once.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

describe("turnos at the desk, end to end in Chromium", () => {
  let dataDir: string;
  let appliance: RunningAppliance;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "mostrador-turnos-e2e-"));
    appliance = await startAppliance({ dataDir, host: "127.0.0.1", port: 0, seedDemo: true });
  }, 60_000);

  afterAll(async () => {
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

/**
 * "Turnos en línea" at the desk in Chromium (the cloud's side is sync/src/turnos.e2e.test.ts): the
 * manager gives tomorrow of a professional to the cloud, a reversed period is refused in Spanish and
 * changes nothing, the desk can no longer book there, and the allotment is asked back.
 */
describe("turnos en línea at the desk, in Chromium", () => {
  let dataDir: string;
  let appliance: RunningAppliance;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "mostrador-turnos-online-e2e-"));
    appliance = await startAppliance({ dataDir, host: "127.0.0.1", port: 0, seedDemo: true });
  }, 60_000);

  afterAll(async () => {
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

/**
 * The waitlist at the desk in Chromium: the receptionist puts a patient on the list from the Lista de
 * espera tab, a turno is cancelled, «Ofrecer a la lista de espera» shows her first in line, «Aceptó por
 * teléfono» books her in the freed slot, and the list no longer has her waiting.
 */
describe("the waitlist at the desk", () => {
  let dataDir: string;
  let appliance: RunningAppliance;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "mostrador-turnos-waitlist-e2e-"));
    appliance = await startAppliance({ dataDir, host: "127.0.0.1", port: 0, seedDemo: true });
  }, 60_000);

  afterAll(async () => {
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
    // Until the search's own answer shows: the list before it (every patient) would give Enter to Pedro.
    await expect
      .poll(async () => {
        const results = await textOf(page, "customer-results");
        return results.includes("Marta Espera") && !results.includes("Pedro Cancela");
      })
      .toBe(true);
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
    await expect
      .poll(async () => {
        const results = await textOf(page, "customer-results");
        return results.includes("Marta Espera") && !results.includes("Pedro Cancela");
      })
      .toBe(true);
    await page.keyboard.press("Enter");
    await expect.poll(() => textOf(page, "waitlist-patient")).toBe("Marta Espera");
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

/**
 * A patient's answer to the cloud's reminder, at the desk in Chromium (the whole trip from the WhatsApp
 * fake is sync/src/turnos-reminders.e2e.test.ts): an answer arriving as the turno_answers shape leaves it
 * (a pending row, then turnos.changed) turns the turno confirmed and the open agenda says «confirmó por
 * WhatsApp».
 */
describe("a patient's confirmation in the desk's agenda", () => {
  let dataDir: string;
  let appliance: RunningAppliance;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "mostrador-turnos-answers-e2e-"));
    appliance = await startAppliance({ dataDir, host: "127.0.0.1", port: 0, seedDemo: true });
  }, 60_000);

  afterAll(async () => {
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
