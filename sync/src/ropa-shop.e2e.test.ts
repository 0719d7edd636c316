import { CloudBalancesAnswer, type CloudBalances } from "@mostrador/contracts/http/cloud-accounts";
import { withCheckDigit } from "@mostrador/contracts/pos/gs1";
import { Value } from "@sinclair/typebox/value";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTenant } from "@mostrador/cloud/auth/accounts";
import { systemClock } from "@mostrador/cloud/core/clock";
import { type RunningCloud, startCloud } from "@mostrador/cloud/start";
import { type RunningAppliance, startAppliance } from "@mostrador/desktop/appliance/appliance";
import { launchChromium } from "@mostrador/desktop/appliance/browser";
import { loginAtTill, scanAtTill, textOf } from "@mostrador/desktop/appliance/test-till-page";
import { onHand } from "@mostrador/desktop/stock/movements";
import { ackedSeq, countBacklog } from "./upload/upload-state.js";

const OWNER = { email: "vero@tienda-vero.test", password: "una-clave-larga-de-prueba" };
const OWNER_PIN = "7391";
const DAY_MS = 24 * 60 * 60 * 1000;
const CODES = {
  sNegro: withCheckDigit("779555000001"),
  mNegro: withCheckDigit("779555000002"),
  lNegro: withCheckDigit("779555000003"),
};
const LOYALTY_CARD = "TV-000042";

