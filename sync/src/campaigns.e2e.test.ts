import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCampaignsModule } from "@mostrador/cloud/campaigns/module";
import { systemClock } from "@mostrador/cloud/core/clock";
import { DEMO_OWNER } from "@mostrador/cloud/demo";
import { OpFactory } from "@mostrador/cloud/ingest/test-ops";
import { loadMessagingConfig } from "@mostrador/cloud/messaging/config";
import { createMessagingModule } from "@mostrador/cloud/messaging/module";
import { header, startTestSmtp } from "@mostrador/cloud/messaging/test-support/test-smtp";
import { cloudModules } from "@mostrador/cloud/modules";
import { type RunningCloud, startCloud } from "@mostrador/cloud/start";
import { createPairingCode } from "@mostrador/cloud/tenancy/pairing";
import { formatMoney } from "@mostrador/contracts/money";
import { type RunningAppliance, startAppliance } from "@mostrador/desktop/appliance/appliance";
import { launchChromium } from "@mostrador/desktop/appliance/browser";
import { DEMO_CODES } from "@mostrador/desktop/seed/demo-catalog";
import { enrollAppliance } from "./upload/enroll.js";

const DAY = 86_400_000;
const plain = (s: string | null) => (s ?? "").replace(/\u00a0/g, " ").trim();

