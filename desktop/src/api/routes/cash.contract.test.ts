import { CashReportSchema, CashSessionSchema, CurrentSessionAnswer } from "@mostrador/contracts/http/cash";
import { ShopSettings, TerminalList } from "@mostrador/contracts/http/settings";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getZReport } from "../../cash/close.js";
import { getCashSession } from "../../cash/sessions.js";
import { newId } from "@mostrador/kernel/db/ids";
import { closeCashSessionRow, seedSaleFixture, type SaleFixture } from "../../pos/test-fixtures.js";
import { getSettings } from "@mostrador/kernel/shop/settings";
import { listTerminals } from "@mostrador/kernel/shop/terminals";
import { createSession } from "@mostrador/kernel/staff/sessions";
import { expectAnswer } from "@mostrador/contracts/http/test-contract-check";
import { bearer, openTestApi, type TestApi } from "../test-api.js";

/** The till's cash session, X and Z reports, settings and tills hold to contracts/src/http/cash.ts and settings.ts. */
describe("cash and settings API answer the HTTP contract", () => {
  let t: TestApi;
  let f: SaleFixture;
  let manager: Record<string, string>;
  beforeEach(async () => {
    t = await openTestApi();
    // Products, staff and stock of the sale tests; its ready-made session is closed so the API opens one.
    f = seedSaleFixture(t.core, t.terminal);
    closeCashSessionRow(t.core, f.sessionId, f.manager.staffId);
    manager = bearer(createSession(t.core, f.manager.staffId, t.terminal.id));
  });
  afterEach(async () => t.close());

  const call = (method: "GET" | "POST" | "PATCH", url: string, payload?: object, headers = manager) =>
    t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  it("a day of a till: open, cash out, a sale and a return, the X report, the close and its Z report", async () => {
    expectAnswer(CurrentSessionAnswer, await call("GET", "/api/cash/current"), { session: null });
    const opened = await call("POST", "/api/cash/open", { openingFloat: 10_000 });
    expect(opened.statusCode).toBe(201);
    const sessionId = opened.json().id as string;
    expectAnswer(CashSessionSchema, opened, getCashSession(t.core, sessionId));
    const moved = await call("POST", "/api/cash/movements", { kind: "out", amount: 1500, reason: "Sodero" });
    expectAnswer(CashSessionSchema, moved, getCashSession(t.core, sessionId));
    expectAnswer(CurrentSessionAnswer, await call("GET", "/api/cash/current"), {
      session: getCashSession(t.core, sessionId),
    });

    // A sale paid by debit and cash, and a return of part of it, so every row of the report has figures.
    const seller = manager;
    const saleId = newId();
    const sale = await call(
      "POST",
      "/api/sales",
      {
        id: saleId,
        lines: [{ productId: f.products.gaseosa.id, quantity: 2 }],
        payments: [
          { method: "debit", amount: 250_000 },
          { method: "cash", amount: 250_000 },
        ],
      },
      seller,
    );
    expect(sale.statusCode, sale.body).toBe(201);
    const ret = await call(
      "POST",
      `/api/sales/${saleId}/returns`,
      {
        id: newId(),
        lines: [{ saleLineId: sale.json().lines[0].id, quantity: 1 }],
        refunds: [{ method: "cash", amount: 250_000 }],
        reason: "Rota",
      },
      seller,
    );
    expect(ret.statusCode, ret.body).toBe(201);

    const x = await call("GET", "/api/cash/x-report");
    expectAnswer(CashReportSchema, x);
    expect(x.json().returns).toEqual({ count: 1, total: 250_000 });
    const closed = await call("POST", "/api/cash/close", { countedCash: 8_500 });
    expectAnswer(CashReportSchema, closed, getZReport(t.core, sessionId));
    const z = await call("GET", `/api/cash/sessions/${sessionId}/z-report`);
    expectAnswer(CashReportSchema, z, getZReport(t.core, sessionId));
    expect(z.json().byMethod.length).toBeGreaterThan(1);
  });

  it("the settings, read and changed, and the list of tills", async () => {
    const owner = bearer(t.tokenFor("owner", "Olga"));
    expectAnswer(ShopSettings, await call("GET", "/api/settings", undefined, owner), getSettings(t.core.db));
    const changed = await call(
      "PATCH",
      "/api/settings",
      {
        receiptFooter: "Gracias\nVuelva pronto",
        printer: { ...getSettings(t.core.db).printer, widthMm: 58 },
      },
      owner,
    );
    expectAnswer(ShopSettings, changed, getSettings(t.core.db));
    expect(changed.json().printer.widthMm).toBe(58);
    expectAnswer(
      TerminalList,
      await t.app.inject({ method: "GET", url: "/api/terminals" }),
      listTerminals(t.core),
    );
  });
});
