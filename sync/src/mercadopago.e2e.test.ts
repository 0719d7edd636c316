import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "@mostrador/cloud/core/clock";
import { type RunningCloud, startCloud } from "@mostrador/cloud/start";
import { createPairingCode } from "@mostrador/cloud/tenancy/pairing";
import { type RunningAppliance, startAppliance } from "@mostrador/desktop/appliance/appliance";
import { launchChromium } from "@mostrador/desktop/appliance/browser";
import { demoOwnerApi, loginAtTill, scanAtTill, textOf } from "@mostrador/desktop/appliance/test-till-page";
import { DEMO_CODES } from "@mostrador/desktop/seed/demo-catalog";
import {
  type FakeMercadoPago,
  startFakeMercadoPago,
} from "@mostrador/platform/mercadopago/fake/fake-mercadopago";
import { redirectMercadoPagoTo } from "@mostrador/platform/mercadopago/fake/redirect";
import { enrollAppliance } from "./upload/enroll.js";

const SECRET = "secretodelwebhook123";
const POINT = "NEWLAND_N950__N950NCB000001";

/**
 * Mercado Pago end to end, in Chromium: the owner connects it from Ajustes (the store and the caja made
 * at the local fake MP, the external_pos_id on screen); a sale is paid by dynamic QR, the fake moves the
 * order to processed and the result reaches the till through the embedded cloud's webhook relay (the
 * till's own reads held stale, so only the relay can bring it); a Point payment cancelled at the terminal
 * shows at the till.
 */
