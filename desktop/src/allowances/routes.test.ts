import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { newId } from "@mostrador/kernel/db/ids";
import { createSession } from "@mostrador/kernel/staff/sessions";
import { askCloudForAllowance } from "@mostrador/sync/download/allowance-request";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { insertCustomer, ledgerCounts } from "../accounts/test-customers.js";
import { bearer, openTestApi, type TestApi } from "../api/test-api.js";
import { setLoyaltyRules } from "../loyalty/rules.js";
import { type SaleFixture, seedSaleFixture, writeCounts } from "../pos/test-fixtures.js";
import { allowancesRoutes } from "./routes.js";

/**
 * A stand-in for the cloud's POST /v1/allowances on a real HTTP server, to its contract
 * (contracts/src/http/cloud-accounts.ts): the appliance's real client talks to it.
 */
interface FakeCloud {
  url: string;
  asked: { customerId: string; kind: string; amount: number }[];
  close(): Promise<void>;
}
async function fakeCloud(
  answer: (asked: { amount: number }, res: ServerResponse) => void,
): Promise<FakeCloud> {
  const asked: FakeCloud["asked"] = [];
  const open = new Set<ServerResponse>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      const parsed = JSON.parse(body) as FakeCloud["asked"][number];
      asked.push(parsed);
      open.add(res);
      answer(parsed, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    asked,
    close: async () => {
      for (const res of open) res.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
};
const grants = (granted: (asked: number) => number) => (asked: { amount: number }, res: ServerResponse) => {
  const amount = granted(asked.amount);
  json(res, 200, {
    grantId: amount > 0 ? newId() : null,
    amount,
    expiresAt: amount > 0 ? "2026-12-21T13:00:00.000Z" : null,
    unallocated: 0,
  });
};

describe("the till asks the cloud for more credit or points (POST /api/allowances/:id/ask)", () => {
  let t: TestApi;
  let f: SaleFixture;
  let cashier: Record<string, string>;
  let manager: Record<string, string>;
  let ana: { id: string };
  let cloud: FakeCloud | null = null;
  beforeEach(async () => {
    t = await openTestApi();
    f = seedSaleFixture(t.core, t.terminal);
    cashier = bearer(createSession(t.core, f.cashier.staffId, t.terminal.id));
    manager = bearer(createSession(t.core, f.manager.staffId, t.terminal.id));
    // Born at another store: this one holds nothing of her credit.
    ana = insertCustomer(t.core, { name: "Ana Pérez", bornAt: newId() });
  });
  afterEach(async () => {
    await t.close();
    await cloud?.close();
    cloud = null;
  });

  const linkTo = (url: string) =>
    t.core.db
      .prepare(
        `INSERT INTO sync_credentials (id, cloud_url, appliance_id, tenant_id, store_id, token, name, enrolled_at)
         VALUES (1, ?, ?, ?, ?, 'moa_test', 'Local B', '2020-01-01T00:00:00.000Z')`,
      )
      .run(url, newId(), newId(), newId());
  const ask = (body: unknown, headers = cashier, customerId = ana.id) =>
    t.app.inject({
      method: "POST",
      url: `/api/allowances/${customerId}/ask`,
      headers,
      payload: body as object,
    });
  const onAccount = (amount: number) =>
    t.app.inject({
      method: "POST",
      url: "/api/sales",
      headers: cashier,
      payload: {
        id: newId(),
        lines: [{ productId: f.products.gaseosa.id, quantity: amount / 250_000 }],
        payments: [{ method: "account", amount }],
        customerId: ana.id,
      },
    });
  const counts = () => ({ ...writeCounts(t.core), ...ledgerCounts(t.core) });

  it("a sale on account that needs more than the store holds asks for the difference, and then goes through", async () => {
    cloud = await fakeCloud(grants((n) => n));
    linkTo(cloud.url);
    const res = await ask({ kind: "credit", amount: 500_000, mode: "cover" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      outcome: "granted",
      asked: 500_000,
      granted: 500_000,
      account: { availableCredit: 500_000 },
    });
    expect(cloud.asked).toEqual([{ customerId: ana.id, kind: "credit", amount: 500_000 }]);
    expect((await onAccount(500_000)).statusCode).toBe(201);
    // Holding 250.000 more than nothing now, a sale of 750.000 asks only for what it lacks.
    await ask({ kind: "credit", amount: 250_000, mode: "cover" });
    expect(cloud.asked.at(-1)).toMatchObject({ amount: 250_000 });
  });

  it("asks nothing when the store already holds enough", async () => {
    cloud = await fakeCloud(grants((n) => n));
    linkTo(cloud.url);
    await ask({ kind: "credit", amount: 500_000, mode: "cover" });
    const res = await ask({ kind: "credit", amount: 300_000, mode: "cover" });
    expect(res.json()).toMatchObject({ outcome: "enough", asked: 0, granted: 0 });
    expect(cloud.asked).toHaveLength(1);
  });

  it("a partial grant is said so, and a sale above what the store then holds is still refused", async () => {
    cloud = await fakeCloud(grants(() => 250_000));
    linkTo(cloud.url);
    expect((await ask({ kind: "credit", amount: 500_000, mode: "cover" })).json()).toMatchObject({
      outcome: "partial",
      asked: 500_000,
      granted: 250_000,
      account: { availableCredit: 250_000 },
    });
    const before = counts();
    const sale = await onAccount(500_000);
    expect(sale.statusCode).toBe(409);
    expect(sale.json()).toMatchObject({ error: { code: "over_credit_limit" } });
    expect(counts()).toEqual(before);
  });

  it("nothing unassigned at the cloud: refused, and nothing changes", async () => {
    cloud = await fakeCloud(grants(() => 0));
    linkTo(cloud.url);
    const before = counts();
    expect((await ask({ kind: "credit", amount: 500_000, mode: "cover" })).json()).toMatchObject({
      outcome: "refused",
      granted: 0,
      message: null,
      account: { availableCredit: 0 },
    });
    expect(counts()).toEqual(before);
  });

  it("a refusal in the cloud's error envelope reaches the cashier with its reason", async () => {
    cloud = await fakeCloud((_, res) =>
      json(res, 409, { error: { code: "customer_erased", message: "El cliente fue borrado a su pedido" } }),
    );
    linkTo(cloud.url);
    expect((await ask({ kind: "points", amount: 50, mode: "cover" })).json()).toMatchObject({
      outcome: "refused",
      message: "El cliente fue borrado a su pedido",
    });
  });

  it("the cloud unreachable: offline, with what the store may still spend, and nothing changes", async () => {
    linkTo("http://127.0.0.1:1");
    const before = counts();
    const res = await ask({ kind: "credit", amount: 500_000, mode: "cover" });
    expect(res.json()).toMatchObject({ outcome: "offline", granted: 0, account: { availableCredit: 0 } });
    expect(counts()).toEqual(before);
  });

  it("a cloud that does not answer does not hold the till: offline once the timeout passes", async () => {
    cloud = await fakeCloud(() => {}); // never answers
    linkTo(cloud.url);
    const quick = await openTestApi({
      routes: [
        allowancesRoutes((ctx, request, ms) => askCloudForAllowance(ctx, request, undefined, ms), 200),
      ],
    });
    try {
      const s = seedSaleFixture(quick.core, quick.terminal);
      const c = insertCustomer(quick.core, { name: "Bea", bornAt: newId() });
      quick.core.db
        .prepare(
          `INSERT INTO sync_credentials (id, cloud_url, appliance_id, tenant_id, store_id, token, name, enrolled_at)
           VALUES (1, ?, 'a', 't', 's', 'moa_test', 'Local B', '2020-01-01T00:00:00.000Z')`,
        )
        .run(cloud.url);
      const res = await quick.app.inject({
        method: "POST",
        url: `/api/allowances/${c.id}/ask`,
        headers: bearer(createSession(quick.core, s.cashier.staffId, quick.terminal.id)),
        payload: { kind: "credit", amount: 100, mode: "cover" },
      });
      expect(res.json()).toMatchObject({ outcome: "offline", granted: 0 });
    } finally {
      await quick.close();
    }
  });

  it("a single shop (not linked) asks no one: not_linked", async () => {
    expect((await ask({ kind: "credit", amount: 500_000, mode: "cover" })).json()).toMatchObject({
      outcome: "not_linked",
      granted: 0,
    });
  });

  it("'more' asks for the amount itself, and only a manager may", async () => {
    cloud = await fakeCloud(grants((n) => n));
    linkTo(cloud.url);
    const refused = await ask({ kind: "credit", amount: 100_000, mode: "more" });
    expect(refused.statusCode).toBe(403);
    expect(cloud.asked).toHaveLength(0);
    await ask({ kind: "credit", amount: 100_000, mode: "more" }, manager);
    expect(await ask({ kind: "credit", amount: 100_000, mode: "more" }, manager)).toMatchObject({
      statusCode: 200,
    });
    expect(cloud.asked.map((a) => a.amount)).toEqual([100_000, 100_000]);
  });

  it("a points payment in pesos asks for the points it needs at the shop's rate", async () => {
    setLoyaltyRules(t.core, f.manager, {
      enabled: true,
      spendPerPoint: 10_000,
      pointValue: 100,
      minSaleTotal: 0,
      excludedCategories: [],
      expiryMonths: null,
      birthdayBonus: 0,
    });
    cloud = await fakeCloud(grants((n) => n));
    linkTo(cloud.url);
    const res = await ask({ kind: "points", amount: 12_050, mode: "cover_money" });
    // $ 120,50 at $ 1 a point: 121 points (rounded up: points never pay more than they are worth).
    expect(res.json()).toMatchObject({ outcome: "granted", asked: 121, account: { availablePoints: 121 } });
  });

  it("credit is never asked for by its value in points, nor points with the programme off", async () => {
    cloud = await fakeCloud(grants((n) => n));
    linkTo(cloud.url);
    const off = await ask({ kind: "points", amount: 100, mode: "cover_money" });
    expect(off.statusCode).toBe(400);
    expect(off.json()).toMatchObject({ error: { code: "loyalty_off" } });
    const credit = await ask({ kind: "credit", amount: 100, mode: "cover_money" });
    expect(credit.statusCode).toBe(400);
    expect(cloud.asked).toHaveLength(0);
  });

  it.each([
    ["a zero amount", { kind: "credit", amount: 0, mode: "cover" }],
    ["a negative amount", { kind: "credit", amount: -100, mode: "cover" }],
    ["a fractional amount", { kind: "credit", amount: 10.5, mode: "cover" }],
    ["an unknown kind", { kind: "cash", amount: 100, mode: "cover" }],
    ["an unknown mode", { kind: "credit", amount: 100, mode: "all" }],
    ["an extra field", { kind: "credit", amount: 100, mode: "cover", storeId: "x" }],
  ])("bad input is refused with a Spanish error and nothing is asked or changed: %s", async (_, body) => {
    cloud = await fakeCloud(grants((n) => n));
    linkTo(cloud.url);
    const before = counts();
    const res = await ask(body);
    expect(res.statusCode).toBe(400);
    expect((res.json() as { error: { message: string } }).error.message).toMatch(/[a-záéíóúñ]{3}/i);
    expect(cloud.asked).toHaveLength(0);
    expect(counts()).toEqual(before);
  });

  it("an unknown customer: 404, nothing asked", async () => {
    cloud = await fakeCloud(grants((n) => n));
    linkTo(cloud.url);
    const res = await ask({ kind: "credit", amount: 100, mode: "cover" }, cashier, newId());
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: "customer_not_found" } });
    expect(cloud.asked).toHaveLength(0);
  });
});
