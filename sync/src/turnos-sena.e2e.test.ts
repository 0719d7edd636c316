import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { OnlineBooked } from "@mostrador/contracts/http/cloud-turnos";
import { dayKeyIn, nextDayKey, wallTimeMs } from "@mostrador/contracts/zoned-day";
import { getSettings } from "@mostrador/kernel/shop/settings";
import {
  type FakeMercadoPago,
  startFakeMercadoPago,
} from "@mostrador/platform/mercadopago/fake/fake-mercadopago";
import { redirectMercadoPagoTo } from "@mostrador/platform/mercadopago/fake/redirect";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "@mostrador/cloud/core/clock";
import { type RunningCloud, startCloud } from "@mostrador/cloud/start";
import { createPairingCode } from "@mostrador/cloud/tenancy/pairing";
import { type RunningAppliance, startAppliance } from "@mostrador/desktop/appliance/appliance";
import { launchChromium } from "@mostrador/desktop/appliance/browser";
import { demoOwnerApi, loginAtTill, textOf } from "@mostrador/desktop/appliance/test-till-page";
import { getBooking } from "@mostrador/desktop/turnos/bookings";
import { bookingCharge } from "@mostrador/desktop/turnos/charges";
import { enrollAppliance } from "./upload/enroll.js";

const SECRET = "secretodelwebhook123";
const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({
  weekday,
  kind: "work" as const,
  startMinute: 480,
  endMinute: 1200,
}));

/**
 * Issue 17's seña, end to end: the shop connects Mercado Pago at the desk, a patient books online a
 * service with a seña and pays its link at the (fake) MP, whose signed webhook reaches the embedded cloud;
 * the paid booking comes down to the desk, where the agenda and the booking's dialog (check-in and the
 * charge at the till) say "Seña pagada $ 5.000,00" and the till is asked only the rest.
 */
describe("a seña paid online reaches the desk", () => {
  let dirs: string[];
  let cloud: RunningCloud;
  let appliance: RunningAppliance;
  let mp: FakeMercadoPago;
  let undo: () => void;
  let browser: Browser;

  beforeAll(async () => {
    mp = await startFakeMercadoPago();
    // Appliance and cloud run in this process: both reach "api.mercadopago.com" at the fake.
    undo = redirectMercadoPagoTo(mp.url);
    dirs = ["cloud", "desk"].map((n) => mkdtempSync(join(tmpdir(), `mostrador-sena-${n}-`)));
    cloud = await startCloud({ dataDir: dirs[0] as string, port: 0, host: "127.0.0.1", demo: true });
    const demo = cloud.demo as NonNullable<RunningCloud["demo"]>;
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
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await appliance?.close();
    await cloud?.close();
    undo?.();
    await mp?.close();
    for (const dir of dirs ?? []) rmSync(dir, { recursive: true, force: true });
  });

  it("pay the seña at MP → booked in the cloud → at the desk with «Seña pagada», deducted at the till", async () => {
    const storeId = (cloud.demo as NonNullable<RunningCloud["demo"]>).storeId;
    const owner = await demoOwnerApi(appliance);
    // Mercado Pago connected at the desk (Ajustes): the cloud gets the seller's token and webhook secret.
    await owner("/mercadopago/account", {
      accessToken: mp.accessToken,
      webhookSecret: SECRET,
      location: {
        streetName: "Av. Corrientes",
        streetNumber: "1234",
        cityName: "CABA",
        stateName: "Capital Federal",
        latitude: -34.6037,
        longitude: -58.3816,
      },
    });
    const db = appliance.ctx.db;
    const hook = async () =>
      (db.prepare("SELECT webhook_url AS u FROM mercadopago_relay").get() as { u: string } | undefined)?.u;
    await expect.poll(hook, { timeout: 20_000 }).toMatch(/\/v1\/mercadopago\/webhooks\//);
    mp.notifyTo(`${cloud.url}${new URL((await hook())!).pathname}`, SECRET);

    const consulta = await owner("/turnos/services", {
      name: "Consulta con seña",
      durationMinutes: 30,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      price: 2_500_000,
      deposit: 500_000,
    });
    const pro = await owner("/turnos/professionals", {
      name: "Dra. Seña",
      serviceIds: [consulta.id],
      hours: EVERY_DAY,
    });
    const tz = getSettings(db).timeZone;
    const tomorrow = nextDayKey(dayKeyIn(new Date(), tz));
    const at = (minute: number, day = tomorrow) => new Date(wallTimeMs(day, minute, tz)).toISOString();
    await owner("/turnos/allotments", {
      professionalId: pro.id,
      from: at(0),
      to: at(0, nextDayKey(tomorrow)),
    });
    const offered = async () => {
      const res = await fetch(
        `${cloud.url}/v1/turnos/public/${storeId}/slots?serviceId=${String(consulta.id)}&from=${tomorrow}&to=${tomorrow}`,
      );
      return res.ok ? ((await res.json()) as { slots: { start: string }[] }).slots.map((x) => x.start) : [];
    };
    await expect.poll(offered, { timeout: 20_000 }).toContain(at(600));

    // The patient books: held, with the link to pay.
    const res = await fetch(`${cloud.url}/v1/turnos/public/${storeId}/bookings`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        serviceId: consulta.id,
        start: at(600),
        name: "Lucía Seña",
        phone: "+54 11 4444-1234",
        optIn: false,
      }),
    });
    expect(res.status).toBe(201);
    const booked = (await res.json()) as OnlineBooked;
    expect(booked.booking).toMatchObject({ state: "held", deposit: { status: "pending", amount: 500_000 } });
    const id = booked.booking.id;

    // She pays at MP; the webhook is re-read by the cloud, which books it.
    const { delivery } = await mp.payPreference(
      new URL(booked.booking.deposit.paymentUrl!).searchParams.get("pref_id")!,
    );
    expect(delivery?.status).toBe(200);

    // Down to the desk with the seña: the till is asked the price less the seña.
    const atDesk = () => db.prepare("SELECT 1 FROM turno_bookings WHERE id = ?").get(id) !== undefined;
    await expect.poll(atDesk, { timeout: 15_000 }).toBe(true);
    expect(getBooking(db, id)).toMatchObject({
      state: "booked",
      origin: "online",
      depositPaid: 500_000,
      onlineDeposit: { status: "paid" },
    });
    expect(getBooking(db, id).onlineDeposit?.paymentId).toMatch(/^\d+$/);
    expect(bookingCharge(db, id)).toMatchObject({ depositApplied: 500_000, amountDue: 2_000_000 });

    // The receptionist's agenda and the booking's dialog (check-in, charge) say so.
    const desk = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    desk.setDefaultTimeout(10_000);
    const errors: string[] = [];
    desk.on("pageerror", (err) => errors.push(String(err)));
    await desk.goto(appliance.url);
    await desk.getByTestId("login-terminal-1").click();
    await loginAtTill(desk, "Martín", "2222");
    await desk.getByTestId("nav-turnos").click();
    await desk.getByTestId("turnos-tab-agenda").click();
    await desk.getByTestId("agenda-professional").selectOption(String(pro.id));
    await desk.getByTestId("agenda-day").fill(tomorrow);
    await expect.poll(() => textOf(desk, `online-deposit-${id}`)).toBe("Seña pagada $ 5.000,00");
    await desk.getByTestId(`booking-${id}`).click();
    await expect.poll(() => textOf(desk, "booking-summary")).toContain("Seña pagada $ 5.000,00");
    await expect.poll(() => textOf(desk, "booking-amount-due")).toContain("$ 20.000,00");
    expect(errors).toEqual([]);
  }, 180_000);
});
