import { CardOperationAnswer, CardsReportSchema } from "@mostrador/contracts/http/cards";
import type { Charge } from "@mostrador/contracts/http/mercadopago";
import { schemaErrors } from "@mostrador/contracts/http/schema-errors";
import { newId } from "@mostrador/kernel/db/ids";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bearer, type TestApi } from "../api/test-api.js";
import { type ChargeTill, openChargeTill } from "../mercadopago/test-support.js";
import type { SaleFixture } from "../pos/test-fixtures.js";

/** Top-up by Mercado Pago at the cash desk, against the fake Mercado Pago over HTTP. */
describe("a card topped up with Mercado Pago", () => {
  let till: ChargeTill;
  let t: TestApi;
  let f: SaleFixture;
  let sessionId: string;
  let cardId: string;

  beforeEach(async () => {
    till = await openChargeTill(["card_entries", "card_requests", "outbox", "sales", "audit_log"]);
    ({ t, f, sessionId } = till);
    const issued = await till.call("POST", "/cards", { requestId: newId(), uid: "04A1B2C3", method: "cash" });
    expect(issued.statusCode, issued.body).toBe(201);
    cardId = (issued.json() as { card: { id: string } }).card.id;
  });
  afterEach(() => till.close());

  // The till's MP charge for a top-up (till.chargeFor): its saleRef is the top-up's request id.
  const topUp = (requestId: string, amount: number, reference?: string) =>
    till.call("POST", `/cards/${cardId}/topups`, {
      requestId,
      amount,
      method: "mercadopago",
      ...(reference ? { reference } : {}),
    });

  it("records the top-up once against the confirmed charge, marks the charge used, and the Z report shows it", async () => {
    const requestId = newId();
    const charge = await till.chargeFor(requestId, 300_000);
    const first = await topUp(requestId, 300_000, charge.id);
    const retry = await topUp(requestId, 300_000, charge.id);
    expect([first.statusCode, retry.statusCode]).toEqual([201, 200]);
    expect(retry.json()).toEqual(first.json());
    const answer = first.json() as typeof CardOperationAnswer.static;
    expect(schemaErrors(CardOperationAnswer, answer)).toEqual([]);
    expect(answer).toMatchObject({ cash: 0, card: { balance: 300_000 }, entry: { method: "mercadopago" } });
    expect(
      t.core.db.prepare("SELECT card_entry_id AS e FROM mercadopago_charges WHERE id = ?").get(charge.id),
    ).toEqual({ e: answer.entry!.id });

    // Starting the charge again for the same top-up (a till that lost the answer) gives the same charge.
    const again = await till.call("POST", "/mercadopago/charges", {
      saleRef: requestId,
      amount: 300_000,
      kind: "qr",
    });
    expect((again.json() as Charge).id).toBe(charge.id);
    // Used: not a payment "sin venta", and no refund while the money is on the card.
    expect((await till.call("GET", "/mercadopago/unattached")).json()).toEqual([]);
    await till.expectRefused(
      () =>
        t.app.inject({
          method: "POST",
          url: `/api/mercadopago/charges/${charge.id}/refund`,
          headers: bearer(t.tokenFor("manager")),
        }),
      409,
      "mercadopago_charge_on_card",
    );

    const report = (
      await till.call("GET", `/cards/report?sessionId=${sessionId}`)
    ).json() as typeof CardsReportSchema.static;
    expect(report.topups.byMethod).toContainEqual({ method: "mercadopago", count: 1, total: 300_000 });
    expect(report.cashNet).toBe(0);
  });

  it("refuses a charge Mercado Pago has not confirmed, or none at all, changing nothing", async () => {
    const requestId = newId();
    const charge = await till.chargeFor(requestId, 300_000, false);
    await till.expectRefused(() => topUp(requestId, 300_000, charge.id), 409, "mercadopago_not_confirmed");
    await till.expectRefused(() => topUp(requestId, 300_000), 400, "mercadopago_charge_required");
    await till.expectRefused(() => topUp(requestId, 300_000, newId()), 400, "mercadopago_charge_required");
    // Once confirmed, the same top-up goes through.
    await till.fake.moveOrder(charge.orderId!, "processed");
    await till.call("GET", `/mercadopago/charges/${charge.id}`);
    expect((await topUp(requestId, 300_000, charge.id)).statusCode).toBe(201);
  });

  it("refuses a confirmed charge of another amount, changing nothing", async () => {
    const requestId = newId();
    const charge = await till.chargeFor(requestId, 300_000);
    await till.expectRefused(() => topUp(requestId, 200_000, charge.id), 400, "mercadopago_amount_mismatch");
  });

  it("refuses a charge another top-up or a sale already used, and a sale cannot use a top-up's charge", async () => {
    const first = newId();
    const charge = await till.chargeFor(first, 250_000);
    expect((await topUp(first, 250_000, charge.id)).statusCode).toBe(201);
    await till.expectRefused(() => topUp(newId(), 250_000, charge.id), 409, "mercadopago_charge_used");
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
    await till.expectRefused(() => topUp(newId(), 250_000, forSale.id), 409, "mercadopago_charge_used");
  });
});
