import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EntitlementsAnswer } from "@mostrador/contracts/http/entitlements";
import { ManualClock } from "@mostrador/cloud/core/clock";
import { cloudModules } from "@mostrador/cloud/modules";
import { createBillingModule } from "@mostrador/cloud/billing/module";
import type { BillingConfig } from "@mostrador/cloud/billing/config";
import { stripeProvider } from "@mostrador/cloud/billing/stripe-provider";
import { startFakeStripe, type FakeStripe } from "@mostrador/cloud/billing/test-support/fake-stripe";
import { type RunningCloud, startCloud } from "@mostrador/cloud/start";
import { type RunningAppliance, startAppliance } from "@mostrador/desktop/appliance/appliance";
import { launchChromium } from "@mostrador/desktop/appliance/browser";
import { type ApiPost, demoOwnerApi, loginAtTill, textOf } from "@mostrador/desktop/appliance/test-till-page";
import { manualMonotonic } from "@mostrador/kernel/entitlements/test-support";
import type { Browser, Page } from "playwright-core";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * Entitlements at the edge, end to end: a shop that signed up in the cloud (not the demo), its trial over,
 * pairs its appliance; subscribing to profesional through (fake) Stripe Checkout switches the appliance's
 * Turnos and Tarjetas on within seconds; offline past the grace period the extras go off with the reason
 * while the till sells; a failed renewal shows the pending payment at the till, and the unpaid end turns
 * the extras off while the till keeps selling. The till's banner and menus in Chromium.
 */
const DAY = 86_400_000;
const WHSEC = "whsec_habilitaciones";

