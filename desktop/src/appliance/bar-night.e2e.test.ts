import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dayKeyIn } from "@mostrador/contracts/zoned-day";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestPty, type TestPty } from "../card-readers/serial/test-pty.js";
import { type RunningAppliance, startAppliance } from "./appliance.js";
import { launchChromium } from "./browser.js";
import { loginAtTill, textOf, typeAsReader } from "./test-till-page.js";

const TZ = "America/Argentina/Buenos_Aires";
const FERNET = 600_000;
const CERVEZA = 450_000;
/** The wristband: its chip's UID as an MFRC522 sketch prints it, and as a decimal keyboard reader types it. */
const CARD = "04A32B1C";
const CARD_LINE = "Card UID: 04 A3 2B 1C\r\n";
const CARD_DECIMAL = String(0x04a32b1c);
const NEW_CARD = "04B77C21";
/** The number printed on the wristband, ten digits: as a decimal UID it would be another card (6E645C79). */
const PRINTED = "1852071033";

/**
 * Issue 15's night at a bar that is not the demo (set up through /api/setup), in Chromium: the cash desk's
 * serial reader (an MFRC522 on a socat pseudo-terminal, configured in Ajustes) reads the wristband into
 * Tarjetas, where it is issued (its printed number scanned, the readers standing aside) and topped up in cash;
 * on another browser session, the bar's tablet charges two drinks, one tapped on its decimal keyboard-wedge
 * reader and one on its own serial reader (the same UID from both); the balance is seen at the bar and at the
 * desk (on the desk's decimal reader); the card is blocked and its balance moved to a
 * new wristband tapped on the desk's reader; both shifts are closed with Z reports that show top-ups and card
 * sales apart; and Tarjetas → Reportes shows the same figures per shift, per till and per period, the
 * balance at a moment, and refuses a reversed period.
 */
