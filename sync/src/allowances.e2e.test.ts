import { formatMoney } from "@mostrador/contracts/money";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "@mostrador/cloud/core/clock";
import { DEMO_OWNER } from "@mostrador/cloud/demo";
import { type RunningCloud, startCloud } from "@mostrador/cloud/start";
import { createPairingCode } from "@mostrador/cloud/tenancy/pairing";
import { type RunningAppliance, startAppliance } from "@mostrador/desktop/appliance/appliance";
import { launchChromium } from "@mostrador/desktop/appliance/browser";
import { demoOwnerApi, loginAtTill, scanAtTill, textOf } from "@mostrador/desktop/appliance/test-till-page";
import { DEMO_CODES } from "@mostrador/desktop/seed/demo-catalog";
import { enrollAppliance } from "./upload/enroll.js";

/** "$ 1.234,50" as a person types it into a money field ("1.234,50"). */
const typed = (centavos: number) => formatMoney(centavos).replace(/^\$\s/, "");
const money = (centavos: number) => formatMoney(centavos).replace(/\u00a0/g, " ");

async function cloudCall<T>(
  cloud: RunningCloud,
  method: string,
  path: string,
  token: string,
  body?: unknown,
) {
  const res = await fetch(`${cloud.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** The till's screen of one store: logged in as the demo's cashier, with a customer on the ticket. */
async function tillWithCustomer(page: Page, appliance: RunningAppliance, customer: string): Promise<void> {
  await page.goto(appliance.url);
  await page.getByTestId("login-terminal-1").click();
  await loginAtTill(page, "Lucía", "1111");
  await page.getByTestId("nav-till").click();
  await expect.poll(() => page.getByTestId("scan-input").isVisible()).toBe(true);
  await page.keyboard.press("F3");
  await page.getByTestId("customer-search").fill(customer);
  await expect.poll(() => page.getByTestId("customer-result").count(), { timeout: 10_000 }).toBe(1);
  await page.keyboard.press("Enter");
  await expect.poll(() => textOf(page, "sale-customer-name")).toBe(customer);
}

/** Scans the coca `n` times and opens the payment dialog on "Cuenta corriente" for the whole ticket. */
async function payOnAccount(page: Page, n: number): Promise<void> {
  for (let i = 1; i <= n; i++) {
    await scanAtTill(page, DEMO_CODES.cocaCola);
    await expect.poll(() => page.getByTestId("cart-line").count(), { timeout: 10_000 }).toBe(1);
  }
  await page.getByTestId("pay-button").click();
  await expect.poll(() => page.getByTestId("pay-method-account").isVisible(), { timeout: 10_000 }).toBe(true);
  await page.getByTestId("pay-method-account").click();
  await page.getByTestId("pay-add").click();
}

/**
 * Issue 14's last gap, end to end with two stores and the owner's dashboard in Chromium: a customer born
 * at store A buys on account at store B, whose till asks the cloud for the credit by itself; the owner
 * sees who holds what, recalls from A (which hands back only what it has not lent) and grants B more;
 * A's till then cannot sell beyond what it still holds.
 */
describe("allowances between two stores, from the tills and the dashboard", () => {
  let dirs: string[];
  let cloud: RunningCloud;
  let a: RunningAppliance;
  let b: RunningAppliance;
  let browser: Browser;
  let storeB: string;
  let ownerToken: string;
  const pageErrors: Error[] = [];

  beforeAll(async () => {
    dirs = ["cloud", "a", "b"].map((n) => mkdtempSync(join(tmpdir(), `mostrador-cupos-${n}-`)));
    cloud = await startCloud({ dataDir: dirs[0] as string, port: 0, host: "127.0.0.1", demo: true });
    const demo = cloud.demo as NonNullable<RunningCloud["demo"]>;
    const login = await fetch(`${cloud.url}/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(DEMO_OWNER),
    });
    ownerToken = ((await login.json()) as { token: string }).token;
    storeB = (
      await cloudCall<{ id: string }>(cloud, "POST", "/v1/stores", ownerToken, { name: "Local Centro" })
    ).id;
    const start = (dir: string) =>
      startAppliance({ dataDir: dir, host: "127.0.0.1", port: 0, mqttPort: 0, seedDemo: true, sync: true });
    [a, b] = [await start(dirs[1] as string), await start(dirs[2] as string)];
    for (const [appliance, storeId, name] of [
      [a, demo.storeId, "Caja A"],
      [b, storeB, "Caja B"],
    ] as const) {
      const { code } = await createPairingCode(cloud.sql, demo.tenantId, storeId, systemClock);
      await enrollAppliance(appliance.ctx, { cloudUrl: cloud.url, code, name });
    }
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await a?.close();
    await b?.close();
    await cloud?.close();
    for (const dir of dirs ?? []) rmSync(dir, { recursive: true, force: true });
  });

  it("B's till asks the cloud by itself; the owner recalls from A and grants B; A then sells only within what it holds", async () => {
    const apiA = await demoOwnerApi(a);
    const apiB = await demoOwnerApi(b);
    await apiA("/cash/open", { openingFloat: 0 });
    await apiB("/cash/open", { openingFloat: 0 });
    const price = (
      a.ctx.db
        .prepare(
          "SELECT price FROM products p JOIN product_barcodes b ON b.product_id = p.id WHERE b.barcode = ?",
        )
        .get(DEMO_CODES.cocaCola) as { price: number }
    ).price;

    // Rosa is born at store A, whose manager gives her 20 cocas of credit; she takes 2 of them on account there.
    const rosa = (await apiA("/customers", { name: "Rosa Benítez" })) as { id: string };
    const limit = await fetch(`${a.url}/api/accounts/${rosa.id}/limit`, {
      method: "PUT",
      headers: { "content-type": "application/json", authorization: await tokenHeader(a) },
      body: JSON.stringify({ creditLimit: 20 * price }),
    });
    expect(limit.status).toBe(200);
    const productId = a.ctx.db
      .prepare("SELECT product_id FROM product_barcodes WHERE barcode = ?")
      .pluck()
      .get(DEMO_CODES.cocaCola) as string;
    await apiA("/sales", {
      id: "019a0000-0000-7000-8000-00000000a001",
      lines: [{ productId, quantity: 2 }],
      payments: [{ method: "account", amount: 2 * price }],
      customerId: rosa.id,
    });

    // The owner raises her limit to 30 in the dashboard: 10 are no store's yet.
    const demo = cloud.demo as NonNullable<RunningCloud["demo"]>;
    await expect
      .poll(
        async () =>
          (
            await cloudCall<{ customers: { customerId: string; creditLimit: number | null }[] }>(
              cloud,
              "GET",
              "/v1/dashboard/accounts",
              ownerToken,
            )
          ).customers.find((c) => c.customerId === rosa.id)?.creditLimit,
        { timeout: 30_000, interval: 500 },
      )
      .toBe(20 * price);
    await cloudCall(cloud, "PUT", `/v1/dashboard/accounts/${rosa.id}/credit-limit`, ownerToken, {
      creditLimit: 30 * price,
    });
    // Store B hears of Rosa and her limit by its download.
    await expect
      .poll(
        () =>
          b.ctx.db
            .prepare("SELECT credit_limit FROM customer_credit_limits WHERE customer_id = ?")
            .pluck()
            .get(rosa.id),
        { timeout: 30_000, interval: 250 },
      )
      .toBe(30 * price);

    // 1. At store B's till, Rosa takes 3 cocas on account. B holds nothing of her credit: the dialog asks the
    //    cloud for it by itself and the sale goes through.
    const tillB = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    tillB.on("pageerror", (err) => pageErrors.push(err));
    await tillWithCustomer(tillB, b, "Rosa Benítez");
    await payOnAccount(tillB, 3);
    await expect.poll(() => tillB.getByTestId("pay-line").count(), { timeout: 10_000 }).toBe(1);
    expect(await textOf(tillB, "pay-funds")).toBe(`Rosa Benítez: puede fiarse ${money(3 * price)}`);
    await tillB.getByTestId("pay-confirm").click();
    await expect
      .poll(() => textOf(tillB, "receipt-preview"), { timeout: 10_000 })
      .toMatch(/Cliente\s+Rosa Benítez/);
    expect(await textOf(tillB, "receipt-preview")).toMatch(
      new RegExp(`Cuenta corriente\\s+${money(3 * price).replace(/[$.]/g, "\\$&")}`),
    );

    // 2. The owner's dashboard: who holds what of Rosa's credit.
    const dash = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    dash.on("pageerror", (err) => pageErrors.push(err));
    await dash.goto(cloud.url);
    await dash.getByTestId("login-email").fill(DEMO_OWNER.email);
    await dash.getByTestId("login-password").fill(DEMO_OWNER.password);
    await dash.getByTestId("login-submit").click();
    await dash.getByTestId("nav-accounts").click();
    const rosaRow = dash.getByTestId("accounts-row").filter({ hasText: "Rosa Benítez" });
    await expect.poll(() => rosaRow.count(), { timeout: 30_000 }).toBe(1);
    await rosaRow.getByTestId("accounts-share").click();
    const storeAName = (
      await cloudCall<{ stores: { id: string; name: string }[] }>(
        cloud,
        "GET",
        "/v1/dashboard/stores",
        ownerToken,
      )
    ).stores.find((s) => s.id === demo.storeId)?.name as string;
    const holding = (store: string) =>
      dash.getByTestId("accounts-holding-credit").filter({ hasText: store }).first().textContent();
    const plain = (s: string | null) => (s ?? "").replace(/\u00a0/g, " ");
    await expect
      .poll(async () => plain(await holding(storeAName)), { timeout: 10_000 })
      .toContain(money(20 * price));
    expect(plain(await holding("Local Centro"))).toContain(money(3 * price));
    expect(await textOf(dash, "accounts-unallocated-credit")).toContain(money(7 * price));

    // A bad amount, and a recall of more than A holds, are refused and change nothing.
    await dash.getByTestId("accounts-move-store").selectOption(demo.storeId);
    await dash.getByTestId("accounts-move-amount").fill("0");
    await dash.getByTestId("accounts-recall").click();
    await expect
      .poll(() => textOf(dash, "accounts-move-error"))
      .toBe("Escribí un importe mayor que cero, como 20.000 (puntos: un número entero)");
    await dash.getByTestId("accounts-move-amount").fill(typed(21 * price));
    await dash.getByTestId("accounts-recall").click();
    await expect
      .poll(() => textOf(dash, "accounts-move-error"))
      .toBe(`El local tiene ${money(20 * price)} de este cliente para devolver: no se le puede pedir más`);

    // 3. The owner recalls 15 from A. A had lent 2 of its 20: it hands the 15 back, and the dashboard sees it.
    await dash.getByTestId("accounts-move-amount").fill(typed(15 * price));
    await dash.getByTestId("accounts-recall").click();
    await expect.poll(() => textOf(dash, "accounts-move-done")).toContain("devuelve lo que no gastó");
    await expect
      .poll(
        async () => {
          await dash.getByTestId("accounts-holdings-refresh").click();
          return plain(await holding(storeAName));
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toContain(money(5 * price));
    expect(await textOf(dash, "accounts-unallocated-credit")).toContain(money(22 * price));

    // 4. …and grants all of it to B.
    await dash.getByTestId("accounts-move-store").selectOption(storeB);
    await dash.getByTestId("accounts-move-amount").fill(typed(22 * price));
    await dash.getByTestId("accounts-grant").click();
    await expect.poll(() => textOf(dash, "accounts-unallocated-credit")).toContain(money(0));
    expect(plain(await holding("Local Centro"))).toContain(money(25 * price));

    // 5. At A's till Rosa wants 4 more cocas on account: A holds 5 and lent 2, and the cloud has none left
    //    to give: the dialog says why, and no sale is recorded.
    const salesAtA = () => a.ctx.db.prepare("SELECT COUNT(*) FROM sales").pluck().get() as number;
    const before = salesAtA();
    const tillA = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    tillA.on("pageerror", (err) => pageErrors.push(err));
    await tillWithCustomer(tillA, a, "Rosa Benítez");
    await payOnAccount(tillA, 4);
    await expect
      .poll(() => textOf(tillA, "pay-error"), { timeout: 10_000 })
      .toBe(
        `La nube no tiene más crédito de Rosa Benítez para dar: este local puede vender hasta ${money(3 * price)} a cuenta`,
      );
    expect(await tillA.getByTestId("pay-line").count()).toBe(0);
    expect(salesAtA()).toBe(before);
    expect(pageErrors).toEqual([]);
  }, 180_000);
});

async function tokenHeader(appliance: RunningAppliance): Promise<string> {
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