async function call<T>(base: string, path: string, token: string | null, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** "$ 12.000,00" as a person types it into a money field ("12.000,00"). */
const typed = (centavos: number) =>
  new Intl.NumberFormat("es-AR", { minimumFractionDigits: 2 }).format(centavos / 100);

/** The shop PC's clock: the real one, moved by whole days when the story reaches the next morning. */
const shopClock = {
  offsetMs: 0,
  now: () => new Date(Date.now() + shopClock.offsetMs),
  nowMs: () => Date.now() + shopClock.offsetMs,
};

/** Cash, exact, from the payment dialog; waits for the receipt. */
async function payInCash(page: Page, total: number): Promise<void> {
  await page.getByTestId("pay-button").click();
  await page.getByTestId("pay-method-cash").click();
  await page.getByTestId("pay-tendered").fill(typed(total));
  await page.getByTestId("pay-add").click();
  await page.getByTestId("pay-confirm").click();
  await expect.poll(() => page.getByTestId("receipt-preview").isVisible(), { timeout: 10_000 }).toBe(true);
}

/** Caja: opens the drawer with its float. */
async function openDrawer(page: Page, float: number): Promise<void> {
  await page.getByTestId("nav-cash").click();
  await page.getByTestId("cash-open-float").fill(typed(float));
  await page.getByTestId("cash-open-submit").click();
  await expect.poll(() => page.getByTestId("cash-session-info").isVisible(), { timeout: 10_000 }).toBe(true);
}

/** Caja: the blind close with what was counted, which is what the Z then expects (no difference). */
async function closeDrawer(page: Page, counted: number): Promise<void> {
  await page.getByTestId("nav-cash").click();
  await page.getByTestId("cash-close-counted").fill(typed(counted));
  await page.getByTestId("cash-close-submit").click();
  await page.getByTestId("confirm-ok").click();
  await expect.poll(() => page.getByTestId("z-report").isVisible(), { timeout: 10_000 }).toBe(true);
  expect(await textOf(page, "z-expected")).toBe(`$ ${typed(counted)}`);
  expect(await textOf(page, "z-difference")).toBe("$ 0,00");
}

/**
 * Issue 14's "done when", end to end: a clothing shop that is not the demo, paired with a cloud that has no
 * demo either, makes a Remera with Talle × Color in the till's product editor, sells a variant by its
 * barcode, exchanges it for another size from the grid, sells on account to a customer created at the till
 * (limit set on Cuentas), takes part of the debt the next day, and the receipt and the cloud agree on her
 * balance and points to the centavo.
 */
describe("a ropa shop with variants, a customer's account and points, end to end in Chromium", () => {
  let dirs: string[];
  let cloud: RunningCloud;
  let appliance: RunningAppliance;
  let browser: Browser;
  let page: Page;
  const pageErrors: Error[] = [];

  beforeAll(async () => {
    dirs = [mkdtempSync(join(tmpdir(), "mostrador-cloud-")), mkdtempSync(join(tmpdir(), "mostrador-ropa-"))];
    cloud = await startCloud({ dataDir: dirs[0] as string, port: 0, host: "127.0.0.1", demo: false });
    appliance = await startAppliance(
      { dataDir: dirs[1] as string, host: "127.0.0.1", port: 0, mqttPort: 0, seedDemo: false, sync: true },
      { clock: shopClock },
    );
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on("pageerror", (err) => pageErrors.push(err));
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await appliance?.close();
    await cloud?.close();
    for (const dir of dirs ?? []) rmSync(dir, { recursive: true, force: true });
  });

  it("talle × color → scan → cambio → fiado with points → partial payment next day → receipt and cloud agree", async () => {
    // The owner's cloud account (made by the operator: no sign-up route), her store and a pairing code.
    const { tenantId } = await createTenant(
      cloud.sql,
      { orgName: "Tienda Vero", ownerEmail: OWNER.email, password: OWNER.password },
      systemClock,
    );
    const { token: cloudToken } = await call<{ token: string }>(cloud.url, "/v1/auth/login", null, OWNER);
    const store = await call<{ id: string }>(cloud.url, "/v1/stores", cloudToken, { name: "Tienda Vero" });
    const { code } = await call<{ code: string }>(
      cloud.url,
      `/v1/stores/${store.id}/pairing-codes`,
      cloudToken,
      {},
    );
    const db = () => appliance.ctx.db;

    // 1. The wizard, as a ropa shop, paired from its last step.
    await page.goto(appliance.url);
    await page.getByTestId("setup-start").click();
    await page.getByTestId("setup-name").fill("Tienda Vero");
    await page.getByTestId("setup-taxId").fill("20-12345678-6");
    await page.getByTestId("setup-ivaCondition").selectOption("monotributo");
    await page.getByTestId("setup-address").fill("Belgrano 120, Rosario");
    await page.getByTestId("setup-rubro").selectOption("ropa");
    await page.getByTestId("setup-next").click();
    await page.getByTestId("setup-ownerName").fill("Vero");
    await page.getByTestId("setup-pin").fill(OWNER_PIN);
    await page.getByTestId("setup-pinAgain").fill(OWNER_PIN);
    await page.getByTestId("setup-next").click();
    await page.getByTestId("setup-next").click(); // one till
    await page.getByTestId("setup-printer-none").check();
    await page.getByTestId("setup-next").click();
    await expect.poll(() => page.getByTestId("setup-done").isVisible(), { timeout: 10_000 }).toBe(true);
    await page.getByTestId("setup-pair").click();
    await page.getByTestId("cloud-url").fill(cloud.url);
    await page.getByTestId("cloud-code").fill(code);
    await page.getByTestId("cloud-pair-submit").click();
    await expect.poll(() => page.getByTestId("cloud-pair-form").count(), { timeout: 15_000 }).toBe(0);
    await page.getByTestId("setup-go").click();
    await expect.poll(() => page.getByTestId("nav-who").isVisible(), { timeout: 10_000 }).toBe(true);
    const token = await page.evaluate(() => localStorage.getItem("mostrador.token"));

    // 2. Ajustes → Puntos: the program on, with its default rules (a point per $ 100).
    await page.getByTestId("nav-settings").click();
    await page.getByTestId("settings-tab-loyalty").click();
    await page.getByTestId("loyalty-enabled").check();
    await page.getByTestId("loyalty-save").click();
    await expect
      .poll(() => db().prepare("SELECT enabled, spend_per_point FROM loyalty_rules").get(), {
        timeout: 10_000,
      })
      .toEqual({ enabled: 1, spend_per_point: 10_000 });

    // 3. Productos: a Remera at $ 15.000 with Talle S, M, L × Color Negro, Blanco; L / Negro dearer.
    await page.getByTestId("nav-products").click();
    await page.getByTestId("product-new").click();
    await page.getByTestId("product-sku").fill("REM");
    await page.getByTestId("product-name").fill("Remera");
    await page.getByTestId("product-price").fill("15.000");
    await page.getByTestId("product-has-variants").check();
    await page.getByTestId("axis-values-0").fill("S, M, L");
    await page.getByTestId("axis-values-1").fill("Negro, Blanco");
    await page.getByTestId("product-save").click();
    await expect.poll(() => page.getByTestId("grid-row").count(), { timeout: 10_000 }).toBe(6);
    const gridRow = (values: string) => page.locator(`[data-testid="grid-row"][data-values="${values}"]`);
    await gridRow("S / Negro").getByTestId("grid-barcode").fill(CODES.sNegro);
    await gridRow("M / Negro").getByTestId("grid-barcode").fill(CODES.mNegro);
    await gridRow("L / Negro").getByTestId("grid-barcode").fill(CODES.lNegro);
    await gridRow("L / Negro").getByTestId("grid-price").fill("17.000");
    await page.getByTestId("grid-save").click();
    const variant = (sku: string) =>
      db().prepare("SELECT id, price FROM products WHERE sku = ?").get(sku) as
        { id: string; price: number } | undefined;
    await expect.poll(() => variant("REM-L-NEGRO")?.price, { timeout: 10_000 }).toBe(1_700_000);
    await page.getByTestId("product-save").click();
    await expect.poll(() => page.getByTestId("product-editor").count()).toBe(0);
    const sNegro = variant("REM-S-NEGRO") as { id: string; price: number };
    const mNegro = variant("REM-M-NEGRO") as { id: string; price: number };
    const lNegro = variant("REM-L-NEGRO") as { id: string; price: number };
    expect([sNegro.price, mNegro.price, lNegro.price]).toEqual([1_500_000, 1_500_000, 1_700_000]);
    // The delivery of the first garments (its own end-to-end test covers receiving an order): 3 of each.
    for (const v of [sNegro, mNegro, lNegro]) {
      await call(appliance.url, "/api/stock/adjustments", token, {
        productId: v.id,
        quantity: 3,
        reason: "receipt",
      });
    }

    // 4. The drawer opens; a customer buys M / Negro, scanned, in cash.
    await openDrawer(page, 1_000_000);
    await page.getByTestId("nav-till").click();
    await scanAtTill(page, CODES.mNegro);
    await expect.poll(() => page.getByTestId("cart-line").count(), { timeout: 10_000 }).toBe(1);
    expect(await textOf(page, "cart-line-name")).toBe("Remera · M / Negro");
    await payInCash(page, 1_500_000);
    await expect.poll(() => textOf(page, "receipt-preview")).toContain("Remera · M / Negro");
    await page.getByTestId("new-sale-button").click();
    expect(onHand(db(), mNegro.id)).toBe(2);

    // 5. She comes back: M is small. Cambio for L / Negro, found by name in the grid; $ 2.000 more in cash.
    await page.getByTestId("nav-returns").click();
    await expect.poll(() => page.getByTestId("returns-sale").count(), { timeout: 10_000 }).toBe(1);
    await page.getByTestId("exchange-sale").click();
    await expect.poll(() => page.getByTestId("exchange-form").isVisible(), { timeout: 10_000 }).toBe(true);
    await page.getByTestId("exchange-return-qty").first().fill("1");
    await page.getByTestId("scan-input").fill("remera");
    await expect.poll(() => page.getByTestId("search-result").count(), { timeout: 10_000 }).toBe(1);
    await page.getByTestId("scan-input").press("Enter");
    await expect.poll(() => page.getByTestId("variant-cell").count(), { timeout: 10_000 }).toBe(6);
    await page.locator('[data-testid="variant-cell"][data-values="L / Negro"]').click();
    await expect.poll(() => page.getByTestId("exchange-new-line").count()).toBe(1);
    expect(await textOf(page, "exchange-new-line")).toContain("Remera · L / Negro");
    await expect.poll(() => textOf(page, "exchange-difference")).toBe("$ 2.000,00");
    await page.getByTestId("exchange-submit").click();
    await expect
      .poll(() => page.getByTestId("exchange-receipt-preview").isVisible(), { timeout: 10_000 })
      .toBe(true);
    await expect.poll(() => textOf(page, "exchange-receipt-preview")).toContain("CAMBIO");
    const exchangeTicket = await textOf(page, "exchange-receipt-preview");
    expect(exchangeTicket).toContain("Remera · M / Negro");
    expect(exchangeTicket).toContain("Remera · L / Negro");
    await page.getByTestId("exchange-receipt-done").click();
    expect(db().prepare("SELECT credit, difference FROM exchanges").all()).toEqual([
      { credit: 1_500_000, difference: 200_000 },
    ]);
    expect([onHand(db(), mNegro.id), onHand(db(), lNegro.id)]).toEqual([3, 2]);

    // 6. Lucía, a regular, is created at the till with F3, with her loyalty card.
    await page.getByTestId("nav-till").click();
    await expect.poll(() => page.getByTestId("scan-input").isVisible()).toBe(true);
    await page.keyboard.press("F3");
    await page.getByTestId("customer-search").fill("Lucía Fernández");
    await expect.poll(() => textOf(page, "customer-results")).toMatch(/Ningún cliente/);
    await page.keyboard.press("Enter");
    await page.getByTestId("customer-create-doc").fill("30.123.456");
    await page.getByTestId("customer-create-card").fill(LOYALTY_CARD);
    await page.getByTestId("customer-create-save").click();
    await expect.poll(() => textOf(page, "sale-customer-name")).toBe("Lucía Fernández");
    const lucia = db()
      .prepare("SELECT id FROM customers WHERE name = 'Lucía Fernández'")
      .pluck()
      .get() as string;

    // 7. Cuentas: the owner (a manager) opens her account, from the ticket's customer, with $ 50.000 of limit.
    await page.getByTestId("nav-accounts").click();
    await page.getByTestId("accounts-open-cart-customer").click();
    await expect.poll(() => page.getByTestId("limit-form").isVisible(), { timeout: 10_000 }).toBe(true);
    await page.getByTestId("limit-amount").fill("50.000");
    await page.getByTestId("limit-save").click();
    await expect.poll(() => textOf(page, "account-available"), { timeout: 10_000 }).toBe("$ 50.000,00");

    // 8. She takes M / Negro and S / Negro "a cuenta": the dialog offers her account; the receipt shows it.
    await page.getByTestId("nav-till").click();
    await expect.poll(() => textOf(page, "sale-customer-name")).toBe("Lucía Fernández");
    await scanAtTill(page, CODES.mNegro);
    await expect.poll(() => page.getByTestId("cart-line").count(), { timeout: 10_000 }).toBe(1);
    await scanAtTill(page, CODES.sNegro);
    await expect.poll(() => page.getByTestId("cart-line").count(), { timeout: 10_000 }).toBe(2);
    await page.getByTestId("pay-button").click();
    await expect
      .poll(() => page.getByTestId("pay-method-account").isVisible(), { timeout: 10_000 })
      .toBe(true);
    await page.getByTestId("pay-method-account").click();
    await page.getByTestId("pay-add").click();
    await page.getByTestId("pay-confirm").click();
    await expect.poll(() => page.getByTestId("receipt-preview").isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => textOf(page, "receipt-preview")).toMatch(/Cliente\s+Lucía Fernández/);
    const fiado = await textOf(page, "receipt-preview");
    expect(fiado).toMatch(/Cuenta corriente\s+\$ 30\.000,00/);
    expect(fiado).toMatch(/Saldo cuenta corriente\s+\$ 30\.000,00/);
    expect(fiado).toMatch(/Puntos\s+300\b/);
    await page.getByTestId("new-sale-button").click();

    // The day's Z: the drawer holds the float, the first sale and the exchange's difference; the account
    // sale moved no money and shows apart, as Cuenta corriente.
    await closeDrawer(page, 1_000_000 + 1_500_000 + 200_000);
    expect(await textOf(page, "z-report")).toMatch(
      /Cuenta corriente\s*\$ 30\.000,00\s*\$ 0,00\s*\$ 30\.000,00/,
    );

    // 9. The next morning: the session from yesterday has run out; she pays $ 12.000 of it in cash.
    shopClock.offsetMs = DAY_MS;
    await page.reload();
    await loginAtTill(page, "Vero", OWNER_PIN);
    await openDrawer(page, 1_000_000);
    await page.getByTestId("nav-accounts").click();
    await expect.poll(() => page.getByTestId("debtor").count(), { timeout: 10_000 }).toBe(1);
    expect(await textOf(page, "debtor")).toMatch(/Lucía Fernández\s*\$ 30\.000,00\s*\$ 50\.000,00\s*1 día/);
    await page.getByTestId("debtor").click();
    await expect.poll(() => page.getByTestId("statement-entry").count(), { timeout: 10_000 }).toBe(1);
    await page.getByTestId("account-pay-method-cash").click();
    await page.getByTestId("account-pay-amount").fill("12.000");
    await page.getByTestId("account-pay-tendered").fill("20.000");
    await page.getByTestId("account-pay-confirm").click();
    await expect
      .poll(() => textOf(page, "account-pay-change"), { timeout: 10_000 })
      .toBe("Vuelto: $ 8.000,00");
    await expect.poll(() => page.getByTestId("statement-entry").count()).toBe(2);
    expect(await textOf(page, "account-balance")).toBe("$ 18.000,00");
    expect(await textOf(page, "account-points")).toBe("300");
    // Her points ledger on the same card: yesterday's 300, earned on the account sale.
    await expect.poll(() => page.getByTestId("points-entry").count(), { timeout: 10_000 }).toBe(1);
    expect(await textOf(page, "points-entry")).toMatch(/Ganados\s*\+300\s*300$/);

    // 10. And buys L / Negro in cash, her card scanned: this receipt carries the balance and points of today.
    await page.getByTestId("nav-till").click();
    await scanAtTill(page, LOYALTY_CARD);
    await expect.poll(() => textOf(page, "sale-customer-name")).toBe("Lucía Fernández");
    await scanAtTill(page, CODES.lNegro);
    await expect.poll(() => page.getByTestId("cart-line").count(), { timeout: 10_000 }).toBe(1);
    await payInCash(page, 1_700_000);
    await expect.poll(() => textOf(page, "receipt-preview")).toMatch(/Cliente\s+Lucía Fernández/);
    const today = await textOf(page, "receipt-preview");
    expect(today).toMatch(/Saldo cuenta corriente\s+\$ 18\.000,00/);
    expect(today).toMatch(/Puntos\s+470\b/);
    await page.getByTestId("new-sale-button").click();

    // The day's Z: the float, the account payment in cash (shown apart, not a sale) and the sale.
    await closeDrawer(page, 1_000_000 + 1_200_000 + 1_700_000);
    expect(await textOf(page, "report-account-payments")).toBe("$ 12.000,00 ($ 12.000,00 en efectivo)");
    expect(await textOf(page, "report-sales-count")).toBe("1");

    // The appliance's ledgers: a charge, a payment a day later; 300 + 170 points earned.
    const entries = db()
      .prepare("SELECT kind, amount FROM account_entries WHERE customer_id = ? ORDER BY created_at")
      .all(lucia);
    expect(entries).toEqual([
      { kind: "charge", amount: 3_000_000 },
      { kind: "payment", amount: -1_200_000 },
    ]);
    const points = db()
      .prepare("SELECT kind, points FROM loyalty_entries WHERE customer_id = ? ORDER BY created_at")
      .all(lucia);
    expect(points).toEqual([
      { kind: "earn", points: 300 },
      { kind: "earn", points: 170 },
    ]);

    // 11. Once the outbox has drained, the owner's Cuentas in the cloud names her with the same figures,
    // and the cloud holds every sale of the shop, hers linked to her.
    await expect.poll(() => countBacklog(db(), ackedSeq(db())), { timeout: 60_000, interval: 250 }).toBe(0);
    const balances = await call<CloudBalances>(cloud.url, "/v1/dashboard/accounts", cloudToken);
    expect(Value.Check(CloudBalancesAnswer, balances)).toBe(true);
    expect(balances.customers).toMatchObject([
      {
        customerId: lucia,
        name: "Lucía Fernández",
        creditLimit: 5_000_000,
        balance: 1_800_000,
        points: 470,
      },
    ]);
    const localSales = db().prepare("SELECT id, customer_id FROM sales ORDER BY id").all();
    const cloudSales = await cloud.sql.withTenant(tenantId, (q) =>
      q.query<{ id: string; customer_id: string | null }>("SELECT id, customer_id FROM sales ORDER BY id"),
    );
    expect(cloudSales).toEqual(localSales);
    expect(cloudSales.filter((s) => s.customer_id === lucia)).toHaveLength(2);
    // She went up as she was created at the till, her DNI as digits and her card.
    const cloudCustomers = await cloud.sql.withTenant(tenantId, (q) =>
      q.query("SELECT id, name, doc_type, doc_number, loyalty_code FROM customers"),
    );
    expect(cloudCustomers).toEqual([
      {
        id: lucia,
        name: "Lucía Fernández",
        doc_type: "dni",
        doc_number: "30123456",
        loyalty_code: LOYALTY_CARD,
      },
    ]);
    // The catalog went up per variant: the model and its six variants, L / Negro at its own price.
    const cloudRemeras = await cloud.sql.withTenant(tenantId, (q) =>
      q.query<{ sku: string; price: string; variant_of: string | null }>(
        "SELECT sku, price, variant_of FROM products WHERE sku LIKE 'REM%' ORDER BY sku",
      ),
    );
    expect(cloudRemeras).toHaveLength(7);
    expect(cloudRemeras.filter((p) => p.variant_of !== null)).toHaveLength(6);
    expect(Number(cloudRemeras.find((p) => p.sku === "REM-L-NEGRO")?.price)).toBe(1_700_000);

    // And the owner's dashboard shows it on its Cuentas screen.
    const dash = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    dash.on("pageerror", (err) => pageErrors.push(err));
    await dash.goto(cloud.url);
    await dash.getByTestId("login-email").fill(OWNER.email);
    await dash.getByTestId("login-password").fill(OWNER.password);
    await dash.getByTestId("login-submit").click();
    await dash.getByTestId("nav-accounts").click();
    await expect.poll(() => dash.getByTestId("accounts-row").count(), { timeout: 10_000 }).toBe(1);
    expect(await textOf(dash, "accounts-name")).toBe("Lucía Fernández");
    expect(await textOf(dash, "accounts-row")).toMatch(/\$ 50\.000,00\s*\$ 18\.000,00\s*470/);
    expect(pageErrors).toEqual([]);
  }, 240_000);
});
