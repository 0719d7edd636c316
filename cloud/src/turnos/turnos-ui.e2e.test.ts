import { findCutText } from "@mostrador/contracts/layout-probe";
import type { OpPayload } from "@mostrador/contracts/sync/ops";
import type { Browser, Page } from "playwright-core";
import { v7 as uuidv7 } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../core/clock.js";
import { DEFAULT_UI_DIR } from "../dashboard/static-ui.js";
import { ensureDashboardBuilt, launchTestChromium, textOf } from "../dashboard/test-chromium.js";
import { OpFactory, salePayload } from "../ingest/test-ops.js";
import { buildCloudServer, type CloudServer } from "../server.js";
import { enrolledAppliance, ingest, ownerWithStore, type TestCloud } from "../test-support/test-cloud.js";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import { AT, clinic, setupOps } from "./test-turnos.js";

type Booking = OpPayload<"turno_booking", "created">;

/** A Buenos Aires wall time "HH:MM" on a day, as a UTC instant (UTC−3). */
const at = (hhmm: string, day: string) => {
  const [h, m] = hhmm.split(":").map(Number);
  return new Date(
    Date.parse(`${day}T00:00:00.000Z`) + ((h ?? 0) + 3) * 3_600_000 + (m ?? 0) * 60_000,
  ).toISOString();
};

/**
 * Turnos on the dashboard in Chromium: a clinic's appliance uploads its setup, bookings (one online) and the
 * sale that charged one; the owner reads the store's agenda (day and week) and the report's figures.
 * The cloud's clock stands at 2026-03-02T12:00Z (Monday 09:00 in Buenos Aires).
 */
