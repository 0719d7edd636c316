import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../core/clock.js";
import { DEFAULT_UI_DIR } from "../dashboard/static-ui.js";
import { ensureDashboardBuilt, launchTestChromium, textOf } from "../dashboard/test-chromium.js";
import type { MessagingConfig } from "../messaging/config.js";
import { messagingModule } from "../messaging/module.js";
import { startTestSmtp } from "../messaging/test-support/test-smtp.js";
import { MessagingWorker } from "../messaging/worker.js";
import { buildCloudServer, type CloudServer } from "../server.js";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import { Secret, TOTP } from "otpauth";
import { mailText } from "./test-account-world.js";

/**
 * The public site in Chromium: a shop signs up on a phone-sized screen, opens the verification link
 * from the email the real SMTP server caught, logs in, and invites an accountant who then cannot edit.
 */
describe("sign-up and accounts in the dashboard", () => {
  let db: TestDatabase;
  let app: CloudServer;
  let url: string;
  let browser: Browser;
  let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
  let worker: MessagingWorker;
  const clock = new ManualClock("2026-03-02T15:00:00Z");
  const owner = { email: `duenia-alta-${Date.now()}@example.com`, password: "mi negocio de ropa 2026" };
  const accountant = { email: `contadora-${Date.now()}@example.com`, password: "balances y asientos 7" };

  beforeAll(async () => {
    await ensureDashboardBuilt();
    db = await createTestDatabase();
    smtp = await startTestSmtp();
    const config: MessagingConfig = {
      ...messagingModule.config,
      email: { bounceDomain: "rebotes.test", ignoreTls: true },
      accountEmail: {
        settings: { host: "127.0.0.1", port: smtp.port, secure: false, from: "cuentas@mostrador.test" },
        password: null,
      },
      bounceSmtp: null,
    };
    worker = new MessagingWorker(db.sql, clock, config);
    app = await buildCloudServer(db.sql, { clock, uiDir: DEFAULT_UI_DIR });
    url = (await app.listen({ port: 0, host: "127.0.0.1" })).replace("[::1]", "127.0.0.1");
    browser = await launchTestChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await smtp?.close();
    await db?.drop();
  });

  /** The link of kind `key` in the newest email to `to`, once the worker has sent it. */
  async function linkFor(to: string, key: string): Promise<string> {
    let link = "";
    await expect
      .poll(async () => {
        await worker.runOnce();
        const texts = smtp.received.filter((m) => m.to.includes(to)).map((m) => mailText(m.raw));
        link = texts.at(-1)?.match(new RegExp(`https?://\\S+/#${key}=mo[a-z]_[A-Za-z0-9_-]+`))?.[0] ?? "";
        return link;
      })
      .not.toBe("");
    // The email points at CLOUD_PUBLIC_URL; this test's server listens elsewhere: same fragment, our address.
    return `${url}/${link.slice(link.indexOf("#"))}`;
  }

  it("signs up, verifies the email from the real mail, logs in and invites an accountant who cannot edit", async () => {
    const errors: string[] = [];
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    phone.on("pageerror", (err) => errors.push(String(err)));
    await phone.goto(url);
    await phone.getByTestId("login-to-signup").click();
    await phone.getByTestId("signup-business").fill("Ropa Linda");
    await phone.getByTestId("signup-rubro").selectOption("ropa");
    await phone.getByTestId("signup-email").fill(owner.email);
    await phone.getByTestId("signup-password").fill("corta");
    await phone.getByTestId("signup-terms").check();
    await phone.getByTestId("signup-submit").click();
    await expect
      .poll(() => textOf(phone, "signup-error"))
      .toBe("La contraseña necesita al menos 10 caracteres");
    await phone.getByTestId("signup-password").fill(owner.password);
    await phone.getByTestId("signup-submit").click();
    // In, with the shop's name, and the banner saying what waits for the email.
    await expect.poll(() => textOf(phone, "nav-org")).toBe("Ropa Linda");
    await expect
      .poll(() => textOf(phone, "unverified-banner"))
      .toContain(`Confirmá tu email (${owner.email})`);
    // The form fits a phone: nothing wider than the screen.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390 + 1);

    // The link from the email, opened where the person reads their mail (another browser).
    const verifyLink = await linkFor(owner.email, "verificar");
    const mailPage = await browser.newPage();
    mailPage.on("pageerror", (err) => errors.push(String(err)));
    await mailPage.goto(verifyLink);
    await expect.poll(() => textOf(mailPage, "verify-done")).toBe(`Listo: ${owner.email} quedó confirmado.`);
    expect(mailPage.url()).not.toContain("#verificar");

    // Log in there: no banner any more.
    await mailPage.getByTestId("to-login").click();
    await mailPage.getByTestId("login-email").fill(owner.email);
    await mailPage.getByTestId("login-password").fill(owner.password);
    await mailPage.getByTestId("login-submit").click();
    await expect.poll(() => textOf(mailPage, "nav-org")).toBe("Ropa Linda");
    expect(await mailPage.getByTestId("unverified-banner").count()).toBe(0);

    // Invite the accountant.
    await mailPage.getByTestId("nav-team").click();
    await mailPage.getByTestId("invite-email").fill(accountant.email);
    await mailPage.getByTestId("invite-role").selectOption("accountant");
    await mailPage.getByTestId("invite-send").click();
    await expect.poll(() => textOf(mailPage, "team-notice")).toBe("Invitación enviada.");
    await expect
      .poll(() => textOf(mailPage, `invitation-${accountant.email}`))
      .toContain("Contador/a (solo lectura)");

    // The accountant follows the invitation, sets a password and is in.
    const inviteLink = await linkFor(accountant.email, "invitacion");
    const theirs = await browser.newPage();
    theirs.on("pageerror", (err) => errors.push(String(err)));
    await theirs.goto(inviteLink);
    await expect
      .poll(() => textOf(theirs, "invite-who"))
      .toBe(
        `Ropa Linda te invita como Contador/a (solo lectura) (${accountant.email}). Elegí tu contraseña para entrar.`,
      );
    await theirs.getByTestId("link-password").fill(accountant.password);
    await theirs.getByTestId("link-submit").click();
    await expect.poll(() => textOf(theirs, "nav-org")).toBe("Ropa Linda");

    // They can read (the stores are there) but not change: the cloud refuses and says why.
    await theirs.getByTestId("nav-stores").click();
    await expect.poll(() => theirs.getByText("Ropa Linda").count()).toBeGreaterThan(1);
    await theirs.getByTestId("store-name").fill("Sucursal que no va");
    await theirs.getByTestId("store-create").click();
    await expect
      .poll(() => textOf(theirs, "stores-error"))
      .toBe("Tu rol es de solo lectura (contador/a): podés ver todo, pero no cambiar nada");
    const stores = await db.owner.query("SELECT name FROM stores WHERE name = 'Sucursal que no va'");
    expect(stores).toEqual([]);

    // The owner sees them on the team.
    await mailPage.reload();
    await mailPage.getByTestId("nav-team").click();
    await expect
      .poll(() => textOf(mailPage, `member-${accountant.email}`))
      .toContain("Contador/a (solo lectura)");
    expect(errors).toEqual([]);
  }, 120_000);

  it("turns on the second factor with the QR, logs in with a code, and resets a forgotten password by email", async () => {
    const errors: string[] = [];
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("pageerror", (err) => errors.push(String(err)));
    await page.goto(url);
    await page.getByTestId("login-email").fill(owner.email);
    await page.getByTestId("login-password").fill(owner.password);
    await page.getByTestId("login-submit").click();
    await page.getByTestId("nav-team").click();

    await page.getByTestId("totp-password").fill(owner.password);
    await page.getByTestId("totp-start").click();
    await expect.poll(() => page.getByTestId("totp-qr").count()).toBe(1);
    const secret = await textOf(page, "totp-secret");
    const totp = new TOTP({ secret: Secret.fromBase32(secret) });
    await page.getByTestId("totp-code").fill(totp.generate({ timestamp: clock.now().getTime() }));
    await page.getByTestId("totp-confirm").click();
    await expect.poll(() => textOf(page, "security-notice")).toBe("Segundo factor activo.");
    expect((await textOf(page, "totp-recovery")).match(/[a-z2-9]{5}-[a-z2-9]{5}/g)).toHaveLength(10);

    // Next login asks for the app's code.
    clock.advance(30_000);
    await page.getByTestId("logout").click();
    await page.getByTestId("login-email").fill(owner.email);
    await page.getByTestId("login-password").fill(owner.password);
    await page.getByTestId("login-submit").click();
    await page.getByTestId("login-code").fill("000000");
    await page.getByTestId("login-submit").click();
    await expect
      .poll(() => textOf(page, "login-error"))
      .toBe("El código no es correcto (o ya se usó): probá con el siguiente");
    await page.getByTestId("login-code").fill(totp.generate({ timestamp: clock.now().getTime() }));
    await page.getByTestId("login-submit").click();
    await expect.poll(() => textOf(page, "nav-org")).toBe("Ropa Linda");

    // Forgotten password: the same answer for any address, the link from the mail, then the new one works.
    await page.getByTestId("logout").click();
    await page.getByTestId("login-to-forgot").click();
    await page.getByTestId("forgot-email").fill(owner.email);
    await page.getByTestId("forgot-submit").click();
    await expect.poll(() => textOf(page, "forgot-sent")).toContain("Si ese email tiene una cuenta");
    const resetPage = await browser.newPage();
    resetPage.on("pageerror", (err) => errors.push(String(err)));
    await resetPage.goto(await linkFor(owner.email, "restablecer"));
    await resetPage.getByTestId("link-password").fill("una clave nueva y larga");
    await resetPage.getByTestId("link-submit").click();
    await expect.poll(() => textOf(resetPage, "reset-done")).toContain("Contraseña cambiada");
    await resetPage.getByTestId("to-login").click();
    await resetPage.getByTestId("login-email").fill(owner.email);
    await resetPage.getByTestId("login-password").fill("una clave nueva y larga");
    await resetPage.getByTestId("login-submit").click();
    await expect.poll(() => resetPage.getByTestId("login-code").count()).toBe(1);
    expect(errors).toEqual([]);
  }, 120_000);
});
