import iconv from "iconv-lite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formatDateTime } from "../../receipts/es-ar-format.js";
import { closedPort, type FakePrinter, startFakePrinter } from "../../receipts/test-printer.js";
import { ACCENTS_LINE } from "../../receipts/test-page.js";
import { updateSettings } from "@mostrador/kernel/shop/settings";
import { bearer, openTestApi, type TestApi } from "../test-api.js";

/** What the printer's code page (PC858) holds for a text: the bytes a real ticket carries. */
const pc858 = (s: string) => iconv.encode(s, "cp858");
const ESC_P = Buffer.from([0x1b, 0x70]);
const CUT = Buffer.from([0x1d, 0x56]);

describe("POST /api/printer/test: a real test page on the printer", () => {
  let t: TestApi;
  let printer: FakePrinter;
  let owner: Record<string, string>;

  beforeEach(async () => {
    t = await openTestApi();
    printer = await startFakePrinter();
    updateSettings(t.core.db, {
      name: "Almacén Don Ñoño",
      timeZone: "America/Argentina/Cordoba",
      printer: { interface: printer.uri, type: "epson", widthMm: 58, openDrawerOnCash: true },
    });
    owner = bearer(t.tokenFor("owner", "Martín"));
  });
  afterEach(async () => {
    await printer.close();
    await t.close();
  });

  const test = (body: object, headers = owner) =>
    t.app.inject({ method: "POST", url: "/api/printer/test", headers, payload: body });

  it("prints the shop name, the date in the shop's zone, the accents, the settings and a cut; no drawer unless asked", async () => {
    const res = await test({});
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ printed: true });
    const job = await printer.nextJob();
    expect(job.subarray(0, 2)).toEqual(Buffer.from([0x1b, 0x40]));
    expect(job.includes(pc858("PRUEBA DE IMPRESORA"))).toBe(true);
    expect(job.includes(pc858("Almacén Don Ñoño"))).toBe(true);
    const when = formatDateTime(t.core.clock.now().toISOString(), "America/Argentina/Cordoba");
    expect(job.includes(pc858(when))).toBe(true);
    expect(job.includes(pc858(ACCENTS_LINE))).toBe(true);
    expect(pc858(ACCENTS_LINE).includes(Buffer.from("?"))).toBe(false); // every letter is in the code page
    expect(job.includes(pc858(printer.uri))).toBe(true);
    expect(job.includes(pc858("58 mm"))).toBe(true);
    expect(job.includes(CUT)).toBe(true);
    expect(job.includes(ESC_P)).toBe(false); // openDrawerOnCash is about sales, not the test page

    expect((await test({ openDrawer: true })).statusCode).toBe(200);
    const withDrawer = await printer.nextJob();
    expect(withDrawer.includes(ESC_P)).toBe(true);
    expect(withDrawer.includes(pc858("PRUEBA DE IMPRESORA"))).toBe(true);
  });

  it("is for whoever edits the settings: a cashier gets 403 and nothing prints", async () => {
    const res = await test({}, bearer(t.tokenFor("cashier", "Lucía")));
    expect(res.statusCode).toBe(403);
    expect(printer.jobs).toHaveLength(0);
  });

  it("a printer that does not answer is 503, and the status keeps the last error until a print works", async () => {
    const status = async () =>
      (await t.app.inject({ method: "GET", url: "/api/printer/status", headers: owner })).json();
    expect((await status()).lastError).toBeNull();
    const good = printer.uri;
    updateSettings(t.core.db, {
      printer: {
        interface: `tcp://127.0.0.1:${await closedPort()}`,
        type: "epson",
        widthMm: 80,
        openDrawerOnCash: false,
      },
    });
    const res = await test({});
    expect(res.statusCode).toBe(503);
    expect(res.json().error.code).toBe("printer_unavailable");
    const failed = await status();
    expect(failed.lastError.message).toContain("La impresora no responde");
    expect(failed.lastError.at).toBe(t.core.clock.now().toISOString());

    updateSettings(t.core.db, {
      printer: { interface: good, type: "epson", widthMm: 80, openDrawerOnCash: false },
    });
    expect((await test({})).statusCode).toBe(200);
    expect((await status()).lastError).toBeNull();
  });
});
