import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Secret, TOTP } from "otpauth";
import type { Browser } from "playwright-core";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applySubscription } from "../billing/subscription-state.js";
import { ManualClock } from "../core/clock.js";
import { DEFAULT_UI_DIR } from "../dashboard/static-ui.js";
import { launchTestChromium, textOf } from "../dashboard/test-chromium.js";
import { DEV_SECRETS_KEY, SecretBox } from "../messaging/secrets.js";
import { cloudModules } from "../modules.js";
import { buildCloudServer, type CloudServer } from "../server.js";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import { createLandingModule } from "../landing/module.js";
import { messagingModule } from "../messaging/module.js";
import { createOperatorModule } from "./module.js";
import { openOperatorDb, type OperatorDb } from "./operator-db.js";
import { createOperator } from "./operators.js";

/** The console's page as the cloud serves it, built when missing (`npm run build:ui` builds it). */
async function ensureConsoleBuilt(): Promise<void> {
  if (existsSync(join(DEFAULT_UI_DIR, "operador.html"))) return;
  await build({
    configFile: new URL("../../ui/vite.config.ts", import.meta.url).pathname,
    logLevel: "error",
  });
}

/**
 * The operator's console in Chromium: login with password and the TOTP code (a wrong code refused),
 * a paying tenant with its MRR, the month's metrics and their CSV, a lead moved from contact to won
 * with a WhatsApp note and an overdue task, the audit log, and English.
 */
