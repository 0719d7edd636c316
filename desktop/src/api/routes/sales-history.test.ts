import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { dayStartUtc, nextDayKey } from "@mostrador/contracts/zoned-day";
import { newId } from "@mostrador/kernel/db/ids";
import { updateSettings } from "@mostrador/kernel/shop/settings";
import { createSession } from "@mostrador/kernel/staff/sessions";
import { type SaleFixture, seedSaleFixture } from "../../pos/test-fixtures.js";
import { closedPort, type FakePrinter, startFakePrinter } from "../../receipts/test-printer.js";
import { bearer, openTestApi, type TestApi } from "../test-api.js";

const ZONE = "America/Argentina/Buenos_Aires";

/** The sales history: find a past sale by day, number, total or cashier, page through, reprint its ticket. */
describe("sales history and reprint API", () => {
  let t: TestApi;
  let f: SaleFixture;
  let printer: FakePrinter;
  let manager: Record<string, string>;
  const sold: { id: string; number: number; total: number }[] = [];

  const sell = async (at: string, headers: Record<string, string>, quantity: number) => {
    t.core.clock.set(at);
    const res = await t.app.inject({
      method: "POST",
      url: "/api/sales",
      headers,
      payload: {
        id: newId(),
        lines: [{ productId: f.products.gaseosa.id, quantity }],
        payments: [{ method: "cash", amount: quantity * 250_000, tendered: quantity * 250_000 }],
      },
    });
    expect(res.statusCode).toBe(201);
    sold.push({ id: res.json().id, number: res.json().number, total: res.json().total });
  };

  beforeEach(async () => {
    sold.length = 0;
    t = await openTestApi();
    printer = await startFakePrinter();
    updateSettings(t.core.db, {
      printer: { interface: printer.uri, type: "epson", widthMm: 80, openDrawerOnCash: true },
    });
    t.core.clock.set("2026-11-20T14:00:00.000Z");
    f = seedSaleFixture(t.core, t.terminal);
    const cashier = bearer(createSession(t.core, f.cashier.staffId, t.terminal.id));
    // Two sales on Nov 20 in Buenos Aires (the second at 23:00 local, already Nov 21 in UTC), one on Nov 21.
    await sell("2026-11-20T14:00:00.000Z", cashier, 1);
    await sell("2026-11-21T02:00:00.000Z", cashier, 2);
    t.core.clock.set("2026-11-21T13:00:00.000Z");
    manager = bearer(createSession(t.core, f.manager.staffId, t.terminal.id));
    await sell("2026-11-21T13:00:00.000Z", manager, 3);
  });
  afterEach(async () => {
    await printer.close();
    await t.close();
  });

  const search = async (q: string) => {
    const res = await t.app.inject({ method: "GET", url: `/api/sales?${q}`, headers: manager });
    expect(res.statusCode, q).toBe(200);
    return (res.json() as { id: string }[]).map((s) => s.id);
  };
  const day = (key: string) =>
    `from=${encodeURIComponent(dayStartUtc(key, ZONE))}&to=${encodeURIComponent(dayStartUtc(nextDayKey(key), ZONE))}`;

  it("finds the sales of a day in the shop's time zone, newest first", async () => {
    expect(await search(day("2026-11-20"))).toEqual([sold[1]!.id, sold[0]!.id]);
    expect(await search(day("2026-11-21"))).toEqual([sold[2]!.id]);
  });

  it("finds a sale by its number, its exact total or its cashier", async () => {
    expect(await search(`number=${sold[1]!.number}`)).toEqual([sold[1]!.id]);
    expect(await search(`total=${sold[2]!.total}`)).toEqual([sold[2]!.id]);
    expect(await search(`staffId=${f.cashier.staffId}`)).toEqual([sold[1]!.id, sold[0]!.id]);
    expect(await search(`staffId=${f.manager.staffId}&${day("2026-11-20")}`)).toEqual([]);
  });

  it("pages with limit and offset", async () => {
    expect(await search("limit=2")).toEqual([sold[2]!.id, sold[1]!.id]);
    expect(await search("limit=2&offset=2")).toEqual([sold[0]!.id]);
  });

  it("refuses bad search input with a 400", async () => {
    const bad = [
      "from=ayer",
      "to=2026-11-21",
      "from=2026-13-45T00:00Z",
      "number=0",
      "total=-1",
      "offset=-5",
      "staffId=",
      "color=red",
    ];
    for (const q of bad) {
      const res = await t.app.inject({ method: "GET", url: `/api/sales?${q}`, headers: manager });
      expect(res.statusCode, q).toBe(400);
      expect(res.json().error.code, q).toBe("invalid_input");
    }
  });

  it("reprints yesterday's ticket marked as a copy, without opening the drawer, and audits it", async () => {
    const res = await t.app.inject({
      method: "POST",
      url: `/api/sales/${sold[0]!.id}/reprint`,
      headers: manager,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ printed: true });
    const job = await printer.nextJob();
    expect(job.includes(Buffer.from("REIMPRESI"))).toBe(true);
    expect(job.includes(Buffer.from("COPIA"))).toBe(true);
    expect(job.includes(Buffer.from([0x1b, 0x70, 0x00]))).toBe(false);
    const audit = await t.app.inject({
      method: "GET",
      url: "/api/audit?action=receipt",
      headers: bearer(t.tokenFor("owner")),
    });
    expect(audit.json()).toMatchObject([
      {
        action: "receipt.reprint",
        entity: "sale",
        entityId: sold[0]!.id,
        staffName: f.manager.name,
        details: { number: `0001-${String(sold[0]!.number).padStart(8, "0")}` },
      },
    ]);
  });

  it("reprints a return slip marked as a copy", async () => {
    const sale = (
      await t.app.inject({ method: "GET", url: `/api/sales/${sold[1]!.id}`, headers: manager })
    ).json();
    const ret = await t.app.inject({
      method: "POST",
      url: `/api/sales/${sold[1]!.id}/returns`,
      headers: manager,
      payload: {
        id: newId(),
        lines: [{ saleLineId: sale.lines[0].id, quantity: 1 }],
        refunds: [{ method: "cash", amount: 250_000 }],
        reason: "Vencida",
      },
    });
    expect(ret.statusCode).toBe(201);
    while (printer.jobs.length) printer.jobs.pop();
    const res = await t.app.inject({
      method: "POST",
      url: `/api/returns/${ret.json().id}/reprint`,
      headers: manager,
      payload: {},
    });
    expect(res.statusCode).toBe(200);
    const job = await printer.nextJob();
    expect(job.includes(Buffer.from("COPIA"))).toBe(true);
    expect(job.includes(Buffer.from("DEVOLUCI"))).toBe(true);
  });

  it("refuses bad reprints and records nothing when nothing printed", async () => {
    const cases = [
      {
        url: `/api/sales/${sold[0]!.id}/reprint`,
        payload: { openDrawer: true },
        status: 400,
        code: "invalid_input",
      },
      { url: "/api/sales/no-such-sale/reprint", payload: {}, status: 404, code: "sale_not_found" },
      { url: "/api/returns/no-such-return/reprint", payload: {}, status: 404, code: "return_not_found" },
    ];
    for (const c of cases) {
      const res = await t.app.inject({ method: "POST", url: c.url, headers: manager, payload: c.payload });
      expect(res.statusCode, c.url).toBe(c.status);
      expect(res.json().error.code, c.url).toBe(c.code);
    }
    updateSettings(t.core.db, {
      printer: {
        interface: `tcp://127.0.0.1:${await closedPort()}`,
        type: "epson",
        widthMm: 80,
        openDrawerOnCash: true,
      },
    });
    const off = await t.app.inject({
      method: "POST",
      url: `/api/sales/${sold[0]!.id}/reprint`,
      headers: manager,
    });
    expect(off.statusCode).toBe(503);
    expect(printer.jobs).toHaveLength(0);
    const audit = await t.app.inject({
      method: "GET",
      url: "/api/audit?action=receipt",
      headers: bearer(t.tokenFor("owner")),
    });
    expect(audit.json()).toEqual([]);
  });
});
