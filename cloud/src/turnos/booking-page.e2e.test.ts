import { createServer, type Server } from "node:http";
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { formatTime } from "@mostrador/contracts/format";
import { findCutText, findSmallTargets } from "@mostrador/contracts/layout-probe";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../core/clock.js";
import { DEFAULT_UI_DIR } from "../dashboard/static-ui.js";
import { ensureBookingPageBuilt, launchTestChromium, textOf } from "../dashboard/test-chromium.js";
import { OpFactory } from "../ingest/test-ops.js";
import { buildCloudServer, type CloudServer } from "../server.js";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import { enrolledAppliance, ingest, ownerWithStore } from "../test-support/test-cloud.js";
import { allotment, clinic, setupOps } from "./test-turnos.js";

const BA = "America/Argentina/Buenos_Aires";
const DAY = 86_400_000;

/**
 * A patient books through the widget pasted in the shop's own site (another origin) in Chromium at a
 * phone's size: bad details are named in Spanish and book nothing; a slot taken meanwhile says "Ya no
 * está disponible" with the next free ones; the confirmation gives the link, where they cancel.
 */
describe("the online booking page and its widget", () => {
  let db: TestDatabase;
  let app: CloudServer;
  let url: string;
  let site: Server;
  let siteUrl: string;
  let browser: Browser;
  let sitePage = "";
  // The cloud's clock stands at the real now: the page counts the shop's days from the browser's.
  const clock = new ManualClock(new Date());
  const c = clinic();
  c.consulta.deposit = 500_000;
  let shop: Awaited<ReturnType<typeof ownerWithStore>>;

  const onlineBookings = async () =>
    db.owner.query<{ state: string; patient_name: string; start_at: Date; opt_in: boolean }>(
      `SELECT state, patient_name, start_at, opt_in FROM turno_bookings WHERE origin = 'online' ORDER BY created_at`,
    );

  beforeAll(async () => {
    await ensureBookingPageBuilt();
    db = await createTestDatabase();
    app = await buildCloudServer(db.sql, { clock, uiDir: DEFAULT_UI_DIR });
    url = (await app.listen({ port: 0, host: "127.0.0.1" })).replace("[::1]", "127.0.0.1");
    const cloud = { app, clock, close: () => app.close() };
    shop = await ownerWithStore(db.sql, cloud, "consultorio");
    const till = await enrolledAppliance(cloud, shop.token, shop.storeId, "Recepción");
    await db.owner.query("UPDATE organizations SET rubro = 'salud' WHERE id = $1", [shop.tenantId]);
    // The desk grants the cloud the next 13 days of the professional's time (the page shows 14 at a time).
    const from = new Date(Math.floor(clock.now().getTime() / 300_000) * 300_000).toISOString();
    const grant = allotment(c, from, new Date(Date.parse(from) + 13 * DAY).toISOString());
    const f = new OpFactory();
    const res = await ingest(cloud, till.token, [
      ...setupOps(f, c),
      f.op("turno_allotment", grant.id, "granted", grant),
    ]);
    expect(res.statusCode).toBe(200);
    // The shop's own site, on another origin ("localhost", another port): the snippet goes here.
    site = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(`<!doctype html><html><head><style>iframe{outline:0} body{font:30px serif}</style></head>
        <body><h1>Consultorio Paz</h1><p>Pedí tu turno:</p>${sitePage}<footer>pie</footer></body></html>`);
    });
    await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
    siteUrl = `http://localhost:${(site.address() as AddressInfo).port}/`;
    browser = await launchTestChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => site?.close(resolve));
    await app?.close();
    await db?.drop();
  });

  const newPage = async (viewport = { width: 390, height: 844 }) => {
    const page = await browser.newPage({ viewport });
    page.setDefaultTimeout(15_000); // a wait bound for a loaded 2-core machine, not a speed check
    return page;
  };
  const collectErrors = (page: Page) => {
    const errors: string[] = [];
    page.on("pageerror", (err) => errors.push(String(err)));
    return errors;
  };

  it("the owner copies the widget's snippet from Locales", async () => {
    const page = await newPage({ width: 1280, height: 900 });
    await page.goto(url);
    await page.getByTestId("login-email").fill(shop.email);
    await page.getByTestId("login-password").fill(shop.password);
    await page.getByTestId("login-submit").click();
    await page.getByTestId("nav-stores").click();
    const snippet = page.getByTestId(`booking-snippet-${shop.storeId}`);
    await expect.poll(() => snippet.inputValue()).toContain("/reservar/widget.js");
    sitePage = await snippet.inputValue();
    expect(sitePage).toBe(
      `<script src="${url}/reservar/widget.js" data-store="${shop.storeId}" async></script>`,
    );
    expect(await page.getByTestId(`booking-link-${shop.storeId}`).inputValue()).toBe(
      `${url}/reservar/${shop.storeId}`,
    );
    await page.close();
  });

  it("a patient books in the widget on the shop's site, is offered the next free slots when theirs was taken, and cancels by their link", async () => {
    const page = await newPage();
    const errors = collectErrors(page);
    await page.goto(siteUrl);
    const frame = page.frameLocator("iframe[data-mostrador-reservar]");
    await expect.poll(() => frame.getByTestId("booking-store").textContent()).toBe("Local consultorio");
    // Styled by the shop's rubro (salud: its green accent).
    await expect
      .poll(() =>
        page
          .frameLocator("iframe[data-mostrador-reservar]")
          .locator("html")
          .evaluate((html) => getComputedStyle(html).getPropertyValue("--accent").trim()),
      )
      .toBe("#0a7a6c");
    // The site's 30 px serif did not reach the page inside, nor the page's styles the site.
    expect(await page.locator("h1").evaluate((h) => getComputedStyle(h).fontFamily)).toBe("serif");

    await frame.getByTestId(`booking-service-${c.consulta.id}`).click();
    await frame.getByTestId("booking-professional-any").click();
    // At a phone's size: nothing cut, every control big enough for a finger.
    await frame.getByTestId("booking-time").first().waitFor();
    const inner = page.frames().find((f) => f.url().includes("/reservar/"))!;
    expect(await inner.evaluate(findCutText, { root: "body" })).toEqual([]);
    expect(await inner.evaluate(findSmallTargets, { root: "body", min: 44 })).toEqual([]);
    const first = frame.getByTestId("booking-time").first();
    const start = (await first.getAttribute("data-start"))!;
    await first.click();
    expect(await frame.getByTestId("booking-deposit").textContent()).toContain("seña");
    expect(await inner.evaluate(findSmallTargets, { root: "body", min: 44 })).toEqual([]);

    // Bad details: each field named in Spanish, nothing booked.
    await frame.getByTestId("booking-name").fill("   ");
    await frame.getByTestId("booking-phone").fill("hola");
    await frame.getByTestId("booking-email").fill("ana@");
    await frame.getByTestId("booking-submit").click();
    await expect.poll(() => frame.getByTestId("booking-name-error").textContent()).toBe("Escribí tu nombre");
    expect(await frame.getByTestId("booking-phone-error").textContent()).toContain(
      "El teléfono no es válido",
    );
    expect(await frame.getByTestId("booking-email-error").textContent()).toBe("El email no es válido");
    expect(await onlineBookings()).toEqual([]);

    // Someone else books that slot first (another tab): this patient is told and offered the next ones.
    const other = await app.inject({
      method: "POST",
      url: `/v1/turnos/public/${shop.storeId}/bookings`,
      payload: { serviceId: c.consulta.id, start, name: "Otro", phone: "1155550000", optIn: false },
    });
    expect(other.statusCode).toBe(201);
    await frame.getByTestId("booking-name").fill("Ana Gómez");
    await frame.getByTestId("booking-phone").fill("+54 9 11 5555-0000");
    await frame.getByTestId("booking-email").fill("ana@example.com");
    await frame.getByTestId("booking-submit").click();
    await expect
      .poll(() => frame.getByTestId("booking-taken").textContent())
      .toContain("Ya no está disponible");
    const next = frame.getByTestId("booking-next-free").first();
    const nextStart = (await next.getAttribute("data-start"))!;
    expect(Date.parse(nextStart)).toBeGreaterThan(Date.parse(start));
    await next.click();
    await frame.getByTestId("booking-submit").click();

    // Confirmed: the time in the shop's zone, and the patient's link.
    await expect.poll(() => frame.getByTestId("booking-confirmed").count()).toBe(1);
    expect(await frame.getByTestId("booking-details-when").textContent()).toContain(
      formatTime(nextStart, "es-AR", BA),
    );
    expect(await frame.getByTestId("booking-details-professional").textContent()).toBe(c.pro.name);
    const rows = await onlineBookings();
    expect(rows.map((r) => [r.patient_name, r.state, r.start_at.toISOString(), r.opt_in])).toEqual([
      ["Otro", "booked", start, false],
      ["Ana Gómez", "booked", nextStart, false],
    ]);
    // The page told the site its height: the iframe is no longer its first 640 px.
    await expect
      .poll(() =>
        page.locator("iframe[data-mostrador-reservar]").evaluate((f) => (f as HTMLElement).style.height),
      )
      .not.toBe("640px");
    const link = (await frame.getByTestId("booking-manage-link").getAttribute("href"))!;
    expect(link).toMatch(new RegExp(`^${url}/reservar/${shop.storeId}/turno/[0-9a-f-]+#token=`));

    // The link, on its own: see and cancel.
    const mine = await newPage();
    const mineErrors = collectErrors(mine);
    await mine.goto(link);
    await expect.poll(() => textOf(mine, "booking-details-patient")).toBe("Ana Gómez");
    expect(await textOf(mine, "booking-details-state")).toBe("Estado: reservado");
    await mine.getByTestId("booking-cancel").click();
    await mine.getByTestId("booking-cancel-confirm").click();
    await expect.poll(() => textOf(mine, "booking-notice")).toBe("Tu turno está cancelado.");
    expect(await textOf(mine, "booking-details-state")).toBe("Estado: cancelado");
    expect((await onlineBookings()).map((r) => r.state)).toEqual(["booked", "cancelled"]);
    expect(await mine.getByTestId("booking-cancel").count()).toBe(0);

    // A link with a wrong token shows nothing of the booking.
    await mine.goto(link.replace(/#token=.*/, "#token=otro"));
    await expect
      .poll(() => textOf(mine, "booking-error"))
      .toBe("El turno no existe o el enlace no es válido");
    expect([...errors, ...mineErrors]).toEqual([]);
  });

  it("moves a booking by its link to another free time", async () => {
    const booked = await app.inject({
      method: "POST",
      url: `/v1/turnos/public/${shop.storeId}/bookings`,
      payload: {
        serviceId: c.consulta.id,
        start: await firstFree(),
        name: "Luis",
        phone: "1155551111",
        optIn: true,
      },
    });
    const { booking, manageToken } = booked.json<{
      booking: { id: string; start: string };
      manageToken: string;
    }>();
    const page = await newPage();
    await page.goto(`${url}/reservar/${shop.storeId}/turno/${booking.id}#token=${manageToken}`);
    await page.getByTestId("booking-move").click();
    // Two weeks later (beyond the allotment: nothing free), and back.
    await page.getByTestId("booking-more-days").click();
    await expect.poll(() => textOf(page, "booking-no-slots")).toBe("No hay horarios libres en estos días.");
    await page.getByTestId("booking-earlier-days").click();
    // Any other time of the first day offered (the booking's own is not free any more).
    const later = page.locator(`[data-testid="booking-time"]:not([data-start="${booking.start}"])`).last();
    const to = (await later.getAttribute("data-start"))!;
    await later.click();
    await expect.poll(() => textOf(page, "booking-notice")).toBe("Listo: tu turno cambió de horario.");
    expect(await textOf(page, "booking-details-when")).toContain(formatTime(to, "es-AR", BA));
    const [row] = await db.owner.query<{ start_at: Date }>(
      "SELECT start_at FROM turno_bookings WHERE id = $1",
      [booking.id],
    );
    expect(row!.start_at.toISOString()).toBe(to);
    // In English too.
    await page.getByTestId("booking-language").click();
    expect(await textOf(page, "booking-notice")).toBe("Done: your appointment has a new time.");
    expect(await textOf(page, "booking-details-state")).toBe("Status: booked");
  });

  it("says so in Spanish when the address names no store", async () => {
    const page = await newPage();
    await page.goto(`${url}/reservar/${randomUUID()}`);
    await expect.poll(() => textOf(page, "booking-error")).toContain("El local no existe");
    await page.goto(`${url}/reservar/nada`);
    await expect.poll(() => textOf(page, "booking-unknown")).toContain("no corresponde a ningún local");
  });

  async function firstFree(): Promise<string> {
    const res = await app.inject({
      method: "GET",
      url: `/v1/turnos/public/${shop.storeId}/slots?serviceId=${c.consulta.id}&from=${dayOf(0)}&to=${dayOf(14)}`,
    });
    return res.json<{ slots: { start: string }[] }>().slots[0]!.start;
  }
  const dayOf = (days: number) =>
    new Intl.DateTimeFormat("en-CA", { timeZone: BA }).format(new Date(clock.now().getTime() + days * DAY));
});
