import { createTerminal } from "@mostrador/kernel/shop/terminals";
import { createSession } from "@mostrador/kernel/staff/sessions";
import { newId } from "@mostrador/kernel/db/ids";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bearer, openTestApi, type TestApi } from "../api/test-api.js";
import { setLoyaltyRules } from "../loyalty/rules.js";
import { openCashSessionRow, type SaleFixture, seedSaleFixture, writeCounts } from "../pos/test-fixtures.js";
import { adjustPoints } from "./adjustments.js";
import { setCreditLimit } from "./limits.js";
import { insertCustomer, ledgerCounts } from "./test-customers.js";

describe("accounts and loyalty API", () => {
  let t: TestApi;
  let f: SaleFixture;
  let till1: Record<string, string>;
  let till2: Record<string, string>;
  let manager: Record<string, string>;
  let ana: { id: string; name: string };
  beforeEach(async () => {
    t = await openTestApi();
    f = seedSaleFixture(t.core, t.terminal);
    till1 = bearer(createSession(t.core, f.cashier.staffId, t.terminal.id));
    // A second till with its own drawer: two API sessions selling at the same moment.
    const second = createTerminal(t.core, { code: 2, name: "Caja 2" });
    openCashSessionRow(t.core, second.id, f.manager.staffId);
    till2 = bearer(createSession(t.core, f.manager.staffId, second.id));
    manager = bearer(createSession(t.core, f.manager.staffId, t.terminal.id));
    ana = insertCustomer(t.core, { name: "Ana Pérez" });
    setLoyaltyRules(t.core, f.manager, {
      enabled: true,
      spendPerPoint: 10_000,
      pointValue: 100,
      minSaleTotal: 0,
      excludedCategories: [],
      expiryMonths: null,
      birthdayBonus: 0,
    });
  });
  afterEach(async () => t.close());

  const sale = (payments: unknown[], customerId: string | null = ana.id) => ({
    id: newId(),
    lines: [{ productId: f.products.gaseosa.id, quantity: 2 }],
    payments,
    ...(customerId ? { customerId } : {}),
  });
  const post = (url: string, payload: unknown, headers = till1) =>
    t.app.inject({ method: "POST", url, headers, payload: payload as object });
  const rulesNow = async () =>
    (await t.app.inject({ method: "GET", url: "/api/loyalty/rules", headers: till1 })).json();
  const counts = () => ({ ...writeCounts(t.core), ...ledgerCounts(t.core) });

  async function expectRefused(
    send: () => Promise<{ statusCode: number; json(): unknown }>,
    status: number,
    code: string,
  ) {
    const before = counts();
    const res = await send();
    expect(res.statusCode).toBe(status);
    const body = res.json() as { error: { code: string; message: string } };
    expect(body.error.code).toBe(code);
    expect(body.error.message).toMatch(/[a-záéíóúñ]{3}/i);
    const { audit_log: _a, ...after } = counts();
    const { audit_log: _b, ...expected } = before;
    expect(after).toEqual(expected);
    return body.error;
  }

  it("two tills pushing the same account over its limit at the same moment: exactly one succeeds", async () => {
    setCreditLimit(t.core, f.manager, ana.id, 700_000);
    const answers = await Promise.all([
      post("/api/sales", sale([{ method: "account", amount: 500_000 }]), till1),
      post("/api/sales", sale([{ method: "account", amount: 500_000 }]), till2),
    ]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409]);
    const refused = answers.find((a) => a.statusCode === 409)!.json() as { error: { code: string } };
    expect(refused.error.code).toBe("over_credit_limit");
    const account = await t.app.inject({ method: "GET", url: `/api/accounts/${ana.id}`, headers: till1 });
    expect(account.json()).toMatchObject({ balance: 500_000, availableCredit: 200_000 });
  });

  it("two tills redeeming the same customer's points at the same moment: exactly one succeeds", async () => {
    adjustPoints(t.core, f.manager, ana.id, { points: 30, note: "Bienvenida" });
    // Earning out of the way: the first sale's earned points must not pay for the second.
    setLoyaltyRules(t.core, f.manager, { ...(await rulesNow()), spendPerPoint: 100_000_000 });
    const pay = [
      { method: "cash", amount: 497_000 },
      { method: "points", amount: 3_000 },
    ];
    const answers = await Promise.all([
      post("/api/sales", sale(pay), till1),
      post("/api/sales", sale(pay), till2),
    ]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409]);
    const points = await t.app.inject({ method: "GET", url: `/api/loyalty/${ana.id}`, headers: till1 });
    expect(points.json()).toMatchObject({ account: { points: 0 } });
  });

  it("refuses 'account' and 'points' with no customer, changing nothing", async () => {
    setCreditLimit(t.core, f.manager, ana.id, 700_000);
    await expectRefused(
      () => post("/api/sales", sale([{ method: "account", amount: 500_000 }], null)),
      400,
      "customer_required_for_account",
    );
    await expectRefused(
      () =>
        post(
          "/api/sales",
          sale(
            [
              { method: "cash", amount: 499_000 },
              { method: "points", amount: 1_000 },
            ],
            null,
          ),
        ),
      400,
      "customer_required_for_points",
    );
  });

  it("takes an account payment at the till, refuses one larger than the debt, and lets only a manager set limits", async () => {
    setCreditLimit(t.core, f.manager, ana.id, 700_000);
    await post("/api/sales", sale([{ method: "account", amount: 500_000 }]));
    const paid = await post(`/api/accounts/${ana.id}/payments`, {
      id: newId(),
      method: "cash",
      amount: 100_000,
      tendered: 200_000,
    });
    expect(paid.statusCode).toBe(201);
    expect(paid.json()).toMatchObject({ amount: 100_000, change: 100_000, account: { balance: 400_000 } });
    const err = await expectRefused(
      () => post(`/api/accounts/${ana.id}/payments`, { id: newId(), method: "transfer", amount: 400_001 }),
      400,
      "payment_exceeds_debt",
    );
    expect(err.message).toBe("El pago ($ 4.000,01) supera la deuda de Ana Pérez ($ 4.000,00)");
    await expectRefused(
      () => post(`/api/accounts/${ana.id}/payments`, { id: newId(), method: "account", amount: 100 }),
      400,
      "invalid_input",
    );
    await expectRefused(
      () =>
        t.app.inject({
          method: "PUT",
          url: `/api/accounts/${ana.id}/limit`,
          headers: till1,
          payload: { creditLimit: 1 },
        }),
      403,
      "permission_denied",
    );
    const set = await t.app.inject({
      method: "PUT",
      url: `/api/accounts/${ana.id}/limit`,
      headers: manager,
      payload: { creditLimit: 900_000 },
    });
    expect(set.json()).toMatchObject({ creditLimit: 900_000, availableCredit: 500_000 });
    await expectRefused(
      () => post(`/api/accounts/${newId()}/payments`, { id: newId(), method: "cash", amount: 100 }),
      404,
      "customer_not_found",
    );
  });

  it("serves the statement as JSON and as a PDF, and the debtors list", async () => {
    setCreditLimit(t.core, f.manager, ana.id, 700_000);
    await post("/api/sales", sale([{ method: "account", amount: 500_000 }]));
    const statement = await t.app.inject({
      method: "GET",
      url: `/api/accounts/${ana.id}/statement`,
      headers: till1,
    });
    expect(statement.json()).toMatchObject({
      entries: [{ kind: "charge", amount: 500_000, runningBalance: 500_000, saleNumber: "0001-00000001" }],
    });
    const pdf = await t.app.inject({
      method: "GET",
      url: `/api/accounts/${ana.id}/statement.pdf`,
      headers: till1,
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    const debtors = await t.app.inject({ method: "GET", url: "/api/accounts/debtors", headers: till1 });
    expect(debtors.json()).toMatchObject({
      debtors: [{ customerName: "Ana Pérez", balance: 500_000, ageDays: 0 }],
      total: 500_000,
    });
  });
  it("asking the cloud for more credit: refused when not linked, for an unknown customer or for a cashier", async () => {
    const ask = (customerId: string, headers = manager) =>
      post("/api/sync/allowances", { customerId, kind: "credit", amount: 100_000 }, headers);
    const err = await expectRefused(() => ask(ana.id), 409, "not_linked");
    expect(err.message).toBe(
      "Este equipo no está vinculado a la nube: el límite de crédito lo fija un encargado acá",
    );
    await expectRefused(() => ask(newId()), 404, "customer_not_found");
    await expectRefused(() => ask(ana.id, till1), 403, "permission_denied");
    await expectRefused(
      () => post(`/api/accounts/${ana.id}/hand-back`, { kind: "credit" }, manager),
      409,
      "not_linked",
    );
  });
});
