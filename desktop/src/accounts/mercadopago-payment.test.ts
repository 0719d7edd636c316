import { AccountPaymentAnswer } from "@mostrador/contracts/http/accounts";
import type { Charge } from "@mostrador/contracts/http/mercadopago";
import { schemaErrors } from "@mostrador/contracts/http/schema-errors";
import { newId } from "@mostrador/kernel/db/ids";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bearer, type TestApi } from "../api/test-api.js";
import { buildReport } from "../cash/reports.js";
import { type ChargeTill, openChargeTill } from "../mercadopago/test-support.js";
import type { SaleFixture } from "../pos/test-fixtures.js";
import { adjustAccount } from "./adjustments.js";
import { accountSummary } from "./summary.js";
import { insertCustomer } from "./test-customers.js";

/** An account paid at the till with Mercado Pago, against the fake Mercado Pago over HTTP. */
describe("an account paid with Mercado Pago", () => {
  let till: ChargeTill;
  let t: TestApi;
  let f: SaleFixture;
  let sessionId: string;
  let customerId: string;
  const DEBT = 500_000;

  beforeEach(async () => {
    till = await openChargeTill(["account_entries", "outbox", "sales", "audit_log"]);
    ({ t, f, sessionId } = till);
    customerId = insertCustomer(t.core, { name: "Ana Pérez" }).id;
    adjustAccount(t.core, f.manager, customerId, { amount: DEBT, note: "Saldo anterior" });
  });
  afterEach(() => till.close());

  // The till's MP charge for an account payment (till.chargeFor): its saleRef is the payment's id.
  const pay = (id: string, amount: number, reference?: string) =>
    till.call("POST", `/accounts/${customerId}/payments`, {
      id,
      method: "mercadopago",
      amount,
      ...(reference ? { reference } : {}),
    });

  it("records the payment once against the confirmed charge, marks it used, and the Z report shows it by method", async () => {
    const id = newId();
    const charge = await till.chargeFor(id, 300_000);
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
    expect((await till.call("GET", "/mercadopago/unattached")).json()).toEqual([]);
    await till.expectRefused(
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
    const charge = await till.chargeFor(id, 300_000, false);
    await till.expectRefused(() => pay(id, 300_000, charge.id), 409, "mercadopago_not_confirmed");
    await till.expectRefused(() => pay(id, 300_000), 400, "mercadopago_charge_required");
    await till.expectRefused(() => pay(id, 300_000, newId()), 400, "mercadopago_charge_required");
    await till.fake.moveOrder(charge.orderId!, "processed");
    await till.call("GET", `/mercadopago/charges/${charge.id}`);
    expect((await pay(id, 300_000, charge.id)).statusCode).toBe(201);
  });

  it("refuses a confirmed charge of another amount, changing nothing", async () => {
    const id = newId();
    const charge = await till.chargeFor(id, 300_000);
    await till.expectRefused(() => pay(id, 200_000, charge.id), 400, "mercadopago_amount_mismatch");
  });

  it("refuses a charge used twice, by another account payment or by a sale", async () => {
    const first = newId();
    const charge = await till.chargeFor(first, 250_000);
    expect((await pay(first, 250_000, charge.id)).statusCode).toBe(201);
    await till.expectRefused(() => pay(newId(), 250_000, charge.id), 409, "mercadopago_charge_used");
    await till.expectRefused(
      () =>
        till.call("POST", "/sales", {
          id: newId(),
          lines: [{ productId: f.products.gaseosa.id, quantity: 1 }],
          payments: [{ method: "mercadopago", amount: 250_000, reference: charge.id }],
        }),
      409,
      "mercadopago_charge_used",
    );

    const saleId = newId();
    const forSale = await till.chargeFor(saleId, 250_000);
    const sale = await till.call("POST", "/sales", {
      id: saleId,
      lines: [{ productId: f.products.gaseosa.id, quantity: 1 }],
      payments: [{ method: "mercadopago", amount: 250_000, reference: forSale.id }],
    });
    expect(sale.statusCode, sale.body).toBe(201);
    await till.expectRefused(() => pay(newId(), 250_000, forSale.id), 409, "mercadopago_charge_used");
  });

  it("lists a charge confirmed that no payment recorded (the cashier gave up) as sin venta, never lost", async () => {
    const charge = await till.chargeFor(newId(), 200_000);
    const unattached = (await till.call("GET", "/mercadopago/unattached")).json() as Charge[];
    expect(unattached.map((c) => c.id)).toEqual([charge.id]);
    expect(accountSummary(t.core, customerId).balance).toBe(DEBT);
  });
});
