import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closedPort, type FakePrinter, startFakePrinter } from "../../receipts/test-printer.js";
import { insertTestSale, saleSnapshot } from "../../receipts/test-sale.js";
import { updateSettings } from "@mostrador/kernel/shop/settings";
import { bearer, openTestApi, type TestApi } from "../test-api.js";

describe("receipts and printer API", () => {
  let t: TestApi;
  let printer: FakePrinter;
  let cashier: string;
  let saleId: string;
  const json = { "content-type": "application/json" };

  beforeEach(async () => {
    t = await openTestApi();
    printer = await startFakePrinter();
    updateSettings(t.core.db, {
      printer: { interface: printer.uri, type: "epson", widthMm: 80, openDrawerOnCash: false },
    });
    cashier = t.tokenFor("cashier");
    saleId = insertTestSale(t.core, { terminalId: t.terminal.id }).saleId;
  });
  afterEach(async () => {
    await printer.close();
    await t.close();
  });

  describe("GET /api/sales/:id/receipt", () => {
    it("previews a 58 mm ticket no wider than 32 characters, with IVA, TOTAL and the change", async () => {
      const res = await t.app.inject({
        method: "GET",
        url: `/api/sales/${saleId}/receipt?widthMm=58`,
        headers: bearer(cashier),
      });
      expect(res.statusCode).toBe(200);
      const body = res.json() as { lines: string[]; widthChars: number; qr: string };
      expect(body.widthChars).toBe(32);
      expect(body.qr).toBe(saleId);
      for (const line of body.lines) expect(line.length).toBeLessThanOrEqual(32);
      const text = body.lines.join("\n");
      expect(text).toMatch(/IVA 21% +\$ /);
      expect(text).toMatch(/TOTAL +\$ 18\.045,00/);
      expect(text).toMatch(/Su vuelto +\$ 1\.955,00/);
    });

    it("uses the configured paper width (80 mm: 48 characters) when none is asked", async () => {
      const res = await t.app.inject({
        method: "GET",
        url: `/api/sales/${saleId}/receipt`,
        headers: bearer(cashier),
      });
      expect(res.json().widthChars).toBe(48);
      expect(Math.max(...(res.json().lines as string[]).map((l) => l.length))).toBe(48);
    });

    it("refuses an unknown width, an unknown field, an unknown or absurd id, and a missing session", async () => {
      const cases = [
        { url: `/api/sales/${saleId}/receipt?widthMm=70`, status: 400, code: "invalid_input" },
        { url: `/api/sales/${saleId}/receipt?widthMm=-58`, status: 400, code: "invalid_input" },
        { url: `/api/sales/${saleId}/receipt?color=red`, status: 400, code: "invalid_input" },
        { url: "/api/sales/no-such-sale/receipt", status: 404, code: "sale_not_found" },
        { url: `/api/sales/${"x".repeat(65)}/receipt`, status: 400, code: "invalid_input" },
      ];
      for (const c of cases) {
        const res = await t.app.inject({ method: "GET", url: c.url, headers: bearer(cashier) });
        expect(res.statusCode, c.url).toBe(c.status);
        expect(res.json().error.code).toBe(c.code);
        expect(res.json().error.message).toMatch(/[a-záéíóú]/);
      }
      const anonymous = await t.app.inject({ method: "GET", url: `/api/sales/${saleId}/receipt` });
      expect(anonymous.statusCode).toBe(401);
    });
  });

  describe("POST /api/sales/:id/print", () => {
    it("prints the ticket with the drawer kick when asked", async () => {
      const res = await t.app.inject({
        method: "POST",
        url: `/api/sales/${saleId}/print`,
        headers: bearer(cashier),
        payload: { openDrawer: true },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ printed: true });
      const job = await printer.nextJob();
      expect(job.includes(Buffer.from("$ 18.045,00"))).toBe(true);
      expect(job.includes(Buffer.from([0x1b, 0x70, 0x00]))).toBe(true);
    });

    it("answers 503 printer_unavailable when the printer is off, and the sale is unchanged", async () => {
      updateSettings(t.core.db, {
        printer: {
          interface: `tcp://127.0.0.1:${await closedPort()}`,
          type: "epson",
          widthMm: 80,
          openDrawerOnCash: true,
        },
      });
      const before = saleSnapshot(t.core, saleId);
      const res = await t.app.inject({
        method: "POST",
        url: `/api/sales/${saleId}/print`,
        headers: bearer(cashier),
        payload: {},
      });
      expect(res.statusCode).toBe(503);
      expect(res.json().error.code).toBe("printer_unavailable");
      expect(res.json().error.message).toContain("impresora");
      expect(saleSnapshot(t.core, saleId)).toEqual(before);
    });

    it("refuses malformed JSON, wrong types, unknown fields and unknown sales without printing or changing anything", async () => {
      const before = saleSnapshot(t.core, saleId);
      const cases: { url?: string; payload: string; status: number; code: string }[] = [
        { payload: "{nope", status: 400, code: "malformed_json" },
        { payload: JSON.stringify({ openDrawer: "yes" }), status: 400, code: "invalid_input" },
        // The server's Ajv coerces scalars (1 → true, 42 → "42"); an object can never pass for a boolean.
        { payload: JSON.stringify({ openDrawer: { yes: true } }), status: 400, code: "invalid_input" },
        { payload: JSON.stringify({ openDrawer: true, copies: 1000 }), status: 400, code: "invalid_input" },
        { payload: JSON.stringify([true]), status: 400, code: "invalid_input" },
        { url: "/api/sales/no-such-sale/print", payload: "{}", status: 404, code: "sale_not_found" },
      ];
      for (const c of cases) {
        const res = await t.app.inject({
          method: "POST",
          url: c.url ?? `/api/sales/${saleId}/print`,
          headers: { ...bearer(cashier), ...json },
          payload: c.payload,
        });
        expect(res.statusCode, c.payload).toBe(c.status);
        expect(res.json().error.code).toBe(c.code);
      }
      expect(printer.jobs).toHaveLength(0);
      expect(saleSnapshot(t.core, saleId)).toEqual(before);
    });
  });

  describe("POST /api/drawer/open", () => {
    const drawerRows = () =>
      t.core.db.prepare("SELECT COUNT(*) AS n FROM cash_movements WHERE kind = 'drawer_open'").get();

    it("lets a manager open the drawer with a reason, and records it", async () => {
      const res = await t.app.inject({
        method: "POST",
        url: "/api/drawer/open",
        headers: bearer(t.tokenFor("manager")),
        payload: { reason: "Cambio para un cliente" },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ opened: true });
      expect((await printer.nextJob()).includes(Buffer.from([0x1b, 0x70, 0x00]))).toBe(true);
      expect(drawerRows()).toEqual({ n: 1 });
    });

    it("refuses a cashier (403) and bad reasons (400) without kicking or recording", async () => {
      const manager = t.tokenFor("manager");
      const cases = [
        {
          token: cashier,
          payload: JSON.stringify({ reason: "cambio" }),
          status: 403,
          code: "permission_denied",
        },
        { token: manager, payload: "{}", status: 400, code: "invalid_input" },
        { token: manager, payload: JSON.stringify({ reason: "" }), status: 400, code: "invalid_input" },
        { token: manager, payload: JSON.stringify({ reason: "   " }), status: 400, code: "invalid_reason" },
        {
          token: manager,
          payload: JSON.stringify({ reason: "x".repeat(201) }),
          status: 400,
          code: "invalid_input",
        },
        {
          token: manager,
          payload: JSON.stringify({ reason: { text: "cambio" } }),
          status: 400,
          code: "invalid_input",
        },
        {
          token: manager,
          payload: JSON.stringify({ reason: "ok", force: true }),
          status: 400,
          code: "invalid_input",
        },
        { token: manager, payload: "not json", status: 400, code: "malformed_json" },
      ];
      for (const c of cases) {
        const res = await t.app.inject({
          method: "POST",
          url: "/api/drawer/open",
          headers: { ...bearer(c.token), ...json },
          payload: c.payload,
        });
        expect(res.statusCode, c.payload).toBe(c.status);
        expect(res.json().error.code, c.payload).toBe(c.code);
      }
      expect(printer.jobs).toHaveLength(0);
      expect(drawerRows()).toEqual({ n: 0 });
    });
  });

  it("GET /api/printer/status says whether the printer answers", async () => {
    const ok = await t.app.inject({ method: "GET", url: "/api/printer/status", headers: bearer(cashier) });
    expect(ok.json()).toEqual({
      configured: true,
      reachable: true,
      message: "Impresora lista",
      lastError: null,
    });
    updateSettings(t.core.db, {
      printer: { interface: "", type: "epson", widthMm: 80, openDrawerOnCash: true },
    });
    const none = await t.app.inject({ method: "GET", url: "/api/printer/status", headers: bearer(cashier) });
    expect(none.json()).toMatchObject({ configured: false, reachable: false });
  });
});
