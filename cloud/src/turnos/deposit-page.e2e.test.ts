import type { AddressInfo } from "node:net";
import type { OnlineBooked } from "@mostrador/contracts/http/cloud-turnos";
import {
  type FakeMercadoPago,
  startFakeMercadoPago,
} from "@mostrador/platform/mercadopago/fake/fake-mercadopago";
import { redirectMercadoPagoTo } from "@mostrador/platform/mercadopago/fake/redirect";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../core/clock.js";
import { DEFAULT_UI_DIR } from "../dashboard/static-ui.js";
import {
  ensureBookingPageBuilt,
  ensureDashboardBuilt,
  launchTestChromium,
  textOf,
} from "../dashboard/test-chromium.js";
import { OpFactory } from "../ingest/test-ops.js";
import { createMessagingModule, messagingModule } from "../messaging/module.js";
import { cloudModules } from "../modules.js";
import { createPaymentsModule } from "../payments/module.js";
import { buildCloudServer, type CloudServer } from "../server.js";
import { bearer, enrolledAppliance, ingest, ownerWithStore } from "../test-support/test-cloud.js";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import { createTurnosModule } from "./module.js";
import { allotment, clinic, setupOps } from "./test-turnos.js";

const DAY = 86_400_000;
const SECRET = "secretodelwebhook123";

/**
 * A patient books a service with a seña on the booking page in Chromium, at a phone's size: the page sends
 * them to Mercado Pago's checkout (the local fake's, in place of www.mercadopago.com.ar), they pay, MP's
 * signed webhook reaches the cloud, and MP sends them back to their booking: «Seña pagada». A patient
 * who leaves the checkout unpaid finds their booking «Venció» once the hold ran out.
 */
