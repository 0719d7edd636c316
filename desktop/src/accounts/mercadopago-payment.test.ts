import { AccountPaymentAnswer } from "@mostrador/contracts/http/accounts";
import type { Charge } from "@mostrador/contracts/http/mercadopago";
import { schemaErrors } from "@mostrador/contracts/http/schema-errors";
import { newId } from "@mostrador/kernel/db/ids";
import type { FakeMercadoPago } from "@mostrador/platform/mercadopago/fake/fake-mercadopago";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bearer, openTestApi, type TestApi } from "../api/test-api.js";
import { buildReport } from "../cash/reports.js";
import { connectForTest, fakeMercadoPagoForTest } from "../mercadopago/test-support.js";
import { type SaleFixture, seedSaleFixture } from "../pos/test-fixtures.js";
import { adjustAccount } from "./adjustments.js";
import { accountSummary } from "./summary.js";
import { insertCustomer } from "./test-customers.js";

/** An account paid at the till with Mercado Pago, against the fake Mercado Pago over HTTP. */
describe("an account paid with Mercado Pago", () => {
  let t: TestApi;
  let f: SaleFixture;
  let mp: Awaited<ReturnType<typeof fakeMercadoPagoForTest>>;
  let fake: FakeMercadoPago;
  let cashier: string;
  let sessionId: string;
  let customerId: string;
  const DEBT = 500_000;

  beforeEach(async () => {
    t = await openTestApi();
    f = seedSaleFixture(t.core, t.terminal);
    cashier = t.tokenFor("cashier");
    sessionId = (
      t.core.db
        .prepare("SELECT id FROM cash_sessions WHERE terminal_id = ? AND status = 'open'")
        .get(t.terminal.id) as { id: string }
    ).id;
    mp = await fakeMercadoPagoForTest();
    fake = mp.fake;
    await connectForTest(t, fake, t.tokenFor("owner"));
    customerId = insertCustomer(t.core, { name: "Ana Pérez" }).id;
    adjustAccount(t.core, f.manager, customerId, { amount: DEBT, note: "Saldo anterior" });
  });
  afterEach(async () => {
    await mp.close();
    await t.close();
  });

  const call = (method: "GET" | "POST", url: string, payload?: object) =>
    t.app.inject({ method, url: `/api${url}`, headers: bearer(cashier), ...(payload ? { payload } : {}) });
  /** The till's MP charge for an account payment: its saleRef is the payment's id. */
  const chargeFor = async (paymentId: string, amount: number, paid = true): Promise<Charge> => {
    const res = await call("POST", "/mercadopago/charges", { saleRef: paymentId, amount, kind: "qr" });
    expect(res.statusCode, res.body).toBe(200);
    const charge = res.json() as Charge;
    if (paid) {
      await fake.moveOrder(charge.orderId!, "processed");
      expect(((await call("GET", `/mercadopago/charges/${charge.id}`)).json() as Charge).status).toBe(
        "processed",
      );
    }
    return charge;
  };
  const pay = (id: string, amount: number, reference?: string) =>
    call("POST", `/accounts/${customerId}/payments`, {
      id,
      method: "mercadopago",
      amount,
      ...(reference ? { reference } : {}),
    });
  const snapshot = () => ({
    tables: ["account_entries", "outbox", "sales", "audit_log"].map(
      (table) => (t.core.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n,
    ),
    charges: t.core.db
      .prepare("SELECT id, sale_id, card_entry_id, account_entry_id, updated_at FROM mercadopago_charges")
      .all(),
  });
  /** A refusal with a Spanish sentence that changed nothing. */
  const expectRefused = async (send: () => ReturnType<typeof call>, status: number, code: string) => {
    const before = snapshot();
    const res = await send();
    expect(res.statusCode, res.body).toBe(status);
    const body = res.json() as { error: { code: string; message: string } };
    expect(body.error.code).toBe(code);
    expect(body.error.message).toMatch(/Mercado Pago/);
    expect(snapshot()).toEqual(before);
  };

  it("records the payment once against the confirmed charge, marks it used, and the Z report shows it by method", async () => {
    const id = newId();
    const charge = await chargeFor(id, 300_000);
    const first = await pay(id, 300_000, charge.id);
    const retry = await pay(id, 300_000, charge.id);
    expect([first.statusCode, retry.statusCode]).toEqual([201, 200]);
    expect(retry.json()).toEqual(first.json());
    const answer = first.json() as typeof AccountPaymentAnswer.static;
    expect(schemaErrors(AccountPaymentAnswer, answer)).toEqual([]);
    expect(answer).toMatchObject({ method: "mercadopago", amount: 300_000, change: 0 });
    expect(accountSummary(t.core, customerId).balance).toBe(DEBT - 300_000);
    expect(
      t.core.db.prepare("SELECT account_entry_id AS e FROM mercadopago_charges WHERE id = ?").get(charge.id),
    ).toEqual({ e: answer.entryId });

    // Used: not a payment "sin venta", and not refunded from Ajustes (it paid a debt).
    expect((await call("GET", "/mercadopago/unattached")).json()).toEqual([]);
    await expectRefused(
      () =>
        t.app.inject({
          method: "POST",
          url: `/api/mercadopago/charges/${charge.id}/refund`,
          headers: bearer(t.tokenFor("manager")),
        }),
      409,
      "mercadopago_charge_on_account",
    );

    const report = buildReport(t.core, sessionId);
    expect(report.accountPayments?.byMethod).toEqual([{ method: "mercadopago", count: 1, total: 300_000 }]);
    // Not drawer money.
    expect(report.accountPayments?.cash).toBe(0);
  });

  it("refuses a charge Mercado Pago has not confirmed, or none at all, changing nothing", async () => {
    const id = newId();
    const charge = await chargeFor(id, 300_000, false);
    await expectRefused(() => pay(id, 300_000, charge.id), 409, "mercadopago_not_confirmed");
    await expectRefused(() => pay(id, 300_000), 400, "mercadopago_charge_required");
    await expectRefused(() => pay(id, 300_000, newId()), 400, "mercadopago_charge_required");
    await fake.moveOrder(charge.orderId!, "processed");
    await call("GET", `/mercadopago/charges/${charge.id}`);
    expect((await pay(id, 300_000, charge.id)).statusCode).toBe(201);
  });

  it("refuses a confirmed charge of another amount, changing nothing", async () => {
    const id = newId();
    const charge = await chargeFor(id, 300_000);
    await expectRefused(() => pay(id, 200_000, charge.id), 400, "mercadopago_amount_mismatch");
  });

  it("refuses a charge used twice, by another account payment or by a sale", async () => {
    const first = newId();
    const charge = await chargeFor(first, 250_000);
    expect((await pay(first, 250_000, charge.id)).statusCode).toBe(201);
    await expectRefused(() => pay(newId(), 250_000, charge.id), 409, "mercadopago_charge_used");
    await expectRefused(
      () =>
        call("POST", "/sales", {
          id: newId(),
          lines: [{ productId: f.products.gaseosa.id, quantity: 1 }],
          payments: [{ method: "mercadopago", amount: 250_000, reference: charge.id }],
        }),
      409,
      "mercadopago_charge_used",
    );

    const saleId = newId();
    const forSale = await chargeFor(saleId, 250_000);
    const sale = await call("POST", "/sales", {
      id: saleId,
      lines: [{ productId: f.products.gaseosa.id, quantity: 1 }],
      payments: [{ method: "mercadopago", amount: 250_000, reference: forSale.id }],
    });
    expect(sale.statusCode, sale.body).toBe(201);
    await expectRefused(() => pay(newId(), 250_000, forSale.id), 409, "mercadopago_charge_used");
  });

  it("lists a charge confirmed that no payment recorded (the cashier gave up) as sin venta, never lost", async () => {
    const charge = await chargeFor(newId(), 200_000);
    const unattached = (await call("GET", "/mercadopago/unattached")).json() as Charge[];
    expect(unattached.map((c) => c.id)).toEqual([charge.id]);
    expect(accountSummary(t.core, customerId).balance).toBe(DEBT);
  });
});
