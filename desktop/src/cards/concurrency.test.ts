import { request as httpRequest, Agent } from "node:http";
import type { AddressInfo } from "node:net";
import { newId } from "@mostrador/kernel/db/ids";
import { createTerminal } from "@mostrador/kernel/shop/terminals";
import { createSession } from "@mostrador/kernel/staff/sessions";
import { createStaff } from "@mostrador/kernel/staff/staff";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestApi, type TestApi } from "../api/test-api.js";
import { buildReport } from "../cash/reports.js";
import { createProduct } from "../catalog/product-writes.js";
import { openCashSessionRow } from "../pos/test-fixtures.js";
import { issueCard } from "./issue.js";
import { cardBalance } from "./ledger.js";
import { cardsReport, outstanding } from "./reports.js";

const TERMINALS = 4;
const CHARGES_PER_TERMINAL = 1_000;
const PRICE = 1_000; // $ 10,00 a drink
const AFFORDABLE = 1_537; // the card's balance pays for this many drinks, of 4.000 tried
const RETRIES_PER_TERMINAL = 25; // the first charges of each terminal are sent twice, with the same sale id

/** One POST over a real socket; answers the status and the parsed body. */
function post(
  port: number,
  agent: Agent,
  token: string,
  path: string,
  body: object,
): Promise<{ status: number; body: { error?: { code: string; message: string }; total?: number } }> {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port,
        path,
        method: "POST",
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          "content-type": "application/json",
          "content-length": Buffer.byteLength(data),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) }),
        );
      },
    );
    req.on("error", reject);
    req.end(data);
  });
}

describe("one card charged by four terminals at once", () => {
  let t: TestApi;
  beforeEach(async () => {
    t = await openTestApi();
    await t.app.listen({ host: "127.0.0.1", port: 0 });
  });
  afterEach(() => t.close());

  it("4 terminals × 1.000 concurrent charges through the HTTP API: never below zero, never twice, ledger and reports agree", async () => {
    const { core } = t;
    const port = (t.app.server.address() as AddressInfo).port;
    const drink = createProduct(core, {
      sku: "FERNET",
      name: "Fernet con cola",
      price: PRICE,
      ivaRate: 2100,
      unit: "each",
    });
    const tills = Array.from({ length: TERMINALS }, (_, i) => {
      const terminal = i === 0 ? t.terminal : createTerminal(core, { code: i + 1, name: `Barra ${i + 1}` });
      const staff = createStaff(core, { name: `Barra ${i + 1}`, role: "cashier", pin: `${5000 + i}` });
      const sessionId = openCashSessionRow(core, terminal.id, staff.id);
      const token = createSession(core, staff.id, terminal.id);
      return {
        terminal,
        sessionId,
        token,
        principal: { staffId: staff.id, name: staff.name, role: "cashier" as const, terminalId: terminal.id },
      };
    });
    const card = issueCard(core, tills[0]!.principal, {
      requestId: newId(),
      uid: "04A1B2C3D4E5F6",
      method: "cash",
      topup: AFFORDABLE * PRICE,
    }).answer.card;

    // Every terminal fires all its charges at once over its own keep-alive connections.
    const results = await Promise.all(
      tills.map((till) => {
        const agent = new Agent({ keepAlive: true, maxSockets: 16 });
        const ids = Array.from({ length: CHARGES_PER_TERMINAL }, () => newId());
        const sends = [...ids, ...ids.slice(0, RETRIES_PER_TERMINAL)].map((id) =>
          post(port, agent, till.token, "/api/sales", {
            id,
            lines: [{ productId: drink.id, quantity: 1 }],
            payments: [{ method: "card", amount: PRICE }],
            cardId: card.id,
          }).then((r) => ({ id, ...r })),
        );
        return Promise.all(sends).finally(() => agent.destroy());
      }),
    );
    const all = results.flat();

    // Only three answers: charged (201), the same sale again for a retry (200), or refused for balance (409).
    expect(new Set(all.map((r) => r.status))).toEqual(new Set([200, 201, 409]));
    const refused = all.filter((r) => r.status === 409);
    expect(new Set(refused.map((r) => r.body.error?.code))).toEqual(new Set(["insufficient_balance"]));
    expect(refused[0]!.body.error!.message).toMatch(/^Saldo insuficiente/);
    const accepted = new Set(all.filter((r) => r.status === 201).map((r) => r.id));
    // A retry answered 200 only for a sale that was charged; never charged twice.
    for (const r of all.filter((x) => x.status === 200)) expect(accepted.has(r.id)).toBe(true);
    expect(accepted.size).toBe(AFFORDABLE);

    // The card ends at exactly zero (every drink costs the same), never below.
    expect(cardBalance(core, card.id)).toBe(0);
    const ledger = core.db
      .prepare(
        `SELECT COUNT(*) AS charges, COALESCE(-SUM(amount), 0) AS charged, MIN(balance_after) AS lowest
             FROM card_entries WHERE card_id = ? AND kind = 'charge'`,
      )
      .get(card.id) as { charges: number; charged: number; lowest: number };
    expect(ledger).toEqual({ charges: AFFORDABLE, charged: AFFORDABLE * PRICE, lowest: 0 });
    const sales = core.db.prepare("SELECT COUNT(*) AS n, SUM(total) AS total FROM sales").get() as {
      n: number;
      total: number;
    };
    expect(sales).toEqual({ n: AFFORDABLE, total: AFFORDABLE * PRICE });

    // The reports agree with the ledger: per terminal and summed, the Z figures and the liability.
    const perTill = tills.map((till) => cardsReport(core, { sessionId: till.sessionId }).charges.total);
    expect(perTill.reduce((a, b) => a + b, 0)).toBe(AFFORDABLE * PRICE);
    const zSales = tills.map((till) => buildReport(core, till.sessionId).cards!.sales.total);
    expect(zSales).toEqual(perTill);
    expect(outstanding(core).balance).toBe(0);
  }, 180_000);
});