describe("the booking page's seña through Mercado Pago's checkout", () => {
  let db: TestDatabase;
  let app: CloudServer;
  let url: string;
  let fake: FakeMercadoPago;
  let undo: () => void;
  let browser: Browser;
  const clock = new ManualClock(new Date());
  const c = clinic();
  c.consulta.deposit = 500_000;
  let shop: Awaited<ReturnType<typeof ownerWithStore>>;
  const messaging = createMessagingModule({ ...messagingModule.config });
  // The cloud's public URL is known once it listens: MP's back URL and notification URL are built on it.
  const payments = createPaymentsModule({ secrets: messaging.config.secrets, publicUrl: "http://127.0.0.1" });
  const modules = cloudModules.map((m) =>
    m.name === "messaging"
      ? messaging
      : m.name === "payments"
        ? payments
        : m.name === "turnos"
          ? createTurnosModule(messaging, payments)
          : m,
  );

  beforeAll(async () => {
    await ensureBookingPageBuilt();
    await ensureDashboardBuilt();
    db = await createTestDatabase();
    fake = await startFakeMercadoPago();
    undo = redirectMercadoPagoTo(fake.url);
    app = await buildCloudServer(db.sql, { clock, uiDir: DEFAULT_UI_DIR, modules });
    url = (await app.listen({ port: 0, host: "127.0.0.1" })).replace("[::1]", "127.0.0.1");
    payments.config.publicUrl = url;
    const cloud = { app, clock, close: () => app.close() };
    shop = await ownerWithStore(db.sql, cloud, "consultorio-sena");
    const till = await enrolledAppliance(cloud, shop.token, shop.storeId, "Recepción");
    const connect = await app.inject({
      method: "PUT",
      url: "/v1/appliance/mercadopago/account",
      headers: bearer(till.token),
      payload: { accessToken: fake.accessToken, webhookSecret: SECRET },
    });
    expect(connect.statusCode).toBe(200);
    const { port } = app.server.address() as AddressInfo;
    fake.notifyTo(`http://127.0.0.1:${port}/v1/mercadopago/webhooks/${till.tenantId}`, SECRET);
    const from = new Date(Math.floor(clock.now().getTime() / 300_000) * 300_000).toISOString();
    const grant = allotment(c, from, new Date(Date.parse(from) + 13 * DAY).toISOString());
    const f = new OpFactory();
    const res = await ingest(cloud, till.token, [
      ...setupOps(f, c),
      f.op("turno_allotment", grant.id, "granted", grant),
    ]);
    expect(res.statusCode).toBe(200);
    browser = await launchTestChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    undo?.();
    await fake?.close();
    await db?.drop();
  });

  /** A phone-sized page whose trips to www.mercadopago.com.ar are answered by the fake's checkout. */
  const newPage = async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    page.setDefaultTimeout(15_000); // a wait bound for a loaded 2-core machine, not a speed check
    await page.route("https://www.mercadopago.com.ar/**", async (route) => {
      const request = route.request();
      const response = await route.fetch({
        url: fake.checkoutUrl(request.url()),
        maxRedirects: 0,
      });
      await route.fulfill({ response });
    });
    return page;
  };
  const errorsOf = (page: Page) => {
    const errors: string[] = [];
    page.on("pageerror", (err) => errors.push(String(err)));
    return errors;
  };

  /** Service, "cualquiera", the first free time, the patient's details, Reservar: the booking's answer. */
  async function bookOnPage(page: Page, name: string): Promise<OnlineBooked> {
    await page.goto(`${url}/reservar/${shop.storeId}`);
    await page.getByTestId(`booking-service-${c.consulta.id}`).click();
    await page.getByTestId("booking-professional-any").click();
    await page.getByTestId("booking-time").first().click();
    await expect.poll(() => textOf(page, "booking-deposit")).toContain("la pagás con Mercado Pago");
    await page.getByTestId("booking-name").fill(name);
    await page.getByTestId("booking-phone").fill("+54 9 11 5555-0000");
    // The booking's answer, read as it passes (the page navigates away to MP right after it).
    let booked: OnlineBooked | null = null;
    await page.route("**/bookings", async (route) => {
      const response = await route.fetch();
      booked = (await response.json()) as OnlineBooked;
      await route.fulfill({ response });
    });
    await page.getByTestId("booking-submit").click();
    await expect.poll(() => booked).not.toBeNull();
    return booked!;
  }

  it("pays the seña at Mercado Pago's checkout and comes back to «Seña pagada»", async () => {
    const page = await newPage();
    const errors = errorsOf(page);
    const booked = await bookOnPage(page, "Ana Gómez");
    expect(booked.booking).toMatchObject({ state: "held", deposit: { status: "pending", amount: 500_000 } });
    // Straight on to the checkout.
    await expect.poll(() => page.locator("h1").textContent()).toBe("Pagar $5000.00");
    expect(page.url()).toContain("mercadopago.com.ar/checkout/v1/redirect?pref_id=");
    await page.getByRole("button", { name: "Pagar" }).click();
    // Back on their booking, paid (the webhook was re-read before MP sent them back).
    await expect.poll(() => page.url()).toContain(`/reservar/${shop.storeId}/turno/${booked.booking.id}`);
    await expect.poll(() => textOf(page, "booking-deposit-status")).toBe("Seña pagada $ 5.000,00");
    expect(await textOf(page, "booking-details-state")).toBe("Estado: reservado");
    const [row] = await db.owner.query<{ state: string; deposit_status: string }>(
      "SELECT state, deposit_status FROM turno_bookings WHERE id = $1",
      [booked.booking.id],
    );
    expect(row).toEqual({ state: "booked", deposit_status: "paid" });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("a patient who leaves the checkout unpaid finds «Venció» once the hold ran out", async () => {
    const page = await newPage();
    const errors = errorsOf(page);
    const booked = await bookOnPage(page, "Beto Ruiz");
    await expect.poll(() => page.locator("h1").textContent()).toBe("Pagar $5000.00");
    // Their link while the slot still waits: the Mercado Pago button and until when.
    const link = `${url}/reservar/${shop.storeId}/turno/${booked.booking.id}#token=${booked.manageToken}`;
    await page.goto(link);
    await expect.poll(() => textOf(page, "booking-deposit-status")).toContain("Esperando el pago de la seña");
    expect(await page.getByTestId("booking-deposit-pay").getAttribute("href")).toContain("pref_id=");
    clock.advance((c.rules.holdMinutes + 1) * 60_000);
    await page.reload();
    await expect
      .poll(() => textOf(page, "booking-deposit-status"))
      .toBe("Venció: la seña no se pagó a tiempo y el horario se liberó.");
    expect(await textOf(page, "booking-details-state")).toBe("Estado: cancelado");
    expect(await page.getByTestId("booking-deposit-pay").count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  // The owner's «Cobros por link» (cloud/ui/src/paylinks) on the same cloud and fake MP: a link made on the
  // screen, paid at MP's checkout by the buyer, turns «Pagado» on the owner's screen by itself.
  it("the owner makes a payment link on «Cobros por link», the buyer pays it and the screen says «Pagado»", async () => {
    const owner = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    owner.setDefaultTimeout(15_000);
    const errors = errorsOf(owner);
    await owner.goto(url);
    await owner.getByTestId("login-email").fill(shop.email);
    await owner.getByTestId("login-password").fill(shop.password);
    await owner.getByTestId("login-submit").click();
    await owner.getByTestId("nav-payLinks").click();
    await owner.getByTestId("paylinks-title").fill("Torta de cumpleaños");
    await owner.getByTestId("paylinks-amount").fill("0");
    await owner.getByTestId("paylinks-create").click();
    await expect
      .poll(() => textOf(owner, "paylinks-error"))
      .toBe("Escribí un importe en pesos mayor a cero, por ejemplo 1.500,50");
    await owner.getByTestId("paylinks-amount").fill("12.500,50");
    await owner.getByTestId("paylinks-create").click();
    await expect.poll(() => owner.getByTestId("paylinks-created-url").count()).toBe(1);
    const link = await owner.getByTestId("paylinks-created-url").inputValue();
    expect(link).toContain("mercadopago.com.ar/checkout/v1/redirect?pref_id=");
    const whatsapp = await owner
      .getByTestId("paylinks-created")
      .getByTestId("paylink-whatsapp")
      .getAttribute("href");
    expect(decodeURIComponent(whatsapp ?? "").replace(/\u00a0/g, " ")).toContain(
      `Torta de cumpleaños: $ 12.500,50`,
    );
    expect(decodeURIComponent(whatsapp ?? "")).toContain(link);
    await expect.poll(() => textOf(owner, "paylink-state")).toBe("Pendiente");

    const buyer = await newPage();
    await buyer.goto(link);
    await expect.poll(() => buyer.locator("h1").textContent()).toBe("Pagar $12500.50");
    await buyer.getByRole("button", { name: "Pagar" }).click();
    await buyer.close();

    // No reload by hand: the screen reads the list again while a link waits.
    await expect.poll(() => textOf(owner, "paylink-state"), { timeout: 10_000 }).toBe("Pagado");
    expect(await owner.getByTestId("paylink-cancel").count()).toBe(0);
    await owner.getByTestId("language-toggle").click();
    await expect.poll(() => textOf(owner, "paylink-state")).toBe("Paid");
    expect(errors).toEqual([]);
    await owner.close();
  });
});
