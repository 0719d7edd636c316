import type { PrinterSettings } from "@mostrador/contracts/http/settings";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, type TestCore } from "../appliance/test-core.js";
import { updateSettings } from "@mostrador/kernel/shop/settings";
import type { Principal } from "@mostrador/kernel/staff/sessions";
import { openDrawer, printerStatus, printReport, printSale } from "./printer.js";
import { closedPort, type FakePrinter, startFakePrinter } from "./test-printer.js";
import { insertTestSale, saleSnapshot } from "./test-sale.js";

const has = (haystack: Buffer, ...b: number[]) => haystack.includes(Buffer.from(b));

describe("printing to a receipt printer", () => {
  let core: TestCore;
  let printer: FakePrinter;
  let dir: string;
  const configurePrinter = (p: Partial<PrinterSettings>) =>
    updateSettings(core.db, {
      printer: { interface: printer.uri, type: "epson", widthMm: 80, openDrawerOnCash: false, ...p },
    });

  beforeEach(async () => {
    core = openTestCore();
    printer = await startFakePrinter();
    dir = mkdtempSync(join(tmpdir(), "mostrador-printer-"));
    updateSettings(core.db, { name: "Carnicería El Ñandú" });
  });
  afterEach(async () => {
    await printer.close();
    core.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("sends ESC @, the shop name, the formatted total and a cut to a TCP printer, and kicks the drawer when asked", async () => {
    configurePrinter({});
    const { saleId } = insertTestSale(core);
    await printSale(core, saleId, { openDrawer: true });
    const job = await printer.nextJob();
    expect(job.subarray(0, 2)).toEqual(Buffer.from([0x1b, 0x40]));
    expect(job.includes(Buffer.from("Carnicer\xa1a El \xa5and\xa3", "latin1"))).toBe(true); // í, Ñ, ú in PC858
    expect(job.includes(Buffer.from("$ 18.045,00"))).toBe(true);
    expect(has(job, 0x1d, 0x56, 0x00)).toBe(true);
    expect(has(job, 0x1b, 0x70, 0x00)).toBe(true);

    await printSale(core, saleId, { openDrawer: false });
    expect(has(await printer.nextJob(), 0x1b, 0x70)).toBe(false);
  });

  it("sends Star commands to a Star printer", async () => {
    configurePrinter({ type: "star" });
    const { saleId } = insertTestSale(core);
    await printSale(core, saleId, { openDrawer: true });
    const job = await printer.nextJob();
    expect(has(job, 0x1b, 0x64, 0x02)).toBe(true);
    expect(has(job, 0x1b, 0x07, 0x0b, 0x37, 0x07)).toBe(true);
    expect(has(job, 0x1d, 0x56, 0x00)).toBe(false);
  });

  it("opens the drawer by the shop's setting only for a fresh cash sale, never with a reprint later", async () => {
    configurePrinter({ openDrawerOnCash: true });
    const cash = insertTestSale(core);
    await printSale(core, cash.saleId);
    expect(has(await printer.nextJob(), 0x1b, 0x70, 0x00)).toBe(true);

    const card = insertTestSale(core, { payments: [{ method: "credit", amount: cash.total }] });
    await printSale(core, card.saleId, { openDrawer: true });
    expect(has(await printer.nextJob(), 0x1b, 0x70, 0x00)).toBe(false);

    core.clock.advance(60 * 60 * 1000);
    await printSale(core, cash.saleId, { openDrawer: true });
    expect(has(await printer.nextJob(), 0x1b, 0x70, 0x00)).toBe(false);
  });

  it("answers printer_unavailable when nothing listens, and leaves the sale untouched", async () => {
    updateSettings(core.db, {
      printer: {
        interface: `tcp://127.0.0.1:${await closedPort()}`,
        type: "epson",
        widthMm: 58,
        openDrawerOnCash: true,
      },
    });
    const { saleId } = insertTestSale(core);
    const before = saleSnapshot(core, saleId);
    await expect(printSale(core, saleId, { openDrawer: true })).rejects.toMatchObject({
      kind: "unavailable",
      code: "printer_unavailable",
      message: expect.stringContaining("no responde"),
    });
    expect(saleSnapshot(core, saleId)).toEqual(before);
  });

  it("refuses to print with no printer configured, and for an unknown sale, before touching any device", async () => {
    const { saleId } = insertTestSale(core);
    await expect(printSale(core, saleId)).rejects.toMatchObject({ code: "printer_unavailable" });
    configurePrinter({});
    await expect(printSale(core, "no-such-sale")).rejects.toMatchObject({ code: "sale_not_found" });
    expect(printer.jobs).toHaveLength(0);
  });

  it("writes the ticket to a device path (here a plain file standing in for /dev/usb/lp0)", async () => {
    const device = join(dir, "lp0");
    writeFileSync(device, "");
    configurePrinter({ interface: device, widthMm: 58 });
    const { saleId } = insertTestSale(core);
    await printSale(core, saleId);
    const written = readFileSync(device);
    expect(written.subarray(0, 2)).toEqual(Buffer.from([0x1b, 0x40]));
    expect(written.includes(Buffer.from("$ 18.045,00"))).toBe(true);
  });

  it("does not create a missing device file: it reports the printer unavailable", async () => {
    configurePrinter({ interface: join(dir, "lp9") });
    const { saleId } = insertTestSale(core);
    await expect(printSale(core, saleId)).rejects.toMatchObject({
      code: "printer_unavailable",
      message: expect.stringContaining("no existe"),
    });
    expect(() => readFileSync(join(dir, "lp9"))).toThrow();
  });

  it("prints a Z report with the cash difference", async () => {
    configurePrinter({});
    await printReport(core, {
      sessionId: "s1",
      terminal: { id: "t1", code: 1, name: "Caja 1" },
      openedAt: "2026-11-21T11:00:00.000Z",
      closedAt: "2026-11-21T23:00:00.000Z",
      openedBy: "Ana",
      closedBy: "Beto",
      openingFloat: 1_000_000,
      salesCount: 3,
      grossSales: 6_000_000,
      discounts: 100_000,
      returns: { count: 0, total: 0 },
      voids: { count: 0, total: 0 },
      byMethod: [{ method: "cash", sales: 5_900_000, refunds: 0, net: 5_900_000 }],
      byIvaRate: [{ rate: 2100, net: 4_876_033, iva: 1_023_967, total: 5_900_000 }],
      cashIn: 0,
      cashOut: 0,
      expectedCash: 6_900_000,
      countedCash: 6_850_000,
      difference: -50_000,
    });
    const job = (await printer.nextJob()).toString("latin1");
    expect(job).toContain("CIERRE Z");
    expect(job).toMatch(/Faltante +-\$ 500,00/);
    expect(job).toMatch(/Esperado en caja +\$ 69\.000,00/);
  });

  describe("opening the drawer without a sale", () => {
    const manager = (terminalId: string | null): Principal => {
      const id = "mgr";
      core.db
        .prepare(
          "INSERT OR IGNORE INTO staff (id, name, role, pin_hash, created_at, updated_at) VALUES (?, 'Marta', 'manager', 'x', ?, ?)",
        )
        .run(id, "2026-11-21T13:00:00.000Z", "2026-11-21T13:00:00.000Z");
      return { staffId: id, name: "Marta", role: "manager", terminalId };
    };
    const audits = () =>
      core.db.prepare("SELECT action, details FROM audit_log WHERE action = 'drawer.open'").all();

    it("kicks the drawer and records who opened it and why", async () => {
      configurePrinter({});
      const { terminalId } = insertTestSale(core);
      await openDrawer(core, manager(terminalId), "  cambio para el colectivo ");
      expect(has(await printer.nextJob(), 0x1b, 0x70, 0x00)).toBe(true);
      // The till has an open session: the opening is a drawer_open movement in it, and an audit entry.
      expect(
        core.db.prepare("SELECT kind, amount, reason, staff_id AS staffId FROM cash_movements").all(),
      ).toEqual([{ kind: "drawer_open", amount: 0, reason: "cambio para el colectivo", staffId: "mgr" }]);
      expect(audits()).toHaveLength(1);
    });

    it("records nothing when the printer does not take the kick", async () => {
      updateSettings(core.db, {
        printer: {
          interface: `tcp://127.0.0.1:${await closedPort()}`,
          type: "epson",
          widthMm: 80,
          openDrawerOnCash: false,
        },
      });
      const { terminalId } = insertTestSale(core);
      await expect(openDrawer(core, manager(terminalId), "cambio")).rejects.toMatchObject({
        code: "printer_unavailable",
      });
      expect(audits()).toHaveLength(0);
      expect(core.db.prepare("SELECT COUNT(*) AS n FROM cash_movements").get()).toEqual({ n: 0 });
    });

    it("refuses a cashier and an empty reason without kicking", async () => {
      configurePrinter({});
      const { terminalId } = insertTestSale(core);
      await expect(
        openDrawer(core, { ...manager(terminalId), role: "cashier" }, "cambio"),
      ).rejects.toMatchObject({ kind: "forbidden" });
      await expect(openDrawer(core, manager(terminalId), "   ")).rejects.toMatchObject({ kind: "invalid" });
      expect(printer.jobs).toHaveLength(0);
    });
  });

  it("reports the printer's status: not configured, ready, or not answering", async () => {
    expect(await printerStatus(core)).toMatchObject({ configured: false, reachable: false });
    configurePrinter({});
    expect(await printerStatus(core)).toEqual({
      configured: true,
      reachable: true,
      message: "Impresora lista",
      lastError: null,
    });
    configurePrinter({ interface: `tcp://127.0.0.1:${await closedPort()}` });
    expect(await printerStatus(core)).toMatchObject({ configured: true, reachable: false });
    configurePrinter({ interface: "printer:EPSON_TM" });
    expect(await printerStatus(core)).toMatchObject({ configured: true, reachable: false });
  });
});