describe("the Turnos screen", () => {
  let db: TestDatabase;
  let app: CloudServer;
  let url: string;
  let browser: Browser;
  let shop: Awaited<ReturnType<typeof ownerWithStore>>;
  const clock = new ManualClock(AT);
  const c = clinic();
  const consulta = { ...c.consulta, productId: uuidv7() };
  const booking = (start: string, over: Partial<Booking> = {}): Booking => ({
    id: uuidv7(),
    customerId: null,
    serviceId: consulta.id,
    professionalId: c.pro.id,
    resourceId: null,
    start,
    end: new Date(Date.parse(start) + 30 * 60_000).toISOString(),
    state: "booked",
    holdExpiresAt: null,
    seriesId: null,
    origin: "desk",
    walkIn: false,
    price: 2_000_000,
    depositPaid: 0,
    arrivedAt: null,
    cancelledAt: null,
    cancelledBy: null,
    updatedAt: AT,
    ...over,
  });

  beforeAll(async () => {
    await ensureDashboardBuilt();
    db = await createTestDatabase();
    app = await buildCloudServer(db.sql, { clock, uiDir: DEFAULT_UI_DIR });
    url = (await app.listen({ port: 0, host: "127.0.0.1" })).replace("[::1]", "127.0.0.1");
    const cloud: TestCloud = { app, clock, close: () => app.close() };
    shop = await ownerWithStore(db.sql, cloud, "clinica");
    const till = await enrolledAppliance(cloud, shop.token, shop.storeId, "Recepción");
    const f = new OpFactory();
    const charged = booking(at("10:00", "2026-03-03"), { customerId: uuidv7(), state: "done" });
    const online = booking(at("11:00", "2026-03-03"), { origin: "online", patientName: "Eva Ruiz" });
    const absent = booking(at("15:00", "2026-03-03"), { state: "no_show" });
    const cancelled = booking(at("16:00", "2026-03-03"), {
      state: "cancelled",
      cancelledAt: at("09:00", "2026-03-03"),
    });
    const thursday = booking(at("10:00", "2026-03-05"), { customerId: uuidv7() });
    const sale = {
      ...salePayload([{ productId: consulta.productId, quantity: 1, unitPrice: 2_000_000 }], 1),
      bookingId: charged.id,
    };
    const res = await ingest(cloud, till.token, [
      ...setupOps(f, { ...c, consulta }),
      ...[charged, online, absent, cancelled, thursday].map((b) => f.op("turno_booking", b.id, "created", b)),
      f.op("sale", sale.id, "created", sale),
    ]);
    if (res.statusCode !== 200) throw new Error(res.body);
    // The figures are read after the day: the bookings of Tuesday have passed.
    clock.advance(7 * 24 * 3_600_000);
    browser = await launchTestChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await db?.drop();
  });

  async function openTurnos(viewport = { width: 1280, height: 900 }): Promise<Page> {
    const page = await browser.newPage({ viewport });
    const errors: string[] = [];
    page.on("pageerror", (err) => errors.push(String(err)));
    await page.goto(url);
    await page.getByTestId("login-email").fill(shop.email);
    await page.getByTestId("login-password").fill(shop.password);
    await page.getByTestId("login-submit").click();
    await page.getByTestId("nav-turnos").click();
    await expect.poll(() => page.getByTestId("turnos-agenda").isVisible()).toBe(true);
    expect(errors).toEqual([]);
    return page;
  }

  const rows = (page: Page) =>
    page
      .getByTestId("turnos-booking")
      .evaluateAll((trs) =>
        trs.map((tr) =>
          [...tr.querySelectorAll("td")].map((td) => (td.textContent ?? "").replace(/\u00a0/g, " ")),
        ),
      );

  it("shows a day's agenda (who, when, online or at the desk, state) and the week's", async () => {
    const page = await openTurnos();
    await page.getByTestId("turnos-day").fill("2026-03-03");
    await expect
      .poll(() => rows(page))
      .toEqual([
        // Nobody here can be reached (no phone or email): no reminders.
        ["10:00–10:30", "Dra. Paz", "Consulta", "—", "Recepción", "Atendido", "—"],
        ["11:00–11:30", "Dra. Paz", "Consulta", "Eva Ruiz", "En línea", "Reservado", "—"],
        ["15:00–15:30", "Dra. Paz", "Consulta", "—", "Recepción", "Ausente", "—"],
        ["16:00–16:30", "Dra. Paz", "Consulta", "—", "Recepción", "Cancelado", "—"],
      ]);
    await page.getByTestId("turnos-next").click();
    await expect.poll(() => textOf(page, "turnos-day-2026-03-04")).toContain("No hay turnos.");
    await page.getByTestId("turnos-view-week").click();
    await expect.poll(async () => (await rows(page)).length).toBe(5);
    await expect.poll(() => textOf(page, "turnos-day-2026-03-05")).toContain("10:00–10:30");
    await page.close();
  });

  it("shows the report's figures for the range, in Spanish and in English", async () => {
    const page = await openTurnos();
    await page.getByTestId("turnos-from").fill("2026-03-02");
    await page.getByTestId("turnos-to").fill("2026-03-08");
    await expect.poll(() => textOf(page, "turnos-revenue")).toBe("$ 20.000,00");
    // Tuesday: done, online (passed, not absent), absent; Thursday: passed → 1 of 4.
    expect(await textOf(page, "turnos-no-shows")).toBe("1 de 4 turnos ya pasados");
    expect(await textOf(page, "turnos-no-show-rate")).toBe("25 %");
    expect(await textOf(page, "turnos-patients")).toBe("2 / 0");
    expect(await textOf(page, "turnos-cancellations")).toBe("1");
    expect(await textOf(page, "turnos-notice-from2to24h")).toBe("de 2 a 24 h: 1");
    const tuesday = await page
      .getByTestId("turnos-occupancy-row")
      .evaluateAll((trs) => trs.map((tr) => (tr.textContent ?? "").replace(/\u00a0/g, " ")));
    expect(tuesday.length).toBe(5); // Monday to Friday open
    expect(tuesday[1]).toContain("90 min");
    expect(tuesday[1]).toContain("480 min");
    expect(await textOf(page, "turnos-by-service")).toContain("Consulta");
    // A range the report refuses: its Spanish sentence, then English.
    await page.getByTestId("turnos-from").fill("2026-03-09");
    await expect
      .poll(() => textOf(page, "screen-error"))
      .toContain("La fecha final es anterior a la inicial");
    await page.getByTestId("language-toggle").click();
    await expect.poll(() => textOf(page, "screen-error")).toContain("The end date is before the start date");
    await page.getByTestId("turnos-from").fill("2026-03-02");
    await expect.poll(() => textOf(page, "turnos-no-shows")).toBe("1 of 4 past appointments");
    await page.close();
  });

  it("at 1024×768, the week's agenda and the report show names and figures whole, in both languages", async () => {
    const page = await openTurnos({ width: 1024, height: 768 });
    await page.getByTestId("turnos-day").fill("2026-03-03");
    await page.getByTestId("turnos-view-week").click();
    await page.getByTestId("turnos-from").fill("2026-03-02");
    await page.getByTestId("turnos-to").fill("2026-03-08");
    for (const language of ["es", "en"]) {
      await expect.poll(async () => (await rows(page)).length).toBe(5);
      await expect.poll(() => page.getByTestId("turnos-occupancy-row").count()).toBe(5);
      const offenders = await page.evaluate(findCutText, { root: "body" });
      expect(offenders, `cut text (${language})`).toEqual([]);
      await page.getByTestId("language-toggle").click();
    }
    await page.close();
  });
});
