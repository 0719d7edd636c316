import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "@mostrador/cloud/core/clock";
import { DEMO_OWNER } from "@mostrador/cloud/demo";
import { type RunningCloud, startCloud } from "@mostrador/cloud/start";
import { createPairingCode } from "@mostrador/cloud/tenancy/pairing";
import { type RunningAppliance, startAppliance } from "@mostrador/desktop/appliance/appliance";
import { launchChromium } from "@mostrador/desktop/appliance/browser";
import { formatMoney } from "@mostrador/contracts/money";
import type { CardListAnswer, CardReportAnswer } from "@mostrador/contracts/http/cloud-cards";
import { newId } from "@mostrador/kernel/db/ids";
import { DEMO_CODES } from "@mostrador/desktop/seed/demo-catalog";
import { enrollAppliance } from "./upload/enroll.js";

/** On screen, Intl puts a no-break space after "$"; compare with plain spaces. */
const plain = (s: string | null) => (s ?? "").replace(/\u00a0/g, " ").trim();

async function api<T>(
  appliance: RunningAppliance,
  path: string,
  token: string | null,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${appliance.url}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * What `npm start` promises a newcomer: the embedded cloud beside the appliance, paired; a sale at the till
 * reaches the owner's dashboard, and a price the owner edits there reaches the till live — two pages. And a
 * prepaid card's movements (issue 15: every card operation goes up through the outbox) reach the cloud's
 * cards report and list, read over its HTTP API.
 */
describe("the till and the owner's dashboard, synced", () => {
  let dirs: string[];
  let cloud: RunningCloud;
  let appliance: RunningAppliance;
  let browser: Browser;

  beforeAll(async () => {
    dirs = [mkdtempSync(join(tmpdir(), "mostrador-cloud-")), mkdtempSync(join(tmpdir(), "mostrador-till-"))];
    cloud = await startCloud({ dataDir: dirs[0] as string, port: 0, host: "127.0.0.1", demo: true });
    appliance = await startAppliance({
      dataDir: dirs[1] as string,
      host: "127.0.0.1",
      port: 0,
      seedDemo: true,
      sync: true,
    });
    const demo = cloud.demo as NonNullable<RunningCloud["demo"]>;
    const { code } = await createPairingCode(cloud.sql, demo.tenantId, demo.storeId, systemClock);
    await enrollAppliance(appliance.ctx, { cloudUrl: cloud.url, code, name: "Caja de prueba" });
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await appliance?.close();
    await cloud?.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it("shows a till sale on the dashboard and brings a dashboard price edit to the till page live", async () => {
    // A sale at the till, through the local API as a till would send it.
    const options = await api<{ staff: { id: string; name: string }[]; terminals: { id: string }[] }>(
      appliance,
      "/api/auth/options",
      null,
    );
    const lucia = options.staff.find((s) => s.name === "Lucía");
    const { token } = await api<{ token: string }>(appliance, "/api/auth/login", null, {
      staffId: lucia?.id,
      pin: "1111",
      terminalId: options.terminals[0]?.id,
    });
    await api(appliance, "/api/cash/open", token, { openingFloat: 500_000 });
    const scan = await api<{ product: { id: string; price: number } }>(
      appliance,
      `/api/scan/${DEMO_CODES.cocaCola}`,
      token,
    );
    const coca = scan.product;
    await api(appliance, "/api/sales", token, {
      id: "019a0000-0000-7000-8000-000000000001",
      lines: [{ productId: coca.id, quantity: 2 }],
      payments: [{ method: "cash", amount: coca.price * 2, tendered: coca.price * 2 }],
    });

    // The owner's dashboard sees it once the drainer has uploaded the outbox.
    const dash = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await dash.goto(cloud.url);
    await dash.getByTestId("login-email").fill(DEMO_OWNER.email);
    await dash.getByTestId("login-password").fill(DEMO_OWNER.password);
    await dash.getByTestId("login-submit").click();
    await expect
      .poll(
        async () => {
          await dash.getByTestId("sales-refresh").click();
          return plain(await dash.getByTestId("sales-total").textContent());
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toBe(formatMoney(coca.price * 2));

    // The till shows the product list; the owner edits the price on the dashboard.
    const till = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await till.goto(appliance.url);
    await till.getByTestId("login-terminal-1").click();
    await till.getByTestId("login-staff-Martín").click();
    await till.getByTestId("pin-input").fill("2222");
    await till.getByTestId("pin-submit").click();
    await till.getByTestId("nav-products").click();
    await till.getByTestId("products-search").fill("Coca-Cola sabor original");
    const row = till.getByTestId("product-row").filter({ hasText: "2,25 L" });
    await expect.poll(async () => plain(await row.textContent())).toContain(formatMoney(coca.price));

    const newPrice = coca.price + 12_345;
    await dash.getByTestId("nav-catalog").click();
    await expect.poll(() => dash.getByTestId(`product-edit-${coca.id}`).count(), { timeout: 30_000 }).toBe(1);
    await dash.getByTestId(`product-edit-${coca.id}`).click();
    await dash.getByTestId("product-price-input").fill(formatMoney(newPrice).replace("$ ", ""));
    await dash.getByTestId("product-save").click();

    // No reload on the till: the shape delivers the edit and the list refreshes on catalog.changed.
    await expect
      .poll(async () => plain(await row.textContent()), { timeout: 10_000 })
      .toContain(formatMoney(newPrice));
    await expectPriceAtTill(appliance, token, newPrice);
  }, 120_000);

  it("a card's issue with a top-up, a sale paid by it, its block and transfer reach the cloud's cards report through the outbox", async () => {
    const options = await api<{ staff: { id: string; name: string }[]; terminals: { id: string }[] }>(
      appliance,
      "/api/auth/options",
      null,
    );
    // The owner, on the till whose shift the first case opened (card money needs an open shift).
    const { token } = await api<{ token: string }>(appliance, "/api/auth/login", null, {
      staffId: options.staff.find((s) => s.name === "Martín")?.id,
      pin: "2222",
      terminalId: options.terminals[0]?.id,
    });
    const cloudLogin = await fetch(`${cloud.url}/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(DEMO_OWNER),
    });
    const ownerToken = ((await cloudLogin.json()) as { token: string }).token;
    const demo = cloud.demo as NonNullable<RunningCloud["demo"]>;
    const cloudGet = async <T>(path: string): Promise<T> => {
      const res = await fetch(`${cloud.url}/v1${path}`, {
        headers: { authorization: `Bearer ${ownerToken}` },
      });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    };
    const report = async () =>
      (await cloudGet<CardReportAnswer>(`/dashboard/cards/report?storeId=${demo.storeId}`)).total;
    const before = await report();

    const issued = await api<{ card: { id: string } }>(appliance, "/api/cards", token, {
      requestId: newId(),
      uid: "04C0FFEE",
      method: "cash",
      topup: 2_000_000,
    });
    const coca = (
      await api<{ product: { id: string; price: number } }>(
        appliance,
        `/api/scan/${DEMO_CODES.cocaCola}`,
        token,
      )
    ).product;
    await api(appliance, "/api/sales", token, {
      id: newId(),
      lines: [{ productId: coca.id, quantity: 1 }],
      payments: [{ method: "card", amount: coca.price }],
      cardId: issued.card.id,
    });
    await api(appliance, `/api/cards/${issued.card.id}/block`, token, {
      requestId: newId(),
      reason: "Perdida",
    });
    await api(appliance, `/api/cards/${issued.card.id}/transfer`, token, {
      requestId: newId(),
      newUid: "04BEEF01",
    });
    const left = 2_000_000 - coca.price;

    // The drainer uploads them; the cloud's list has both cards as the appliance left them.
    const cardIn = async (uid: string) =>
      (await cloudGet<CardListAnswer>(`/dashboard/cards?search=${uid}`)).cards.find((c) => c.uid === uid);
    await expect
      .poll(async () => (await cardIn("04BEEF01"))?.balance, { timeout: 30_000, interval: 500 })
      .toBe(left);
    expect(await cardIn("04C0FFEE")).toMatchObject({ status: "replaced", balance: 0, movements: 3 });
    const after = await report();
    const cash = (t: CardReportAnswer["total"]) =>
      t.topUps.find((m) => m.method === "cash") ?? { total: 0, count: 0 };
    expect(cash(after).total - cash(before).total).toBe(2_000_000);
    expect(after.charges.total - before.charges.total).toBe(coca.price);
    expect(after.transfers.total - before.transfers.total).toBe(left);
    expect(after.liabilityNow.active - before.liabilityNow.active).toBe(left);
  }, 60_000);
});

async function expectPriceAtTill(appliance: RunningAppliance, token: string, price: number): Promise<void> {
  const again = await api<{ product: { price: number } }>(
    appliance,
    `/api/scan/${DEMO_CODES.cocaCola}`,
    token,
  );
  expect(again.product.price).toBe(price);
}
