import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { insertProductRow, insertSale } from "../../cash/test-sales.js";
import { bearer, openTestApi, type TestApi } from "../test-api.js";

const TABLES = ["cash_sessions", "cash_movements", "audit_log", "outbox"];

describe("cash API", () => {
  let t: TestApi;
  let cashier: { authorization: string };
  let manager: { authorization: string };
  beforeEach(async () => {
    t = await openTestApi();
    cashier = bearer(t.tokenFor("cashier", "Lucía"));
    manager = bearer(t.tokenFor("manager", "Martín"));
  });
  afterEach(async () => t.close());

  const snapshot = () =>
    TABLES.map((table) => (t.core.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n);
  const open = (openingFloat = 10000) =>
    t.app.inject({ method: "POST", url: "/api/cash/open", headers: cashier, payload: { openingFloat } });

  it("opens the till, shows it as current and records cash in and out, never revealing expected cash", async () => {
    expect(
      (await t.app.inject({ method: "GET", url: "/api/cash/current", headers: cashier })).json(),
    ).toEqual({ session: null });
    const opened = await open();
    expect(opened.statusCode).toBe(201);
    expect(opened.json()).toMatchObject({ status: "open", openingFloat: 10000, openedBy: "Lucía" });
    const moved = await t.app.inject({
      method: "POST",
      url: "/api/cash/movements",
      headers: cashier,
      payload: { kind: "out", amount: 1500, reason: "Pago al sodero" },
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({
      cashOut: 1500,
      movements: [{ kind: "out", amount: 1500, reason: "Pago al sodero" }],
    });
    const current = await t.app.inject({ method: "GET", url: "/api/cash/current", headers: cashier });
    expect(current.json().session.id).toBe(opened.json().id);
    expect(current.body).not.toMatch(/expected/i);
    expect((await open()).statusCode).toBe(409);
  });

  it("forbids a cashier from the X report and the close, so the count stays blind", async () => {
    await open();
    const before = snapshot();
    expect(
      (await t.app.inject({ method: "GET", url: "/api/cash/x-report", headers: cashier })).statusCode,
    ).toBe(403);
    const close = await t.app.inject({
      method: "POST",
      url: "/api/cash/close",
      headers: cashier,
      payload: { countedCash: 10000 },
    });
    expect(close.statusCode).toBe(403);
    expect(close.json().error.code).toBe("permission_denied");
    expect(snapshot()).toEqual(before);
  });

  it("closes blind: takes the count, then answers the Z report with expected cash and difference, reprintable later", async () => {
    const session = (await open()).json();
    const staffId = (t.core.db.prepare("SELECT opened_by FROM cash_sessions").get() as { opened_by: string })
      .opened_by;
    insertSale(t.core, {
      sessionId: session.id,
      terminalId: t.terminal.id,
      staffId,
      productId: insertProductRow(t.core),
      lines: [{ rate: 2100, total: 4840, net: 4000, iva: 840 }],
      payments: [{ method: "cash", amount: 4840, tendered: 5000 }],
      changeGiven: 160,
    });
    const x = await t.app.inject({ method: "GET", url: "/api/cash/x-report", headers: manager });
    expect(x.json()).toMatchObject({ expectedCash: 14840, countedCash: null, salesCount: 1 });

    const close = await t.app.inject({
      method: "POST",
      url: "/api/cash/close",
      headers: manager,
      payload: { countedCash: 14800 },
    });
    expect(close.statusCode).toBe(200);
    const z = close.json();
    expect(z).toMatchObject({
      sessionId: session.id,
      expectedCash: 14840,
      countedCash: 14800,
      difference: -40,
      closedBy: "Martín",
    });
    expect(
      (await t.app.inject({ method: "GET", url: "/api/cash/current", headers: cashier })).json(),
    ).toEqual({ session: null });

    const reprint = await t.app.inject({
      method: "GET",
      url: `/api/cash/sessions/${session.id}/z-report`,
      headers: cashier,
    });
    expect(reprint.json()).toEqual(z);
    const again = await t.app.inject({
      method: "POST",
      url: "/api/cash/close",
      headers: manager,
      payload: { countedCash: 0 },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("no_open_session");
  });

  it("refuses bad cash input at every endpoint with a clear 4xx and changes nothing", async () => {
    const opened = (await open()).json();
    const before = snapshot();
    const cases = [
      { url: "/api/cash/open", payload: { openingFloat: -1 }, status: 400 },
      { url: "/api/cash/open", payload: { openingFloat: 10.5 }, status: 400 },
      { url: "/api/cash/open", payload: { openingFloat: 1e13 }, status: 400 },
      { url: "/api/cash/open", payload: { openingFloat: "mucho" }, status: 400 },
      { url: "/api/cash/open", payload: {}, status: 400 },
      { url: "/api/cash/open", payload: { openingFloat: 100 }, status: 409 },
      { url: "/api/cash/movements", payload: { kind: "in", amount: 0, reason: "x" }, status: 400 },
      { url: "/api/cash/movements", payload: { kind: "in", amount: -100, reason: "x" }, status: 400 },
      {
        url: "/api/cash/movements",
        payload: { kind: "in", amount: 1_000_000_000_001, reason: "x" },
        status: 400,
      },
      { url: "/api/cash/movements", payload: { kind: "in", amount: 100 }, status: 400 },
      { url: "/api/cash/movements", payload: { kind: "in", amount: 100, reason: "" }, status: 400 },
      {
        url: "/api/cash/movements",
        payload: { kind: "in", amount: 100, reason: "x".repeat(201) },
        status: 400,
      },
      { url: "/api/cash/movements", payload: { kind: "drawer_open", amount: 100, reason: "x" }, status: 400 },
      {
        url: "/api/cash/movements",
        payload: { kind: "in", amount: 100, reason: "x", staffId: "y" },
        status: 400,
      },
      { url: "/api/cash/movements", payload: { kind: "in", amount: 100, reason: "   " }, status: 400 },
      { url: "/api/cash/close", payload: { countedCash: -5 }, status: 400, headers: manager },
      { url: "/api/cash/close", payload: { countedCash: [] }, status: 400, headers: manager },
      { url: "/api/cash/close", payload: {}, status: 400, headers: manager },
    ];
    for (const c of cases) {
      const res = await t.app.inject({
        method: "POST",
        url: c.url,
        headers: c.headers ?? cashier,
        payload: c.payload,
      });
      expect(res.statusCode, `${c.url} ${JSON.stringify(c.payload)}`).toBe(c.status);
      expect(res.json().error.message.length).toBeGreaterThan(5);
    }
    const malformed = await t.app.inject({
      method: "POST",
      url: "/api/cash/close",
      headers: { ...manager, "content-type": "application/json" },
      payload: '{"countedCash": 1',
    });
    expect(malformed.statusCode).toBe(400);
    expect(
      (await t.app.inject({ method: "GET", url: "/api/cash/sessions/ghost/z-report", headers: cashier }))
        .statusCode,
    ).toBe(404);
    expect(
      (
        await t.app.inject({
          method: "GET",
          url: `/api/cash/sessions/${opened.id}/z-report`,
          headers: cashier,
        })
      ).statusCode,
    ).toBe(409);
    expect(snapshot()).toEqual(before);
  });

  it("refuses cash movements and reports when the till is closed", async () => {
    const move = await t.app.inject({
      method: "POST",
      url: "/api/cash/movements",
      headers: cashier,
      payload: { kind: "in", amount: 100, reason: "x" },
    });
    expect(move.statusCode).toBe(409);
    expect(move.json().error.code).toBe("no_open_session");
    expect(
      (await t.app.inject({ method: "GET", url: "/api/cash/x-report", headers: manager })).statusCode,
    ).toBe(409);
    expect(snapshot()).toEqual([0, 0, 0, 0]);
  });
});
