import { findCutText } from "@mostrador/contracts/layout-probe";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTenant } from "../auth/accounts.js";
import { ManualClock } from "../core/clock.js";
import { DEFAULT_UI_DIR } from "../dashboard/static-ui.js";
import { ensureDashboardBuilt, launchTestChromium, textOf } from "../dashboard/test-chromium.js";
import { OpFactory } from "../ingest/test-ops.js";
import { buildCloudServer, type CloudServer } from "../server.js";
import { createStore } from "../tenancy/stores.js";
import { enrolledAppliance, type TestCloud } from "../test-support/test-cloud.js";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import { cardOp, cardPayload, entryOp, entryPayload } from "./test-cards.js";

/**
 * Tarjetas in Chromium: a bar's cards uploaded through the real ingest route by its enrolled appliance;
 * the owner reads the liability now and at an earlier moment, the day's movements, finds a card and
 * reads its history; a reversed period is refused in Spanish; English too; nothing cut at 1024×768.
 */
describe("the dashboard's Tarjetas screen", () => {
  let db: TestDatabase;
  let app: CloudServer;
  let url: string;
  let browser: Browser;
  const clock = new ManualClock("2026-03-02T15:00:00Z"); // 12:00 in Buenos Aires
  const owner = { email: `duenio-tarjetas-${Date.now()}@example.com`, password: "clave-del-panel-1" };
  const spent = cardPayload({ issuedAt: "2026-03-02T13:00:00.000Z", updatedAt: "2026-03-02T13:00:00.000Z" });
  const lost = cardPayload({ issuedAt: "2026-03-02T13:10:00.000Z", updatedAt: "2026-03-02T13:10:00.000Z" });

  beforeAll(async () => {
    await ensureDashboardBuilt();
    db = await createTestDatabase();
    const { tenantId } = await createTenant(
      db.sql,
      { orgName: "Bar La Noche", ownerEmail: owner.email, password: owner.password },
      clock,
    );
    const store = await createStore(db.sql, tenantId, "Boliche centro", clock);
    app = await buildCloudServer(db.sql, { clock, uiDir: DEFAULT_UI_DIR });
    url = (await app.listen({ port: 0, host: "127.0.0.1" })).replace("[::1]", "127.0.0.1");
    const cloud: TestCloud = { app, clock, close: () => app.close() };
    const login = await fetch(`${url}/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: owner.email, password: owner.password }),
    });
    const { token } = (await login.json()) as { token: string };
    const till = await enrolledAppliance(cloud, token, store.id, "Caja del bar");
    const f = new OpFactory();
    const ops = [
      cardOp(f, spent),
      entryOp(f, entryPayload(spent.id, "topup", 100_000, "2026-03-02T13:00:00.000Z")),
      entryOp(f, entryPayload(spent.id, "charge", -30_000, "2026-03-02T13:30:00.000Z")),
      cardOp(f, lost),
      entryOp(f, entryPayload(lost.id, "topup", 20_000, "2026-03-02T13:10:00.000Z")),
      cardOp(f, { ...lost, status: "blocked", updatedAt: "2026-03-02T14:00:00.000Z" }, "updated"),
    ];
    // Through the real ingest route, over HTTP, as the appliance uploads.
    const res = await fetch(`${url}/v1/ingest`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${till.token}` },
      body: JSON.stringify({ ops }),
    });
    expect(res.status).toBe(200);
    browser = await launchTestChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await db?.drop();
  });

  it("shows the liability now and at a moment, the day's movements and a card's history; refuses a reversed period", async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    const errors: string[] = [];
    page.on("pageerror", (err) => errors.push(String(err)));
    await page.goto(url);
    await page.getByTestId("login-email").fill(owner.email);
    await page.getByTestId("login-password").fill(owner.password);
    await page.getByTestId("login-submit").click();
    await page.getByTestId("nav-cards").click();

    await expect.poll(() => textOf(page, "cards-liability")).toBe("$ 700,00");
    expect(await textOf(page, "cards-blocked")).toBe("$ 200,00");
    expect(await textOf(page, "cards-issued")).toBe("2");
    expect(await textOf(page, "cards-figure-topup-cash")).toContain("$ 1.200,00");
    expect(await textOf(page, "cards-figure-charges")).toContain("$ 300,00");

    // 10:20 at the bar: before the charge and before the block.
    await page.getByTestId("cards-at").fill("2026-03-02T10:20");
    await expect.poll(() => textOf(page, "cards-liability-at")).toBe("$ 1.200,00");

    // A period that ends before it starts: the server's Spanish sentence, and no figures.
    await page.getByTestId("cards-from").fill("2026-03-05");
    await page.getByTestId("cards-to").fill("2026-03-01");
    await expect.poll(() => textOf(page, "screen-error")).toContain("El período empieza después de terminar");
    expect(await page.getByTestId("cards-figures").count()).toBe(0);
    await page.getByTestId("cards-from").fill("");
    await page.getByTestId("cards-to").fill("");
    await expect.poll(() => textOf(page, "cards-figure-charges")).toContain("$ 300,00");

    // Find the spent card by part of its UID and read its history.
    await page.getByTestId("cards-search").fill(spent.uid.slice(-6));
    await expect.poll(() => page.getByTestId("cards-row").count()).toBe(1);
    await page.getByTestId("cards-open").click();
    await expect.poll(() => page.getByTestId("cards-history-row").count()).toBe(2);
    expect(await textOf(page, "cards-history-summary")).toContain("Activa");
    expect(await textOf(page, "cards-history-table")).toContain("Consumo");
    expect(await textOf(page, "cards-history-table")).toContain("$ 700,00");
    expect(await page.evaluate(findCutText, { root: "body" })).toEqual([]);

    await page.getByTestId("cards-search").fill("");
    await expect.poll(() => page.getByTestId("cards-row").count()).toBe(2);
    await page.getByTestId("cards-status").selectOption("blocked");
    // From two rows to one: the filtered answer has arrived.
    await expect.poll(() => page.getByTestId("cards-row").count()).toBe(1);
    expect(await textOf(page, "cards-table")).toContain("Bloqueada");
    expect(await textOf(page, "cards-table")).toContain("$ 200,00");

    await page.getByTestId("language-toggle").click();
    await expect.poll(() => textOf(page, "nav-cards")).toBe("Cards");
    expect(await textOf(page, "cards-table")).toContain("Blocked");
    expect(await textOf(page, "cards-history-table")).toContain("Sale");
    expect(await page.evaluate(findCutText, { root: "body" })).toEqual([]);
    expect(errors).toEqual([]);
  }, 60_000);
});