describe("a night at the bar with prepaid cards, end to end in Chromium", () => {
  let dataDir: string;
  let appliance: RunningAppliance;
  let browser: Browser;
  let deskReader: TestPty;
  let barReader: TestPty;
  const pageErrors: Error[] = [];
  let owner: string;
  let till: { desk: string; bar: string };
  let barSerialId: string;

  const api = async (method: string, path: string, body?: unknown, token?: string) => {
    const res = await fetch(`${appliance.url}/api${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown> & { id: string };
  };
  const readerState = async (id: string) => (await api("GET", `/card-readers/${id}`, undefined, owner)).state;
  const balanceOf = (uid: string) =>
    appliance.ctx.db
      .prepare(
        "SELECT COALESCE(SUM(e.amount), 0) FROM card_entries e JOIN cards c ON c.id = e.card_id WHERE c.uid = ? AND c.status != 'replaced'",
      )
      .pluck()
      .get(uid) as number;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "mostrador-bar-night-e2e-"));
    appliance = await startAppliance({ dataDir, host: "127.0.0.1", port: 0, seedDemo: false });
    const setup = (await api("POST", "/setup", {
      shop: {
        name: "Boliche Medianoche",
        taxId: "20-12345678-6",
        ivaCondition: "responsable_inscripto",
        address: "Av. Corrientes 1234, CABA",
        timeZone: TZ,
        rubro: "bar",
      },
      owner: { name: "Rocío", pin: "2580", pinConfirm: "2580" },
      terminals: [
        { code: 1, name: "Caja" },
        { code: 2, name: "Barra" },
      ],
      printer: null,
    })) as unknown as { ownerId: string; terminals: { id: string; code: number }[] };
    till = {
      desk: setup.terminals.find((x) => x.code === 1)!.id,
      bar: setup.terminals.find((x) => x.code === 2)!.id,
    };
    owner = (
      (await api("POST", "/auth/login", {
        staffId: setup.ownerId,
        pin: "2580",
        terminalId: till.desk,
      })) as unknown as { token: string }
    ).token;
    // The bar's manager for the night closes the bar's shift herself.
    await api("POST", "/staff", { name: "Bruno", role: "manager", pin: "1357" }, owner);
    const tragos = await api("POST", "/categories", { name: "Tragos" }, owner);
    const cervezas = await api("POST", "/categories", { name: "Cervezas" }, owner);
    const product = (sku: string, name: string, price: number, categoryId: string) =>
      api("POST", "/products", { sku, name, price, ivaRate: 2100, unit: "each", categoryId }, owner);
    const fernet = await product("FER", "Fernet con cola", FERNET, tragos.id);
    const cerveza = await product("CER", "Cerveza tirada", CERVEZA, cervezas.id);
    await api(
      "POST",
      "/bars",
      {
        name: "Barra principal",
        groups: [
          { categoryId: tragos.id, productIds: [fernet.id] },
          { categoryId: cervezas.id, productIds: [cerveza.id] },
        ],
      },
      owner,
    );
    // The desk also has a USB reader that types the 32-bit id in decimal.
    await api(
      "POST",
      "/card-readers",
      { name: "USB caja", kind: "keyboard", terminalId: till.desk, numberFormat: "decimal" },
      owner,
    );
    // The bar's own readers: a USB reader that types the 32-bit id in decimal, and a serial MFRC522.
    deskReader = await openTestPty();
    barReader = await openTestPty();
    await api(
      "POST",
      "/card-readers",
      { name: "USB barra", kind: "keyboard", terminalId: till.bar, numberFormat: "decimal" },
      owner,
    );
    const barSerial = await api(
      "POST",
      "/card-readers",
      {
        name: "Serie barra",
        kind: "serial",
        terminalId: till.bar,
        serialPath: barReader.readerPath,
        baudRate: 9600,
        serialFormat: "mfrc522",
      },
      owner,
    );
    barSerialId = barSerial.id;
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await appliance?.close();
    await deskReader?.close();
    await barReader?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const session = async (tillCode: number, who: string, pin: string): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, hasTouch: true });
    const page = await context.newPage();
    page.on("pageerror", (err) => pageErrors.push(err));
    await page.goto(appliance.url);
    await page.getByTestId(`login-terminal-${tillCode}`).click();
    await loginAtTill(page, who, pin);
    return page;
  };
  const openShift = async (page: Page) => {
    await page.getByTestId("nav-cash").click();
    await page.getByTestId("cash-open-float").fill("0");
    await page.getByTestId("cash-open-submit").click();
    await expect.poll(() => page.getByTestId("cash-session-info").isVisible()).toBe(true);
  };
  const closeShift = async (page: Page, counted: string) => {
    await page.getByTestId("nav-cash").click();
    await page.getByTestId("cash-close-counted").fill(counted);
    await page.getByTestId("cash-close-submit").click();
    await page.getByTestId("confirm-ok").click();
    await expect.poll(() => page.getByTestId("z-report").isVisible(), { timeout: 10_000 }).toBe(true);
  };
  const outcome = (page: Page) => page.getByTestId("bar-outcome").getAttribute("data-outcome");

  it("issues and tops up a card tapped on the desk's serial reader, charges two drinks at the bar, blocks and transfers it, closes the shifts and reports", async () => {
    // The bar's serial port is open (a line sent before that is lost, as with a real reader).
    await expect.poll(() => readerState(barSerialId), { timeout: 10_000 }).toBe("open");

    // ── The cash desk: its serial reader configured in Ajustes, the shift opened.
    const desk = await session(1, "Rocío", "2580");
    await desk.getByTestId("nav-settings").click();
    await desk.getByTestId("settings-tab-cardReaders").click();
    await desk.getByTestId("card-reader-name").fill("Caja");
    await desk.getByTestId("card-reader-kind").selectOption("serial");
    await desk.getByTestId("card-reader-till").selectOption({ label: "Caja" });
    await desk.getByTestId("card-reader-serial-path").fill(deskReader.readerPath);
    await desk.getByTestId("card-reader-baud").selectOption("9600");
    await desk.getByTestId("card-reader-serial-format").selectOption("mfrc522");
    await desk.getByTestId("card-reader-save").click();
    const deskRow = desk.locator('[data-testid="card-reader-row"][data-name="Caja"]');
    await expect
      .poll(() => deskRow.getByTestId("card-reader-state").textContent(), { timeout: 10_000 })
      .toContain("Conectado");
    await openShift(desk);

    // ── Tarjetas: the wristband tapped on the serial reader; unknown, so it is issued in place.
    await desk.getByTestId("nav-cards").click();
    await expect.poll(() => desk.getByTestId("cards-uid").isVisible()).toBe(true);
    deskReader.write(`Scan PICC to see UID...\r\n${CARD_LINE}`);
    await expect.poll(() => textOf(desk, "card-issue"), { timeout: 10_000 }).toContain(CARD);
    expect(await desk.getByTestId("cards-uid").inputValue()).toBe("");
    // The number printed on the wristband is read by a barcode scanner into its field: a fast burst and Enter,
    // as a keyboard card reader's. With that field focused the card readers stand aside, so it is the printed
    // number (and Enter issues the card), not a card with the UID those digits would make.
    await desk.getByTestId("cards-issue-printed").focus();
    await typeAsReader(desk, PRINTED);
    await expect.poll(() => textOf(desk, "card-uid"), { timeout: 10_000 }).toBe(CARD);
    expect(await textOf(desk, "card-panel")).toContain(PRINTED);
    // $ 20.000 in cash, typed and Enter.
    await desk.getByTestId("cards-topup-amount").fill("20000");
    await desk.getByTestId("cards-topup-amount").press("Enter");
    await expect.poll(() => textOf(desk, "card-balance"), { timeout: 10_000 }).toBe("$ 20.000,00");

    // ── The bar, another browser session on another till: two drinks, two touches each.
    const bar = await session(2, "Bruno", "1357");
    await openShift(bar);
    await bar.getByTestId("nav-bar").click();
    await expect.poll(() => bar.getByTestId("bar-product-Fernet con cola").count()).toBe(1);
    // Drink 1 on the decimal keyboard reader: its burst is read with the reader's format, the same card.
    await bar.getByTestId("bar-product-Fernet con cola").tap();
    await typeAsReader(bar, CARD_DECIMAL);
    await expect.poll(() => outcome(bar), { timeout: 10_000 }).toBe("charged");
    expect(await textOf(bar, "bar-before")).toBe("$ 20.000,00");
    expect(await textOf(bar, "bar-after")).toBe("$ 14.000,00");
    expect(await bar.getByTestId("bar-card-input").inputValue()).toBe("");
    // Drink 2 on the bar's serial reader.
    await bar.getByTestId("bar-product-Cerveza tirada").tap();
    barReader.write(CARD_LINE);
    await expect.poll(() => textOf(bar, "bar-after"), { timeout: 10_000 }).toBe("$ 9.500,00");
    expect(await textOf(bar, "bar-before")).toBe("$ 14.000,00");
    expect(balanceOf(CARD)).toBe(2_000_000 - FERNET - CERVEZA);
    // The card alone shows its balance.
    await typeAsReader(bar, CARD_DECIMAL);
    await expect.poll(() => outcome(bar), { timeout: 10_000 }).toBe("balance");
    expect(await textOf(bar, "bar-balance")).toBe("$ 9.500,00");

    // ── Back at the desk: the same card on the desk's decimal USB reader, with the top-up amount field focused:
    // the same card as the serial reader's, its balance what the bar left, and the reader's digits not left
    // behind in the amount.
    await desk.getByTestId("cards-topup-amount").focus();
    await typeAsReader(desk, CARD_DECIMAL);
    await expect.poll(() => textOf(desk, "card-balance"), { timeout: 10_000 }).toBe("$ 9.500,00");
    expect(await desk.getByTestId("cards-topup-amount").inputValue()).toBe("");
    await expect.poll(() => desk.getByTestId("card-entry").count()).toBe(3);
    await desk.getByTestId("cards-block-reason").fill("Perdida");
    await desk.getByTestId("cards-block").click();
    await expect.poll(() => textOf(desk, "card-status"), { timeout: 10_000 }).toBe("Bloqueada (Perdida)");
    // Its balance goes to a new wristband, tapped on the same reader: the transfer's field takes that tap.
    await desk.getByTestId("cards-transfer").click();
    await expect.poll(() => desk.getByTestId("cards-transfer-uid").isVisible()).toBe(true);
    deskReader.write("Card UID: 04 B7 7C 21\r\n");
    await expect.poll(() => textOf(desk, "card-uid"), { timeout: 10_000 }).toBe(NEW_CARD);
    expect(await textOf(desk, "card-balance")).toBe("$ 9.500,00");
    expect(balanceOf(NEW_CARD)).toBe(950_000);

    // The old wristband no longer pays at the bar: refused, nothing charged.
    const sales = appliance.ctx.db.prepare("SELECT count(*) FROM sales").pluck().get();
    await bar.getByTestId("bar-product-Fernet con cola").tap();
    await expect
      .poll(
        () => {
          barReader.write(CARD_LINE);
          return outcome(bar);
        },
        { timeout: 10_000, interval: 1_600 },
      )
      .toBe("refused");
    expect(appliance.ctx.db.prepare("SELECT count(*) FROM sales").pluck().get()).toBe(sales);
    await bar.getByTestId("bar-clear").tap();

    // ── The shifts close. The desk's Z: the top-up in cash, apart from sales; the drawer expects it.
    await closeShift(desk, "20000");
    expect(await textOf(desk, "report-card-topups")).toBe("$ 20.000,00 · Efectivo $ 20.000,00");
    expect(await textOf(desk, "report-card-sales")).toBe("$ 0,00");
    expect(await textOf(desk, "report-sales-count")).toBe("0");
    expect(await textOf(desk, "z-difference")).toContain("$ 0,00");
    // The bar's Z: two card sales, no top-ups, no cash.
    await bar.getByTestId("bar-exit").click();
    await closeShift(bar, "0");
    expect(await textOf(bar, "report-card-sales")).toBe("$ 10.500,00");
    expect(await textOf(bar, "report-card-topups")).toBe("$ 0,00");
    expect(await textOf(bar, "report-sales-count")).toBe("2");

    // ── Tarjetas → Reportes shows the same figures.
    await desk.getByTestId("nav-cards").click();
    await desk.getByTestId("cards-tab-reports").click();
    const shiftOf = (terminalId: string) =>
      appliance.ctx.db
        .prepare("SELECT id FROM cash_sessions WHERE terminal_id = ?")
        .pluck()
        .get(terminalId) as string;
    await expect.poll(() => desk.locator('[data-testid="cards-reports-shift"] option').count()).toBe(3);
    await desk.getByTestId("cards-reports-shift").selectOption(shiftOf(till.desk));
    await desk.getByTestId("cards-reports-show").click();
    await expect.poll(() => textOf(desk, "cards-reports-topups")).toBe("$ 20.000,00 (1)");
    expect(await textOf(desk, "cards-reports-topups-cash")).toBe("$ 20.000,00");
    expect(await textOf(desk, "cards-reports-charges")).toBe("$ 0,00 (0)");
    expect(await textOf(desk, "cards-reports-issued")).toBe("1 · $ 0,00");
    expect(await textOf(desk, "cards-reports-cash")).toBe("$ 20.000,00");

    await desk.getByTestId("cards-reports-shift").selectOption(shiftOf(till.bar));
    await desk.getByTestId("cards-reports-show").click();
    await expect.poll(() => textOf(desk, "cards-reports-charges")).toBe("$ 10.500,00 (2)");
    expect(await textOf(desk, "cards-reports-topups")).toBe("$ 0,00 (0)");
    expect(
      (await desk.getByTestId("cards-reports-product").allTextContents()).map((r) =>
        r.replace(/\u00a0/g, " "),
      ),
    ).toEqual(["Fernet con cola1$ 6.000,00", "Cerveza tirada1$ 4.500,00"]);

    // Per till over today's period (the shop's day): the bar's till, the same charges.
    const today = dayKeyIn(new Date(), TZ);
    await desk.getByTestId("cards-reports-shift").selectOption("");
    await desk.getByTestId("cards-reports-till").selectOption({ label: "Barra" });
    await desk.getByTestId("cards-reports-from").fill(today);
    await desk.getByTestId("cards-reports-to").fill(today);
    await desk.getByTestId("cards-reports-show").click();
    await expect.poll(() => textOf(desk, "cards-reports-charges")).toBe("$ 10.500,00 (2)");
    // All tills, today: the top-up and the charges of the night.
    await desk.getByTestId("cards-reports-till").selectOption("");
    await desk.getByTestId("cards-reports-show").click();
    await expect.poll(() => textOf(desk, "cards-reports-topups")).toBe("$ 20.000,00 (1)");
    expect(await textOf(desk, "cards-reports-charges")).toBe("$ 10.500,00 (2)");
    // A reversed period is refused in words, and the figures are gone rather than stale.
    const yesterday = dayKeyIn(new Date(Date.now() - 86_400_000), TZ);
    await desk.getByTestId("cards-reports-from").fill(today);
    await desk.getByTestId("cards-reports-to").fill(yesterday);
    await desk.getByTestId("cards-reports-show").click();
    await expect
      .poll(() => textOf(desk, "cards-reports-error"))
      .toBe('El período termina antes de empezar: "Hasta" tiene que ser posterior a "Desde"');
    expect(await desk.getByTestId("cards-reports-result").count()).toBe(0);

    // The balance on cards: at the end of today the new wristband's $ 9.500; at the end of yesterday, nothing.
    await expect.poll(() => textOf(desk, "cards-reports-outstanding")).toContain("$ 9.500,00 en 1 tarjeta");
    await desk.getByTestId("cards-reports-at-day").fill(yesterday);
    await desk.getByTestId("cards-reports-at-show").click();
    await expect.poll(() => textOf(desk, "cards-reports-outstanding")).toContain("$ 0,00 en 0 tarjetas");
    await desk.getByTestId("cards-reports-at-day").fill(today);
    await desk.getByTestId("cards-reports-at-show").click();
    await expect.poll(() => textOf(desk, "cards-reports-outstanding")).toContain("$ 9.500,00 en 1 tarjeta");
    expect(await textOf(desk, "cards-reports-expiry")).toBe(
      "El saldo de las tarjetas no vence (Ajustes de tarjetas)",
    );
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
