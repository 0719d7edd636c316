import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestPty, type TestPty } from "../card-readers/serial/test-pty.js";
import { type RunningAppliance, startAppliance } from "./appliance.js";
import { launchChromium } from "./browser.js";
import { loginAtTill, textOf, typeAsReader } from "./test-till-page.js";

/**
 * A bar that is not the demo configures its card readers in Ajustes, in Chromium: a serial MFRC522 reader
 * on a pseudo-terminal (socat) bound to the Barra till, whose taps show in "Acercá una tarjeta para
 * probar"; its byte order changed and seen at once; a second reader on the same port refused in Spanish;
 * a keyboard-wedge reader read in decimal from the test field.
 */
describe("Ajustes → Lectores de tarjetas, end to end in Chromium", () => {
  let dataDir: string;
  let appliance: RunningAppliance;
  let browser: Browser;
  let page: Page;
  let pty: TestPty;
  const pageErrors: Error[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "mostrador-card-readers-e2e-"));
    appliance = await startAppliance({ dataDir, host: "127.0.0.1", port: 0, seedDemo: false });
    const setup = await fetch(`${appliance.url}/api/setup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        shop: {
          name: "Bar La Esquina",
          taxId: "20123456786",
          ivaCondition: "monotributo",
          address: "Av. Corrientes 1234",
          timeZone: "America/Argentina/Buenos_Aires",
          rubro: "bar",
        },
        owner: { name: "Rocío", pin: "4321", pinConfirm: "4321" },
        terminals: [
          { code: 1, name: "Caja" },
          { code: 2, name: "Barra" },
        ],
        printer: null,
      }),
    });
    expect(setup.status).toBe(201);
    pty = await openTestPty();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on("pageerror", (err) => pageErrors.push(err));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await appliance?.close();
    await pty?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const readerRow = (name: string) => page.locator(`[data-testid="card-reader-row"][data-name="${name}"]`);

  it("adds a serial reader on a pseudo-terminal and shows the UID of a card tapped on it", async () => {
    await page.goto(appliance.url);
    await page.getByTestId("login-terminal-1").click();
    await loginAtTill(page, "Rocío", "4321");
    await page.getByTestId("nav-settings").click();
    await page.getByTestId("settings-tab-cardReaders").click();
    await expect.poll(() => page.getByTestId("card-readers-empty").isVisible()).toBe(true);

    await page.getByTestId("card-reader-name").fill("Barra 1");
    await page.getByTestId("card-reader-kind").selectOption("serial");
    await page.getByTestId("card-reader-till").selectOption({ label: "Barra" });
    await page.getByTestId("card-reader-serial-path").fill(pty.readerPath);
    await page.getByTestId("card-reader-baud").selectOption("9600");
    await page.getByTestId("card-reader-serial-format").selectOption("mfrc522");
    await page.getByTestId("card-reader-save").click();

    await expect.poll(() => readerRow("Barra 1").isVisible()).toBe(true);
    await expect
      .poll(() => readerRow("Barra 1").getByTestId("card-reader-state").textContent(), { timeout: 10_000 })
      .toContain("Conectado");
    expect(await textOf(page, "card-reader-test-uid")).toBe("Esperando una tarjeta…");

    pty.write("Scan PICC to see UID...\r\nCard UID: 04 A3 2B 1C\r\n");
    await expect.poll(() => textOf(page, "card-reader-test-uid")).toBe("04A32B1C");
    expect(await textOf(page, "card-reader-test-at")).toMatch(/^Leída a las \d{1,2}:\d{2}/);
  });

  it("reads the next card in the byte order just saved", async () => {
    await readerRow("Barra 1").getByTestId("card-reader-edit").click();
    await page.getByTestId("card-reader-byte-order").selectOption("reversed");
    await page.getByTestId("card-reader-save").click();
    await expect.poll(() => textOf(page, "card-reader-test-uid")).toBe("04A32B1C");
    // The port is reopened with the new format; a tap sent before it is open would be lost, as with a real reader.
    await expect
      .poll(() => readerRow("Barra 1").getByTestId("card-reader-state").textContent(), { timeout: 10_000 })
      .toContain("Conectado");
    await expect
      .poll(
        async () => {
          pty.write("Card UID: DE AD BE EF\r\n");
          return textOf(page, "card-reader-test-uid");
        },
        { timeout: 10_000, interval: 500 },
      )
      .toBe("EFBEADDE");
  });

  it("refuses a second reader on the same port with the appliance's Spanish reason, adding nothing", async () => {
    await page.getByTestId("card-reader-name").fill("Otra");
    await page.getByTestId("card-reader-kind").selectOption("serial");
    await page.getByTestId("card-reader-serial-path").fill(pty.readerPath);
    await page.getByTestId("card-reader-save").click();
    await expect
      .poll(() => textOf(page, "card-reader-error"))
      .toBe(`El puerto ${pty.readerPath} ya es del lector Barra 1`);
    expect(await page.getByTestId("card-reader-row").count()).toBe(1);
    await page.getByTestId("card-reader-serial-path").fill("");
    await page.getByTestId("card-reader-save").click();
    await expect.poll(() => textOf(page, "card-reader-error")).toContain("Indicá el puerto serie");
    expect(await page.getByTestId("card-reader-row").count()).toBe(1);
  });

  it("tests a keyboard-wedge reader in decimal: the reader's burst is a UID, typing by hand is not", async () => {
    await page.getByTestId("card-reader-name").fill("Caja USB");
    await page.getByTestId("card-reader-kind").selectOption("keyboard");
    await page.getByTestId("card-reader-number-format").selectOption("decimal");
    await page.getByTestId("card-reader-save").click();
    await expect.poll(() => readerRow("Caja USB").isVisible()).toBe(true);
    await expect.poll(() => page.getByTestId("card-wedge-input").isVisible()).toBe(true);

    await page.getByTestId("card-wedge-input").focus();
    // A wedge reader types its ten digits and Enter at once.
    await typeAsReader(page, "1852071033");
    await expect.poll(() => textOf(page, "card-reader-test-uid")).toBe("6E645C79");

    // A person types slower than any reader.
    await page.keyboard.type("1852071033", { delay: 120 });
    await page.keyboard.press("Enter");
    await expect
      .poll(() => textOf(page, "card-reader-test-problem"))
      .toBe("Eso parece tipeado a mano: acercá la tarjeta al lector");
    expect(pageErrors).toEqual([]);
  });
});
