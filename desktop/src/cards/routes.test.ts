import { ErrorBody } from "@mostrador/contracts/http-errors";
import {
  CardHistorySchema,
  CardOperationAnswer,
  CardsExpirySchema,
  CardsOutstandingSchema,
  CardsReportSchema,
  CardTransferAnswer,
  CardViewSchema,
} from "@mostrador/contracts/http/cards";
import { schemaErrors } from "@mostrador/contracts/http/schema-errors";
import type { Static, TSchema } from "@sinclair/typebox";
import type { LightMyRequestResponse } from "fastify";
import { newId } from "@mostrador/kernel/db/ids";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bearer, openTestApi, type TestApi } from "../api/test-api.js";
import { openCashSessionRow } from "../pos/test-fixtures.js";
import { createProduct } from "../catalog/product-writes.js";

/** The answer's body, held to its contract schema (the error envelope for refusals). */
function expectAnswer<S extends TSchema>(schema: S, res: LightMyRequestResponse): Static<S> {
  const body: unknown = res.json();
  expect(schemaErrors(schema, body), res.body).toEqual([]);
  return body as Static<S>;
}

describe("the cards HTTP API", () => {
  let t: TestApi;
  let cashier: string;
  let manager: string;
  let sessionId: string;
  beforeEach(async () => {
    t = await openTestApi();
    cashier = t.tokenFor("cashier");
    manager = t.tokenFor("manager");
    const staffId = (t.core.db.prepare("SELECT id FROM staff LIMIT 1").get() as { id: string }).id;
    sessionId = openCashSessionRow(t.core, t.terminal.id, staffId);
  });
  afterEach(() => t.close());

  const call = (method: "GET" | "POST" | "PUT", url: string, token: string, payload?: object) =>
    t.app.inject({ method, url: `/api${url}`, headers: bearer(token), ...(payload ? { payload } : {}) });
  const counts = () =>
    ["cards", "card_entries", "card_requests", "outbox", "sales"].map(
      (table) => (t.core.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n,
    );

  it("issues, looks up by UID, tops up (idempotently), charges a sale, shows history and reports", async () => {
    const issued = await call("POST", "/cards", cashier, {
      requestId: newId(),
      uid: "04 a1 b2 c3",
      printedNumber: "15",
      method: "cash",
      topup: 500_000,
    });
    expect(issued.statusCode).toBe(201);
    const card = expectAnswer(CardOperationAnswer, issued).card;
    expect(card).toMatchObject({ uid: "04A1B2C3", balance: 500_000 });

    const looked = await call("GET", "/cards/by-uid/04A1B2C3", cashier);
    expect(expectAnswer(CardViewSchema, looked).id).toBe(card.id);

    const requestId = newId();
    const topup = { requestId, amount: 100_000, method: "debit" };
    const first = await call("POST", `/cards/${card.id}/topups`, cashier, topup);
    const retry = await call("POST", `/cards/${card.id}/topups`, cashier, topup);
    expect([first.statusCode, retry.statusCode]).toEqual([201, 200]);
    expect(retry.json()).toEqual(first.json());

    const product = createProduct(t.core, {
      sku: "BIRRA",
      name: "Cerveza",
      price: 150_000,
      ivaRate: 2100,
      unit: "each",
    });
    const sale = await call("POST", "/sales", cashier, {
      id: newId(),
      lines: [{ productId: product.id, quantity: 1 }],
      payments: [{ method: "card", amount: 150_000 }],
      cardId: card.id,
    });
    expect(sale.statusCode).toBe(201);

    const history = expectAnswer(CardHistorySchema, await call("GET", `/cards/${card.id}/history`, cashier));
    expect(history.card.balance).toBe(450_000);
    expect(history.entries.map((e) => [e.kind, e.amount, e.balanceAfter])).toEqual([
      ["topup", 500_000, 500_000],
      ["topup", 100_000, 600_000],
      ["charge", -150_000, 450_000],
    ]);
    expect(history.entries[2]!.saleNumber).toBe("0001-00000001");

    const report = expectAnswer(
      CardsReportSchema,
      await call("GET", `/cards/report?sessionId=${sessionId}`, cashier),
    );
    expect(report.charges.byProduct).toEqual([
      { productId: product.id, description: "Cerveza", quantity: 1, total: 150_000 },
    ]);
    const owed = expectAnswer(CardsOutstandingSchema, await call("GET", "/cards/outstanding", cashier));
    expect(owed.balance).toBe(450_000);
    expectAnswer(CardsExpirySchema, await call("GET", "/cards/expiry", cashier));
  });

  it("refuses bad input with the error envelope in Spanish and changes nothing", async () => {
    const card = (
      await call("POST", "/cards", cashier, {
        requestId: newId(),
        uid: "04A1B2C3",
        method: "cash",
        topup: 1_000,
      })
    ).json().card as { id: string };
    const before = counts();
    const cases: [string, string, object | undefined, number, string][] = [
      ["POST", "/cards", { requestId: newId(), uid: "04A1B2\u0007C3" }, 400, "invalid_text"],
      ["POST", "/cards", { requestId: newId(), uid: "04A1B2G3" }, 400, "invalid_card_uid"],
      ["POST", "/cards", { requestId: newId(), uid: "04A1B2C3" }, 409, "card_uid_taken"],
      ["POST", "/cards", { requestId: "no-uuid", uid: "AABBCCDD" }, 400, "validation"],
      [
        "POST",
        `/cards/${card.id}/topups`,
        { requestId: newId(), amount: 0, method: "cash" },
        400,
        "validation",
      ],
      [
        "POST",
        `/cards/${card.id}/topups`,
        { requestId: newId(), amount: -5, method: "cash" },
        400,
        "validation",
      ],
      [
        "POST",
        `/cards/${newId()}/topups`,
        { requestId: newId(), amount: 5, method: "cash" },
        404,
        "card_not_found",
      ],
      ["GET", "/cards/by-uid/XYZ", undefined, 400, "invalid_card_uid"],
      ["GET", "/cards/by-uid/DEADBEEF", undefined, 404, "card_not_found"],
      ["PUT", "/cards/settings", { deposit: 5, depositRefundable: true, expiresAt: null }, 403, "forbidden"],
      ["POST", `/cards/${card.id}/cashout`, { requestId: newId() }, 403, "approval_required"],
    ];
    for (const [method, url, payload, status, code] of cases) {
      const res = await call(method as "GET", url, cashier, payload);
      expect(res.statusCode, `${method} ${url}`).toBe(status);
      const body = expectAnswer(ErrorBody, res);
      if (code !== "validation" && code !== "forbidden") expect(body.error.code).toBe(code);
      expect(body.error.message).toMatch(/[a-záéíóúñ]/);
    }
    expect(counts()).toEqual(before);
  });

  it("refuses a manager's bad card settings (negative or fractional deposit, no refundable flag, an expiry that is no instant) in Spanish, changing nothing", async () => {
    const stored = () => ({
      settings: t.core.db.prepare("SELECT * FROM card_settings").all(),
      audits: t.core.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'card.settings'").get(),
    });
    const before = stored();
    const cases: [object, string, RegExp][] = [
      [
        { deposit: -1, depositRefundable: true, expiresAt: null },
        "invalid_input",
        /"deposit" no puede ser negativo/,
      ],
      [{ deposit: 10.5, depositRefundable: true, expiresAt: null }, "invalid_input", /"deposit"/],
      [{ deposit: 10_000, expiresAt: null }, "invalid_input", /Falta el campo "depositRefundable"/],
      ...["el sábado a la noche", "2026-12-31 23:00", "2026-02-31T00:00Z", "2026-12-31T24:00-03:00"].map(
        (expiresAt): [object, string, RegExp] => [
          { deposit: 10_000, depositRefundable: true, expiresAt },
          "invalid_instant",
          new RegExp(`^Vencimiento del saldo: "${expiresAt}" no es una fecha y hora válida`),
        ],
      ),
    ];
    for (const [payload, code, message] of cases) {
      const res = await call("PUT", "/cards/settings", manager, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      const body = expectAnswer(ErrorBody, res);
      expect(body.error.code, JSON.stringify(payload)).toBe(code);
      expect(body.error.message, JSON.stringify(payload)).toMatch(message);
    }
    expect(stored()).toEqual(before);
  });

  it("manager operations: settings, block/unblock, transfer, void a top-up, cash out", async () => {
    const settings = await call("PUT", "/cards/settings", manager, {
      deposit: 10_000,
      depositRefundable: true,
      expiresAt: "2026-12-31T23:00:00-03:00",
    });
    expect(settings.json()).toEqual({
      deposit: 10_000,
      depositRefundable: true,
      expiresAt: "2027-01-01T02:00:00.000Z",
    });
    const issued = (
      await call("POST", "/cards", cashier, {
        requestId: newId(),
        uid: "04A1B2C3",
        method: "cash",
        topup: 200_000,
      })
    ).json() as { card: { id: string }; entry: { id: string }; cash: number };
    expect(issued.cash).toBe(210_000);
    const id = issued.card.id;
    expect(
      (await call("POST", `/cards/${id}/block`, cashier, { requestId: newId(), reason: "Perdida" }))
        .statusCode,
    ).toBe(201);
    expect((await call("POST", `/cards/${id}/unblock`, manager, { requestId: newId() })).statusCode).toBe(
      201,
    );
    const voided = await call("POST", `/cards/entries/${issued.entry.id}/void`, manager, {
      requestId: newId(),
      reason: "Error",
    });
    expect(expectAnswer(CardOperationAnswer, voided).card.balance).toBe(0);
    await call("POST", `/cards/${id}/topups`, cashier, {
      requestId: newId(),
      amount: 50_000,
      method: "cash",
    });
    const moved = await call("POST", `/cards/${id}/transfer`, manager, {
      requestId: newId(),
      newUid: "AABBCCDD",
    });
    const to = expectAnswer(CardTransferAnswer, moved).to;
    expect(to.balance).toBe(50_000);
    const out = await call("POST", `/cards/${to.id}/cashout`, manager, { requestId: newId() });
    expect(expectAnswer(CardOperationAnswer, out).cash).toBe(-60_000);
  });

  it("reports per shift, per till and per period, lists the shifts for managers, and refuses a bad scope", async () => {
    const card = expectAnswer(
      CardOperationAnswer,
      await call("POST", "/cards", cashier, {
        requestId: newId(),
        uid: "04A1B2C3",
        method: "cash",
        topup: 300_000,
      }),
    ).card;
    await call("POST", `/cards/${card.id}/topups`, cashier, {
      requestId: newId(),
      amount: 50_000,
      method: "debit",
    });
    const byTill = expectAnswer(
      CardsReportSchema,
      await call("GET", `/cards/report?terminalId=${t.terminal.id}`, manager),
    );
    expect(byTill.topups).toEqual({
      count: 2,
      total: 350_000,
      byMethod: [
        { method: "cash", count: 1, total: 300_000 },
        { method: "debit", count: 1, total: 50_000 },
      ],
    });
    expect(byTill.cardsIssued.count).toBe(1);
    const period = (from: string, to: string) =>
      call("GET", `/cards/report?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, manager);
    const today = expectAnswer(
      CardsReportSchema,
      await period("2000-01-01T00:00Z", "2100-01-01T00:00-03:00"),
    );
    expect(today.topups.total).toBe(350_000);
    expect(today.to).toBe("2100-01-01T03:00:00.000Z");
    const before = expectAnswer(CardsReportSchema, await period("2000-01-01T00:00Z", "2000-01-02T00:00Z"));
    expect(before.topups.count).toBe(0);

    // The shifts a manager can pick: this till's open one, with the till's name.
    const shifts = await call("GET", "/cards/shifts", manager);
    expect(shifts.statusCode).toBe(200);
    expect(shifts.json()).toEqual([
      expect.objectContaining({ id: sessionId, terminalId: t.terminal.id, status: "open", closedAt: null }),
    ]);
    expect((await call("GET", "/cards/shifts", cashier)).statusCode).toBe(403);

    const owedThen = expectAnswer(
      CardsOutstandingSchema,
      await call("GET", `/cards/outstanding?at=${encodeURIComponent("2000-01-01T00:00Z")}`, manager),
    );
    expect(owedThen).toEqual({ at: "2000-01-01T00:00:00.000Z", cards: 0, balance: 0, deposits: 0 });

    const state = counts();
    const refused: [string, number, string][] = [
      ["/cards/report?from=2026-12-07T10:00Z&to=2026-12-07T09:00Z", 400, "invalid_report_period"],
      ["/cards/report?from=2026-12-07T10:00Z&to=2026-12-07T10:00Z", 400, "invalid_report_period"],
      ["/cards/report?from=ayer-a-la-noche&to=2026-12-07T09:00Z", 400, "invalid_instant"],
      ["/cards/report", 400, "report_scope_required"],
      [`/cards/report?sessionId=${newId()}`, 404, "cash_session_not_found"],
      [`/cards/report?terminalId=${newId()}`, 404, "terminal_not_found"],
      ["/cards/outstanding?at=mañana-temprano", 400, "invalid_instant"],
      ["/cards/outstanding?at=2026-13-45T10:00Z", 400, "invalid_instant"],
    ];
    for (const [url, status, code] of refused) {
      const res = await call("GET", url, manager);
      expect(res.statusCode, url).toBe(status);
      const body = expectAnswer(ErrorBody, res);
      if (code !== "validation") expect(body.error.code, url).toBe(code);
      expect(body.error.message).toMatch(/[a-záéíóúñ]/);
    }
    expect(counts()).toEqual(state);
  });
});