async function call<T>(base: string, path: string, token: string | null, body?: unknown, method?: string) {
  const res = await fetch(`${base}${path}`, {
    method: method ?? (body === undefined ? "GET" : "POST"),
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (res.status === 204 ? null : await res.json()) as T;
}

/** The text of an email without quoted-printable soft breaks. */
const decoded = (raw: string) => raw.replace(/=\r?\n/g, "").replace(/=3D/g, "=");

/**
 * Issue 19's "Done when": the owner builds "bought in the last 90 days, not in the last 30" on the
 * dashboard, sends an email campaign to it (the test SMTP server gets only the opted-in, each with a
 * working unsubscribe link), one unsubscribes, another buys at the till, and the campaign shows the
 * attributed sale — the real appliance, the embedded cloud, Chromium.
 */
describe("an email campaign to a segment, from the dashboard to an attributed sale", () => {
  let dirs: string[];
  let cloud: RunningCloud;
  let appliance: RunningAppliance;
  let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
  let browser: Browser;

  beforeAll(async () => {
    smtp = await startTestSmtp();
    dirs = [mkdtempSync(join(tmpdir(), "mostrador-cloud-")), mkdtempSync(join(tmpdir(), "mostrador-till-"))];
    // Messaging and the campaign scheduler passing often; email without STARTTLS (the test server).
    const config = {
      ...loadMessagingConfig({}),
      email: { bounceDomain: "rebotes.test", ignoreTls: true },
      pollMs: 200,
    };
    const messaging = createMessagingModule(config);
    cloud = await startCloud({
      dataDir: dirs[0] as string,
      port: 0,
      host: "127.0.0.1",
      demo: true,
      modules: cloudModules.map((m) =>
        m.name === "messaging" ? messaging : m.name === "campaigns" ? createCampaignsModule(config) : m,
      ),
    });
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
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    await appliance?.close();
    await cloud?.close();
    await smtp?.close();
    for (const dir of dirs ?? []) rmSync(dir, { recursive: true, force: true });
  });

  it("segment → campaign → only the opted-in get it → one unsubscribes → another buys → attributed", async () => {
    const demo = cloud.demo as NonNullable<RunningCloud["demo"]>;
    const { token: owner } = await call<{ token: string }>(cloud.url, "/v1/auth/login", null, {
      email: DEMO_OWNER.email,
      password: DEMO_OWNER.password,
    });
    // The shop's email, and no quiet hours (the test runs at any hour; messaging's deferral has its own test).
    await call(
      cloud.url,
      "/v1/messaging/channels/email",
      owner,
      {
        enabled: true,
        settings: { host: "127.0.0.1", port: smtp.port, secure: false, from: "hola@almacen.test" },
      },
      "PATCH",
    );
    await call(
      cloud.url,
      "/v1/messaging/settings",
      owner,
      { quietStart: "00:00", quietEnd: "00:00", defaultTimeZone: "America/Argentina/Buenos_Aires" },
      "PATCH",
    );

    // Customers are born at the till; three give their email consent there.
    const options = await call<{ staff: { id: string; name: string }[]; terminals: { id: string }[] }>(
      appliance.url,
      "/api/auth/options",
      null,
    );
    const { token } = await call<{ token: string }>(appliance.url, "/api/auth/login", null, {
      staffId: options.staff.find((s) => s.name === "Lucía")?.id,
      pin: "1111",
      terminalId: options.terminals[0]?.id,
    });
    const people = { ana: "", beto: "", caro: "", dani: "" };
    for (const name of Object.keys(people) as (keyof typeof people)[]) {
      const created = await call<{ id: string }>(appliance.url, "/api/customers", token, {
        name: `${name[0]!.toUpperCase()}${name.slice(1)} Campaña`,
        email: `${name}@clientes.test`,
      });
      people[name] = created.id;
      if (name !== "beto")
        await call(appliance.url, `/api/customers/${created.id}/consent`, token, {
          channel: "email",
          granted: true,
        });
    }
    // Double opt-in: each follows the link in the confirmation email (the link's origin is the cloud's public URL).
    await expect.poll(() => smtp.received.length, { timeout: 30_000 }).toBe(3);
    for (const mail of smtp.received) {
      const link = /\/v1\/messaging\/confirm\?token=[\w-]+/.exec(decoded(mail.raw))![0];
      expect((await fetch(`${cloud.url}${link}`)).status).toBe(200);
    }
    smtp.received.length = 0;

    // Their earlier purchases, as another till of the shop uploads them: ana 60 and dani 45 days ago, beto
    // 50 (no consent), caro 70 and 10 days ago (bought in the last 30: out).
    const history = await call<{ code: string }>(
      cloud.url,
      `/v1/stores/${demo.storeId}/pairing-codes`,
      owner,
      {},
    );
    const other = await call<{ token: string }>(cloud.url, "/v1/enroll", null, {
      code: history.code,
      applianceName: "Caja vieja",
    });
    const f = new OpFactory();
    const past: [keyof typeof people, number][] = [
      ["ana", 60],
      ["dani", 45],
      ["beto", 50],
      ["caro", 70],
      ["caro", 10],
    ];
    await call(cloud.url, "/v1/ingest", other.token, {
      ops: past.map(([who, days]) => {
        const { payload } = f.sale([{ productId: "p-historico", quantity: 1, unitPrice: 250_000 }]);
        return f.op("sale", payload.id, "created", {
          ...payload,
          createdAt: new Date(Date.now() - days * DAY).toISOString(),
          customerId: people[who],
        });
      }),
    });

    // The owner builds the segment on the dashboard, with its live count.
    const dash = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await dash.goto(cloud.url);
    await dash.getByTestId("login-email").fill(DEMO_OWNER.email);
    await dash.getByTestId("login-password").fill(DEMO_OWNER.password);
    await dash.getByTestId("login-submit").click();
    await dash.getByTestId("nav-segments").click();
    await dash.getByTestId("segment-new").click();
    await dash.getByTestId("segment-name").fill("Compraron hace 30 a 90 días");
    const rules = dash.getByTestId("segment-rule");
    await rules.nth(0).getByTestId("segment-rule-field").selectOption("daysSinceLastPurchase");
    await rules.nth(0).getByTestId("segment-rule-op").selectOption("lte");
    await rules.nth(0).getByTestId("segment-rule-value").fill("90");
    await dash.getByTestId("segment-rule-add").click();
    await rules.nth(1).getByTestId("segment-rule-not").check();
    await rules.nth(1).getByTestId("segment-rule-op").selectOption("lte");
    await rules.nth(1).getByTestId("segment-rule-value").fill("30");
    await expect
      .poll(async () => plain(await dash.getByTestId("segment-live-count").textContent()), {
        timeout: 20_000,
      })
      .toBe("3 clientes · 2 con correo · 0 con WhatsApp");
    await dash.getByTestId("segment-save").click();
    await expect.poll(() => dash.getByTestId("segment-count").first().textContent()).toBe("3");

    // The campaign: written, previewed, sent.
    await dash.getByTestId("nav-campaigns").click();
    await dash.getByTestId("campaign-new").click();
    await dash.getByTestId("campaign-name-input").fill("Te extrañamos");
    await dash.getByTestId("campaign-subject").fill("{{ nombre }}, te extrañamos");
    await dash
      .getByTestId("campaign-body")
      .fill("Hola {{ nombre }}: volvé a {{ tienda }}.\n\nOfertas: https://almacen.test/ofertas");
    await dash.getByTestId("campaign-preview").click();
    await expect.poll(() => dash.getByTestId("campaign-preview-box").textContent()).toMatch(/te extrañamos/);
    await dash.getByTestId("campaign-save").click();
    await dash.getByTestId("campaign-send").click();
    await expect
      .poll(() => dash.getByTestId("campaign-status").first().textContent(), { timeout: 20_000 })
      .toMatch(/Programada|Enviada/);

    // Only the opted-in of the segment receive it (not beto: no consent; not caro: bought 10 days ago).
    await expect
      .poll(() => smtp.received.map((m) => m.to[0]).sort(), { timeout: 30_000 })
      .toEqual(["ana@clientes.test", "dani@clientes.test"]);
    for (const mail of smtp.received)
      expect(header(mail.raw, "List-Unsubscribe")).toMatch(/messaging\/unsubscribe\?token=/);

    // dani unsubscribes with the link in her email (RFC 8058 one-click POST).
    const daniMail = smtp.received.find((m) => m.to[0] === "dani@clientes.test")!;
    const unsubscribe = /\/v1\/messaging\/unsubscribe\?token=[\w.-]+/.exec(decoded(daniMail.raw))![0];
    const res = await fetch(`${cloud.url}${unsubscribe}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(res.status).toBe(200);

    // ana buys at the till.
    await call(appliance.url, "/api/cash/open", token, { openingFloat: 500_000 });
    const { product: coca } = await call<{ product: { id: string; price: number } }>(
      appliance.url,
      `/api/scan/${DEMO_CODES.cocaCola}`,
      token,
    );
    await call(appliance.url, "/api/sales", token, {
      id: "019a0000-0000-7000-8000-0000000000c1",
      lines: [{ productId: coca.id, quantity: 3 }],
      payments: [{ method: "cash", amount: coca.price * 3, tendered: coca.price * 3 }],
      customerId: people.ana,
    });

    // The campaign's results: one unsubscribe, the attributed sale in money.
    await expect
      .poll(
        async () => {
          await dash.getByTestId("campaign-refresh").first().click();
          return plain(await dash.getByTestId("result-attributedAmount").first().textContent());
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toContain(formatMoney(coca.price * 3));
    expect(plain(await dash.getByTestId("result-attributedSales").first().textContent())).toContain("1");
    expect(plain(await dash.getByTestId("result-unsubscribed").first().textContent())).toContain("1");
    expect(plain(await dash.getByTestId("result-skippedNoConsent").first().textContent())).toContain("1");
  }, 180_000);
});