describe("the plan's modules at the edge, from the cloud's billing", () => {
  // The cloud starts 15 days ago, so the sign-up's trial can end before the appliance pairs.
  const clock = new ManualClock(new Date(Date.now() - 15 * DAY - 3_600_000));
  let dirs: string[];
  let fake: FakeStripe;
  let stripe: Stripe;
  let cloud: RunningCloud;
  let appliance: RunningAppliance;
  let browser: Browser;
  let api: ApiPost;
  let mono: ReturnType<typeof manualMonotonic>;
  let testClockId: string;

  beforeAll(async () => {
    dirs = [mkdtempSync(join(tmpdir(), "mostrador-cloud-")), mkdtempSync(join(tmpdir(), "mostrador-till-"))];
    fake = await startFakeStripe({ now: () => clock.now(), afterRetries: "unpaid" });
    const stripeApi = { host: fake.host, port: fake.port, protocol: "http" as const };
    stripe = new Stripe(fake.secretKey, stripeApi);
    testClockId = (
      await stripe.testHelpers.testClocks.create({ frozen_time: Math.floor(clock.now().getTime() / 1000) })
    ).id;
    const config: BillingConfig = {
      provider: stripeProvider({
        secretKey: fake.secretKey,
        webhookSecret: WHSEC,
        api: stripeApi,
        testClock: testClockId,
      }),
      publicUrl: "",
    };
    cloud = await startCloud({
      dataDir: dirs[0] as string,
      port: 0,
      host: "127.0.0.1",
      demo: false,
      clock,
      modules: [...cloudModules.filter((m) => m.name !== "billing"), createBillingModule(config)],
    });
    config.publicUrl = cloud.url;
    fake.sendWebhooksTo(`${cloud.url}/v1/billing/webhooks/stripe`, WHSEC);
    appliance = await startAppliance({
      dataDir: dirs[1] as string,
      host: "127.0.0.1",
      port: 0,
      seedDemo: true,
      sync: true,
    });
    mono = manualMonotonic(appliance.ctx.db);
    api = await demoOwnerApi(appliance);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await appliance?.close();
    await cloud?.close();
    await fake?.close();
    for (const dir of dirs ?? []) rmSync(dir, { recursive: true, force: true });
  });

  const cloudCall = async (method: string, path: string, token: string | null, body?: unknown) => {
    const res = await fetch(`${cloud.url}/v1${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : {}) as Record<string, unknown>;
  };
  const plan = async () => {
    return (await fetch(`${appliance.url}/api/entitlements`, { headers: await ownerHeaders() }).then((r) =>
      r.json(),
    )) as EntitlementsAnswer;
  };
  let ownerToken: string | null = null;
  const ownerHeaders = async () => {
    if (!ownerToken) {
      const db = appliance.ctx.db;
      const staff = db.prepare("SELECT id FROM staff WHERE name LIKE 'Martín%'").get() as { id: string };
      const terminal = db.prepare("SELECT id FROM terminals WHERE code = 1").get() as { id: string };
      const res = await fetch(`${appliance.url}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ staffId: staff.id, pin: "2222", terminalId: terminal.id }),
      });
      ownerToken = ((await res.json()) as { token: string }).token;
    }
    return { authorization: `Bearer ${ownerToken}` };
  };
  const turnosStatus = async () =>
    (await fetch(`${appliance.url}/api/turnos/setup`, { headers: await ownerHeaders() })).status;
  const sellOne = async () => {
    const product = appliance.ctx.db
      .prepare("SELECT id, price FROM products WHERE active = 1 AND price > 0 AND unit = 'each' LIMIT 1")
      .get() as { id: string; price: number };
    const sessions = appliance.ctx.db
      .prepare("SELECT count(*) AS n FROM cash_sessions WHERE closed_at IS NULL")
      .get() as {
      n: number;
    };
    if (sessions.n === 0) await api("/cash/open", { openingFloat: 0 });
    return api("/sales", {
      id: crypto.randomUUID(),
      lines: [{ productId: product.id, quantity: 1 }],
      payments: [{ method: "cash", amount: product.price, tendered: product.price }],
    });
  };

  let owner: { token: string; tenantId: string };
  let tillPage: Page;
  let customerId: string;

  it("pairs a shop whose trial is over: Turnos and Tarjetas are off with the plan's reason", async () => {
    const email = `duenia-${Date.now()}@example.com`;
    const password = "consultorio del norte 2026";
    owner = (await cloudCall("POST", "/auth/signup", null, {
      businessName: "Consultorio Norte",
      rubro: "ropa",
      email,
      password,
      acceptTerms: true,
    })) as { token: string; tenantId: string };
    // The owner follows the link of the verification email the cloud queued.
    const [mail] = await cloud.sql.withTenant(owner.tenantId, (q) =>
      q.query<{ body: string }>("SELECT body FROM messages WHERE address = $1", [email]),
    );
    const token = mail?.body.match(/#verificar=(mo[a-z]_[A-Za-z0-9_-]+)/)?.[1];
    await cloudCall("POST", "/auth/verify-email", null, { token });
    clock.advance(15 * DAY); // the 14-day trial is over (and the sign-up's session too)
    owner.token = (
      (await cloudCall("POST", "/auth/login", null, { email, password })) as { token: string }
    ).token;
    const { stores } = (await cloudCall("GET", "/stores", owner.token)) as { stores: { id: string }[] };
    const { code } = (await cloudCall("POST", `/stores/${stores[0]!.id}/pairing-codes`, owner.token)) as {
      code: string;
    };
    await api("/sync/enroll", { cloudUrl: cloud.url, code, name: "Caja del consultorio" });

    await expect.poll(async () => (await plan()).standing, { timeout: 20_000 }).toBe("trial_expired");
    expect(await turnosStatus()).toBe(403);
    expect((await plan()).banner).toBe("lapsed");
    expect(await sellOne()).toMatchObject({ status: "completed" });
  });

  it("subscribing to profesional switches the appliance's Turnos and Tarjetas on within seconds", async () => {
    const { url } = (await cloudCall("POST", "/billing/checkout", owner.token, {
      plan: "profesional",
      interval: "month",
    })) as { url: string };
    const session = await fake.completeCheckout(new URL(url).pathname.split("/").pop()!);
    customerId = session.customer as string;
    await expect.poll(async () => (await plan()).standing, { timeout: 10_000 }).toBe("active");
    const answer = await plan();
    expect(answer).toMatchObject({ plan: "profesional", banner: null });
    expect(answer.modules.filter((m) => m.on).map((m) => m.module)).toEqual(
      expect.arrayContaining(["turnos", "cards"]),
    );
    expect(await turnosStatus()).toBe(200);

    tillPage = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await tillPage.goto(appliance.url);
    await tillPage.getByTestId("login-terminal-1").click();
    await loginAtTill(tillPage, "Martín", "2222");
    expect(await tillPage.getByTestId("nav-turnos").isDisabled()).toBe(false);
    expect(await tillPage.getByTestId("plan-banner").count()).toBe(0);
  });

  it("offline past the grace period turns the extras off with the reason; the till still sells", async () => {
    mono.advance(15 * DAY);
    appliance.ctx.bus.emit("entitlements.changed", {});
    await expect
      .poll(() => tillPage.getByTestId("plan-banner").getAttribute("data-banner"), { timeout: 10_000 })
      .toBe("grace_over");
    expect(await textOf(tillPage, "plan-banner")).toContain("Sin contacto con la nube hace 15 días");
    expect(await tillPage.getByTestId("nav-turnos").isDisabled()).toBe(true);
    expect(await tillPage.getByTestId("nav-turnos").getAttribute("title")).toContain("Turnos");
    const refused = await fetch(`${appliance.url}/api/turnos/setup`, { headers: await ownerHeaders() });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain(
      "Sin contacto con la nube hace 15 días",
    );
    expect(await sellOne()).toMatchObject({ status: "completed" });
  });

  it("a failed renewal shows the pending payment at the till; the unpaid end turns the extras off, selling goes on", async () => {
    const billing = (await cloudCall("GET", "/billing", owner.token)) as Record<string, unknown>;
    expect(billing.standing).toBe("active");
    fake.setCardDeclines(customerId, true);
    const advance = async (days: number) => {
      const current = (await stripe.testHelpers.testClocks.retrieve(testClockId)).frozen_time;
      await stripe.testHelpers.testClocks.advance(testClockId, { frozen_time: current + days * 86_400 });
    };
    await advance(31);
    // A fresh signed record arrives (the grace starts again) saying past_due: extras on, the banner says why.
    await expect
      .poll(() => tillPage.getByTestId("plan-banner").getAttribute("data-banner"), { timeout: 15_000 })
      .toBe("past_due");
    expect(await textOf(tillPage, "plan-banner")).toContain("Hay un pago pendiente del plan");
    expect(await turnosStatus()).toBe(200);

    await advance(10);
    await expect
      .poll(() => tillPage.getByTestId("plan-banner").getAttribute("data-banner"), { timeout: 15_000 })
      .toBe("lapsed");
    expect(await turnosStatus()).toBe(403);
    expect(await tillPage.getByTestId("nav-cards").isDisabled()).toBe(true);
    expect(await sellOne()).toMatchObject({ status: "completed" });
    await tillPage.getByTestId("nav-settings").click();
    await tillPage.getByTestId("settings-tab-plan").click();
    await expect.poll(() => textOf(tillPage, "plan-module-turnos")).toContain("Tu plan no incluye Turnos");
  });
});
