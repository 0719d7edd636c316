import { CardOperationAnswer, CardsReportSchema } from "@mostrador/contracts/http/cards";
import type { Charge } from "@mostrador/contracts/http/mercadopago";
import { schemaErrors } from "@mostrador/contracts/http/schema-errors";
import { newId } from "@mostrador/kernel/db/ids";
import type { FakeMercadoPago } from "@mostrador/platform/mercadopago/fake/fake-mercadopago";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bearer, openTestApi, type TestApi } from "../api/test-api.js";
import { connectForTest, fakeMercadoPagoForTest } from "../mercadopago/test-support.js";
import { type SaleFixture, seedSaleFixture } from "../pos/test-fixtures.js";

/** Top-up by Mercado Pago at the cash desk, against the fake Mercado Pago over HTTP. */
describe("a card topped up with Mercado Pago", () => {
  let t: TestApi;
  let f: SaleFixture;
  let mp: Awaited<ReturnType<typeof fakeMercadoPagoForTest>>;
  let fake: FakeMercadoPago;
  let cashier: string;
  let sessionId: string;
  let cardId: string;

  beforeEach(async () => {
    t = await openTestApi();
    f = seedSaleFixture(t.core, t.terminal);
    cashier = t.tokenFor("cashier");
    // The fixture opened the till's cash session.
    sessionId = (
      t.core.db
        .prepare("SELECT id FROM cash_sessions WHERE terminal_id = ? AND status = 'open'")
        .get(t.terminal.id) as { id: string }
    ).id;
    mp = await fakeMercadoPagoForTest();
    fake = mp.fake;
    await connectForTest(t, fake, t.tokenFor("owner"));
    const issued = await call("POST", "/cards", { requestId: newId(), uid: "04A1B2C3", method: "cash" });
    expect(issued.statusCode, issued.body).toBe(201);
    cardId = (issued.json() as { card: { id: string } }).card.id;
  });
  afterEach(async () => {
    await mp.close();
    await t.close();
  });

  const call = (method: "GET" | "POST", url: string, payload?: object) =>
    t.app.inject({ method, url: `/api${url}`, headers: bearer(cashier), ...(payload ? { payload } : {}) });
  /** The till's MP charge for a top-up: its saleRef is the top-up's request id. */
  const chargeFor = async (requestId: string, amount: number, paid = true): Promise<Charge> => {
    const res = await call("POST", "/mercadopago/charges", { saleRef: requestId, amount, kind: "qr" });
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
  const topUp = (requestId: string, amount: number, reference?: string) =>
    call("POST", `/cards/${cardId}/topups`, {
      requestId,
      amount,
      method: "mercadopago",
      ...(reference ? { reference } : {}),
    });
  const snapshot = () => ({
    tables: ["card_entries", "card_requests", "outbox", "sales", "audit_log"].map(
      (table) => (t.core.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n,
    ),
    charges: t.core.db
      .prepare("SELECT id, sale_id, card_entry_id, updated_at FROM mercadopago_charges")
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

  it("records the top-up once against the confirmed charge, marks the charge used, and the Z report shows it", async () => {
    const requestId = newId();
    const charge = await chargeFor(requestId, 300_000);
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
    const again = await call("POST", "/mercadopago/charges", {
      saleRef: requestId,
      amount: 300_000,
      kind: "qr",
    });
    expect((again.json() as Charge).id).toBe(charge.id);
    // Used: not a payment "sin venta", and no refund while the money is on the card.
    expect((await call("GET", "/mercadopago/unattached")).json()).toEqual([]);
    await expectRefused(
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
      await call("GET", `/cards/report?sessionId=${sessionId}`)
    ).json() as typeof CardsReportSchema.static;
    expect(report.topups.byMethod).toContainEqual({ method: "mercadopago", count: 1, total: 300_000 });
    expect(report.cashNet).toBe(0);
  });

  it("refuses a charge Mercado Pago has not confirmed, or none at all, changing nothing", async () => {
    const requestId = newId();
    const charge = await chargeFor(requestId, 300_000, false);
    await expectRefused(() => topUp(requestId, 300_000, charge.id), 409, "mercadopago_not_confirmed");
    await expectRefused(() => topUp(requestId, 300_000), 400, "mercadopago_charge_required");
    await expectRefused(() => topUp(requestId, 300_000, newId()), 400, "mercadopago_charge_required");
    // Once confirmed, the same top-up goes through.
    await fake.moveOrder(charge.orderId!, "processed");
    await call("GET", `/mercadopago/charges/${charge.id}`);
    expect((await topUp(requestId, 300_000, charge.id)).statusCode).toBe(201);
  });

  it("refuses a confirmed charge of another amount, changing nothing", async () => {
    const requestId = newId();
    const charge = await chargeFor(requestId, 300_000);
    await expectRefused(() => topUp(requestId, 200_000, charge.id), 400, "mercadopago_amount_mismatch");
  });

  it("refuses a charge another top-up or a sale already used, and a sale cannot use a top-up's charge", async () => {
    const first = newId();
    const charge = await chargeFor(first, 250_000);
    expect((await topUp(first, 250_000, charge.id)).statusCode).toBe(201);
    await expectRefused(() => topUp(newId(), 250_000, charge.id), 409, "mercadopago_charge_used");
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
    await expectRefused(() => topUp(newId(), 250_000, forSale.id), 409, "mercadopago_charge_used");
  });
});