describe("Mercado Pago at the till, through the cloud's webhook relay", () => {
  let dirs: string[];
  let fake: FakeMercadoPago;
  let undo: () => void;
  let cloud: RunningCloud;
  let appliance: RunningAppliance;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    fake = await startFakeMercadoPago();
    // Appliance and cloud run in this process: both reach "api.mercadopago.com" at the fake.
    undo = redirectMercadoPagoTo(fake.url);
    dirs = [
      mkdtempSync(join(tmpdir(), "mostrador-mp-cloud-")),
      mkdtempSync(join(tmpdir(), "mostrador-mp-till-")),
    ];
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
    const call = await demoOwnerApi(appliance);
    await call("/cash/open", { openingFloat: 1_000_000 });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await appliance?.close();
    await cloud?.close();
    undo?.();
    await fake?.close();
    for (const dir of dirs ?? []) rmSync(dir, { recursive: true, force: true });
  });

  const db = () => appliance.ctx.db;

  async function payWithMercadoPago(button: "mp-charge-qr" | "mp-charge-point"): Promise<string> {
    await page.getByTestId("nav-till").click();
    await scanAtTill(page, DEMO_CODES.cocaCola);
    await page.getByTestId("pay-button").click();
    await page.getByTestId("pay-method-mercadopago").click();
    await page.getByTestId(button).click();
    await expect
      .poll(() => textOf(page, "mp-charge-status"), { timeout: 10_000 })
      .toMatch(/Esperando el pago/);
    const row = db()
      .prepare("SELECT order_id AS id FROM mercadopago_charges ORDER BY created_at DESC")
      .get() as {
      id: string;
    };
    return row.id;
  }

  it("connects from Ajustes, then a QR payment confirmed by MP's webhook via the cloud completes the sale", async () => {
    await page.goto(appliance.url);
    await page.getByTestId("login-terminal-1").click();
    await loginAtTill(page, "Martín", "2222");
    await page.getByTestId("nav-settings").click();
    await page.getByTestId("settings-tab-mercadopago").click();
    // A token MP refuses: a clear Spanish error, nothing stored.
    await page.getByTestId("mp-accessToken").fill("TEST-0000000000-000000-ninguno");
    await page.getByTestId("mp-streetName").fill("Av. Corrientes");
    await page.getByTestId("mp-streetNumber").fill("1234");
    await page.getByTestId("mp-cityName").fill("CABA");
    await page.getByTestId("mp-stateName").fill("Capital Federal");
    await page.getByTestId("mp-latitude").fill("-34,6037");
    await page.getByTestId("mp-longitude").fill("-58,3816");
    await page.getByTestId("mp-connect").click();
    await expect.poll(() => textOf(page, "mp-error")).toMatch(/Mercado Pago rechazó el token/);
    await page.getByTestId("mp-accessToken").fill(fake.accessToken);
    await page.getByTestId("mp-webhookSecret").fill(SECRET);
    await page.getByTestId("mp-connect").click();
    await expect
      .poll(() => textOf(page, "mp-external-pos-id"), { timeout: 10_000 })
      .toMatch(/^MOS[A-Z0-9]{9}POS1$/);

    // The appliance hands the credentials to its cloud, which answers the notification URL for MP's panel.
    await expect
      .poll(
        () =>
          (db().prepare("SELECT webhook_url AS u FROM mercadopago_relay").get() as { u: string } | undefined)
            ?.u,
        {
          timeout: 20_000,
        },
      )
      .toMatch(/\/v1\/mercadopago\/webhooks\//);
    const hook = (db().prepare("SELECT webhook_url AS u FROM mercadopago_relay").get() as { u: string }).u;
    fake.notifyTo(`${cloud.url}${new URL(hook).pathname}`, SECRET);

    const orderId = await payWithMercadoPago("mp-charge-qr");
    await expect.poll(() => page.getByTestId("mp-qr").isVisible()).toBe(true);
    // From here the till's own reads of the order stay "created": only the relay can say "processed".
    fake.holdReads(true);
    const delivery = await fake.moveOrder(orderId, "processed");
    expect(delivery?.status).toBe(200);
    // MP's "processed" adds the payment line (the QR panel closes: nothing is left to pay).
    await expect.poll(() => textOf(page, "pay-line"), { timeout: 30_000 }).toContain("Mercado Pago");
    expect(await textOf(page, "pay-remaining")).toBe("$ 0,00");
    fake.holdReads(false);
    expect(
      (db().prepare("SELECT cursor FROM mercadopago_relay").get() as { cursor: number }).cursor,
    ).toBeGreaterThan(0);

    await page.getByTestId("pay-confirm").click();
    await expect.poll(() => page.getByTestId("receipt-preview").isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => textOf(page, "receipt-preview")).toContain("Mercado Pago");
    const paid = db()
      .prepare(
        "SELECT p.amount, p.reference, c.sale_id AS saleId FROM sale_payments p JOIN mercadopago_charges c ON c.id = p.reference WHERE p.method = 'mercadopago'",
      )
      .all() as { amount: number; saleId: string }[];
    expect(paid).toHaveLength(1);
    expect(paid[0]!.amount).toBe(Number(fake.order(orderId)!.total_amount.replace(".", "")));
    // The receipt's own button closes it (a "receipt-close" that does not exist cost a 30 s click timeout).
    await page.getByTestId("new-sale-button").click();
  }, 90_000);

  it("a Point payment cancelled at the terminal shows at the till, and nothing is recorded as paid", async () => {
    const storeId = String(db().prepare("SELECT store_id FROM mercadopago_account").pluck().get());
    fake.addTerminal({ id: POINT, storeId });
    await page.keyboard.press("Escape").catch(() => undefined);
    await page.getByTestId("nav-settings").click();
    await page.getByTestId("settings-tab-mercadopago").click();
    await page.getByTestId("mp-load-points").click();
    await page.getByTestId("mp-point-select").first().selectOption(POINT);
    await expect
      .poll(() =>
        db()
          .prepare("SELECT point_terminal_id FROM mercadopago_tills ORDER BY created_at LIMIT 1")
          .pluck()
          .get(),
      )
      .toBe(POINT);

    const orderId = await payWithMercadoPago("mp-charge-point");
    await fake.moveOrder(orderId, "at_terminal");
    await expect.poll(() => textOf(page, "mp-charge-status"), { timeout: 15_000 }).toMatch(/En el posnet/);
    // Too late to cancel from the till: the screen says where.
    await page.getByTestId("mp-cancel").click();
    await expect.poll(() => textOf(page, "mp-charge-error")).toMatch(/cancelalo en el posnet/);
    // The terminal asks for a check: the till says what MP is waiting on (its status_detail).
    await fake.moveOrder(orderId, "action_required");
    await expect
      .poll(() => textOf(page, "mp-charge-detail"), { timeout: 15_000 })
      .toMatch(/Revisá el posnet: el pago necesita una verificación o confirmación/);
    await fake.moveOrder(orderId, "canceled");
    await expect.poll(() => textOf(page, "mp-charge-status"), { timeout: 15_000 }).toBe("Cobro cancelado");
    expect(await page.getByTestId("pay-confirm").isDisabled()).toBe(true);
    const payments = db()
      .prepare("SELECT COUNT(*) FROM sale_payments WHERE method = 'mercadopago'")
      .pluck()
      .get();
    expect(payments).toBe(1); // only the QR sale of the first test
  }, 60_000);
});