describe("the operator's console", () => {
  const box = new SecretBox(DEV_SECRETS_KEY);
  const clock = new ManualClock("2026-03-02T15:00:00Z");
  const PASSWORD = "consola-del-operador-5";
  let db: TestDatabase;
  let app: CloudServer;
  let url: string;
  let browser: Browser;
  let operatorDb: OperatorDb;
  let secret: string;

  beforeAll(async () => {
    await ensureConsoleBuilt();
    db = await createTestDatabase();
    app = await buildCloudServer(db.sql, {
      clock,
      uiDir: DEFAULT_UI_DIR,
      modules: [
        ...cloudModules.filter((m) => m.name !== "operator" && m.name !== "landing"),
        createOperatorModule({ databaseUrl: db.operatorUrl, secrets: box }),
        createLandingModule({
          messaging: messagingModule.config,
          operatorDatabaseUrl: db.operatorUrl,
          demo: { salesPerDay: 3, days: 2 },
        }),
      ],
    });
    url = (await app.listen({ port: 0, host: "127.0.0.1" })).replace("[::1]", "127.0.0.1");
    operatorDb = openOperatorDb(db.sql, db.operatorUrl);
    ({ secret } = await createOperator(
      operatorDb,
      box,
      { email: "ops@mostrador.test", name: "Ops", password: PASSWORD },
      clock,
    ));
    // A shop signs up (a lead of the CRM and a trial) and subscribes to profesional in USD.
    const res = await app.inject({
      method: "POST",
      url: "/v1/auth/signup",
      payload: {
        businessName: "Kiosco Norte",
        rubro: "kiosco",
        email: "norte@example.com",
        password: "una-clave-larga-9",
        acceptTerms: true,
      },
    });
    const { tenantId } = res.json<{ tenantId: string }>();
    await db.sql.withTenant(tenantId, async (q) => {
      await q.query(
        "UPDATE billing_accounts SET provider = 'stripe', customer_id = 'cus_norte' WHERE tenant_id = $1",
        [tenantId],
      );
      await applySubscription(
        q,
        tenantId,
        "stripe",
        {
          id: "sub_norte",
          customerId: "cus_norte",
          status: "active",
          plan: "profesional",
          interval: "month",
          cancelAtPeriodEnd: false,
          currentPeriodEnd: null,
          tenantId,
          price: { unitAmount: 4_900, currency: "USD" },
        },
        clock.now(),
        url,
      );
    });
    browser = await launchTestChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await operatorDb?.close();
    await app?.close();
    await db?.drop();
  });

  it("logs in with the second factor, shows tenants and metrics, exports CSV and moves a lead to won", async () => {
    const errors: string[] = [];
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    page.on("pageerror", (err) => errors.push(String(err)));
    await page.goto(`${url}/operador`);

    await page.getByTestId("op-email").fill("ops@mostrador.test");
    await page.getByTestId("op-password").fill(PASSWORD);
    await page.getByTestId("op-code").fill("000000");
    await page.getByTestId("op-login-submit").click();
    await expect.poll(() => textOf(page, "op-login-error")).toContain("código incorrectos");
    const code = new TOTP({ secret: Secret.fromBase32(secret), period: 30 }).generate({
      timestamp: clock.now().getTime(),
    });
    await page.getByTestId("op-code").fill(code);
    await page.getByTestId("op-login-submit").click();

    // Clientes: the shop, active, its MRR in dollars.
    await expect.poll(() => textOf(page, "op-tenants")).toContain("Kiosco Norte");
    const row = await textOf(page, "op-tenants");
    expect(row).toContain("Activo");
    expect(row).toContain("US$ 49,00");

    // Métricas: March's new MRR, the charts, the CSV.
    await page.getByTestId("op-tab-metrics").click();
    await expect.poll(() => textOf(page, "op-month-2026-03")).toContain("US$ 49,00");
    expect(await page.getByTestId("op-mrr-chart").count()).toBe(1);
    expect(await page.getByTestId("op-lost-chart").count()).toBe(1);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("op-metrics-csv").click(),
    ]);
    const csv = readFileSync((await download.path())!, "utf8");
    expect(csv.split("\r\n")[0]).toMatch(/^month,currency,mrr,new_mrr,/);
    expect(csv).toContain("2026-03,USD,49.00,49.00,0.00,0.00,0.00,1,1,0,");

    // Ventas: the sign-up is a lead at "Contacto"; through demo and proposal to won.
    await page.getByTestId("op-tab-leads").click();
    const lead = page.getByTestId("op-lead-norte@example.com");
    await expect
      .poll(async () => (await lead.getByTestId("op-lead-stage").textContent()) ?? "")
      .toBe("Contacto");
    await lead.getByRole("button", { name: "Kiosco Norte" }).click();
    await page.getByTestId("op-stage-demo").click();
    await expect.poll(async () => (await lead.getByTestId("op-lead-stage").textContent()) ?? "").toBe("Demo");
    await page.getByTestId("op-interaction-kind").selectOption("whatsapp");
    await page.getByTestId("op-interaction-note").fill("Le pasé el video de la demo");
    await page.getByTestId("op-interaction-submit").click();
    await expect
      .poll(() => textOf(page, "op-interactions"))
      .toContain("WhatsApp Le pasé el video de la demo");
    await page.getByTestId("op-task-title").fill("Mandar la propuesta");
    await page.getByTestId("op-task-due").fill("2026-03-01T10:00");
    await page.getByTestId("op-task-submit").click();
    await expect.poll(() => textOf(page, "op-tasks")).toContain("Vencida");
    await expect.poll(() => lead.getByTestId("op-lead-overdue").count()).toBe(1);
    await page.getByTestId("op-stage-proposal").click();
    await expect
      .poll(async () => (await lead.getByTestId("op-lead-stage").textContent()) ?? "")
      .toBe("Propuesta");
    await page.getByTestId("op-stage-won").click();
    await expect
      .poll(async () => (await lead.getByTestId("op-lead-stage").textContent()) ?? "")
      .toBe("Ganado");
    expect(await page.getByTestId("op-lead-history").locator("li").count()).toBe(4);
    await expect.poll(() => textOf(page, "op-conversion-rubro")).toMatch(/kiosco11100 ?%/);

    // Auditoría: the moves are in the log; then English.
    await page.getByTestId("op-tab-audit").click();
    await expect.poll(() => textOf(page, "op-audit")).toContain("lead.stage");
    await page.getByTestId("op-lang").click();
    await page.getByTestId("op-tab-leads").click();
    await expect.poll(async () => (await lead.getByTestId("op-lead-stage").textContent()) ?? "").toBe("Won");
    expect(await textOf(page, "op-tab-tenants")).toBe("Customers");
    expect(errors).toEqual([]);
  });

  it("takes a lead from a rubro page with its UTM into the console with its score, and opens a demo shop", async () => {
    const errors: string[] = [];
    const visitor = await browser.newPage({ viewport: { width: 390, height: 844 } });
    visitor.on("pageerror", (err) => errors.push(String(err)));
    await visitor.goto(`${url}/landing/bar?utm_source=instagram&utm_medium=social&utm_campaign=bares-verano`);
    expect(await visitor.title()).toBe("Mostrador para bares");
    await visitor.getByLabel("Tu nombre").fill("Vero");
    await visitor.getByLabel("Nombre del comercio (opcional)").fill("Bar Vero");
    await visitor.getByLabel("Correo electrónico").fill("vero@example.com");
    await visitor.getByRole("button", { name: "Enviar" }).click();
    // No consent: refused beside the box, nothing stored.
    await expect
      .poll(() => visitor.getByRole("alert").allTextContents())
      .toContain("Para enviarlo tenés que aceptar que te contactemos.");
    await visitor.getByRole("checkbox").check();
    await visitor.getByRole("button", { name: "Enviar" }).click();
    await expect.poll(() => visitor.getByRole("status").textContent()).toContain("¡Gracias!");

    const console = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await console.goto(`${url}/operador`);
    await console.getByTestId("op-email").fill("ops@mostrador.test");
    await console.getByTestId("op-password").fill(PASSWORD);
    clock.advance(60_000); // the first test spent this step's code
    await console.getByTestId("op-code").fill(
      new TOTP({ secret: Secret.fromBase32(secret), period: 30 }).generate({
        timestamp: clock.now().getTime(),
      }),
    );
    await console.getByTestId("op-login-submit").click();
    await console.getByTestId("op-tab-landing").click();
    const lead = console.getByTestId("op-landing-lead-vero@example.com");
    // A visit (2) and the form (20) with the default rules.
    await expect
      .poll(async () => (await lead.getByTestId("op-landing-score").textContent()) ?? "")
      .toBe("22");
    expect(await lead.getByTestId("op-landing-utm").textContent()).toBe("instagram / social / bares-verano");
    expect(await lead.getByTestId("op-landing-stage").textContent()).toBe("Contacto");
    // The welcome email is queued; this service has no platform SMTP, and the console says so.
    expect(await lead.getByTestId("op-landing-welcome").textContent()).toBe("Por enviar");
    expect(await console.getByTestId("op-landing-mail-off").textContent()).toContain(
      "MESSAGING_ACCOUNT_SMTP_HOST",
    );

    // The visitor asks for the demo: a bar's dashboard, signed in; the lead's score counts it.
    await visitor.goto(`${url}/landing/bar`);
    await visitor.getByRole("button", { name: "Probar la demo" }).click();
    await expect.poll(() => textOf(visitor, "nav-org"), { timeout: 30_000 }).toBe("Bar La Esquina (demo)");
    await console.getByTestId("op-tab-leads").click();
    await console.getByTestId("op-tab-landing").click();
    await expect
      .poll(async () => (await lead.getByTestId("op-landing-score").textContent()) ?? "")
      .toBe("54");
    expect(await lead.getByTestId("op-landing-stage").textContent()).toBe("Demo");
    expect(errors).toEqual([]);
  });
});
