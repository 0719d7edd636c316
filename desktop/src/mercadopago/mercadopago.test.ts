import type { Charge } from "@mostrador/contracts/http/mercadopago";
import { newId } from "@mostrador/kernel/db/ids";
import { createSession } from "@mostrador/kernel/staff/sessions";
import type { FakeMercadoPago } from "@mostrador/platform/mercadopago/fake/fake-mercadopago";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bearer, openTestApi, type TestApi } from "../api/test-api.js";
import { type SaleFixture, seedSaleFixture, writeCounts } from "../pos/test-fixtures.js";
import { applyOrder } from "./charges.js";
import { connectForTest, fakeMercadoPagoForTest, TEST_LOCATION } from "./test-support.js";

let t: TestApi;
let f: SaleFixture;
let mp: Awaited<ReturnType<typeof fakeMercadoPagoForTest>>;
let fake: FakeMercadoPago;
let owner: string;
let cashier: Record<string, string>;
let manager: Record<string, string>;

beforeEach(async () => {
  t = await openTestApi();
  f = seedSaleFixture(t.core, t.terminal);
  owner = t.tokenFor("owner");
  cashier = bearer(createSession(t.core, f.cashier.staffId, t.terminal.id));
  manager = bearer(createSession(t.core, f.manager.staffId, t.terminal.id));
  mp = await fakeMercadoPagoForTest();
  fake = mp.fake;
});
afterEach(async () => {
  await mp.close();
  await t.close();
});

const post = (url: string, payload: object | undefined, headers = cashier) =>
  t.app.inject({ method: "POST", url, headers, ...(payload ? { payload } : {}) });
const charge = async (saleRef: string, amount: number, kind: "qr" | "point" = "qr") => {
  const res = await post("/api/mercadopago/charges", { saleRef, amount, kind });
  return {
    status: res.statusCode,
    body: res.json() as Charge & { error?: { code: string; message: string } },
  };
};
const read = async (id: string) =>
  (
    await t.app.inject({ method: "GET", url: `/api/mercadopago/charges/${id}`, headers: cashier })
  ).json() as Charge;
const sell = (saleId: string, payments: object[]) =>
  post("/api/sales", { id: saleId, lines: [{ productId: f.products.gaseosa.id, quantity: 1 }], payments });
const GASEOSA = 250_000;

/** A refusal with a Spanish sentence that changed nothing. */
async function expectRefused(
  send: () => Promise<{ statusCode: number; json(): unknown }>,
  status: number,
  code?: string,
) {
  const before = writeCounts(t.core);
  const charges = t.core.db.prepare("SELECT COUNT(*) AS n FROM mercadopago_charges").get();
  const res = await send();
  expect(res.statusCode).toBe(status);
  const body = res.json() as { error: { code: string; message: string } };
  if (code) expect(body.error.code).toBe(code);
  expect(body.error.message).toMatch(/[a-záéíóúñ]{3}/i);
  const { audit_log: _a, ...after } = writeCounts(t.core);
  const { audit_log: _b, ...expected } = before;
  expect(after).toEqual(expected);
  expect(t.core.db.prepare("SELECT COUNT(*) AS n FROM mercadopago_charges").get()).toEqual(charges);
  return body;
}

describe("setup from Ajustes", () => {
  it("connects the seller, creates the store and a caja per till at MP, and shows the external_pos_id", async () => {
    const answer = await connectForTest(t, fake, owner);
    expect(answer).toMatchObject({
      connected: true,
      nickname: "TESTUSER",
      live: false,
      webhookSecretSet: true,
    });
    const [till] = answer.tills;
    expect(till).toMatchObject({ terminalId: t.terminal.id, code: 1 });
    expect(till!.externalPosId).toMatch(/^MOS[A-Z0-9]{9}POS1$/);
    expect(fake.requests.filter((r) => r.path === "/pos")).toHaveLength(1);
    // Connecting again (a new till, a rotated token) keeps the store and the cajas already made.
    await connectForTest(t, fake, owner);
    expect(fake.requests.filter((r) => r.path === "/pos")).toHaveLength(1);
    expect(fake.requests.filter((r) => r.path.endsWith("/stores"))).toHaveLength(1);
  });

  it("keeps the token sealed: the database never holds it in clear", async () => {
    await connectForTest(t, fake, owner);
    const dump = JSON.stringify(t.core.db.prepare("SELECT * FROM mercadopago_account").all());
    expect(dump).not.toContain(fake.accessToken);
    expect(dump).not.toContain("secretodelwebhook123");
  });

  it("refuses a malformed token, a token MP rejects, no connection, and a cashier — changing nothing", async () => {
    const connect = (accessToken: string, headers: Record<string, string> = bearer(owner)) =>
      post("/api/mercadopago/account", { accessToken, location: TEST_LOCATION }, headers);
    await expectRefused(() => connect("hola"), 400);
    await expectRefused(() => connect("TEST-0000000000-000000-ninguno"), 400, "mercadopago_token_refused");
    await expectRefused(() => connect(fake.accessToken, cashier), 403);
    mp.offline();
    await expectRefused(() => connect(fake.accessToken), 503, "mercadopago_unreachable");
    expect(t.core.db.prepare("SELECT COUNT(*) AS n FROM mercadopago_account").get()).toEqual({ n: 0 });
  });

  it("a till cannot charge before Mercado Pago is set up", async () => {
    await expectRefused(
      () => post("/api/mercadopago/charges", { saleRef: newId(), amount: 100, kind: "qr" }),
      409,
      "mercadopago_not_connected",
    );
  });
});

describe("dynamic QR at the till", () => {
  beforeEach(async () => {
    await connectForTest(t, fake, owner);
  });

  it("charges the amount due, the customer pays, and only then the sale is recorded as paid by Mercado Pago", async () => {
    const saleId = newId();
    const started = await charge(saleId, GASEOSA);
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ status: "created", amount: GASEOSA, kind: "qr", saleRef: saleId });
    expect(started.body.qrData).toMatch(/^000201/);
    expect(fake.order(started.body.orderId!)).toMatchObject({
      total_amount: "2500.00",
      external_reference: saleId,
    });

    // Not paid yet: the sale path refuses to record it as paid.
    await expectRefused(
      () => sell(saleId, [{ method: "mercadopago", amount: GASEOSA, reference: started.body.id }]),
      409,
      "mercadopago_not_confirmed",
    );

    await fake.moveOrder(started.body.orderId!, "processed");
    expect((await read(started.body.id)).status).toBe("processed");
    const sale = await sell(saleId, [{ method: "mercadopago", amount: GASEOSA, reference: started.body.id }]);
    expect(sale.statusCode).toBe(201);
    expect((await read(started.body.id)).saleId).toBe(saleId);

    // The same payment cannot pay a second sale.
    await expectRefused(
      () => sell(newId(), [{ method: "mercadopago", amount: GASEOSA, reference: started.body.id }]),
      409,
      "mercadopago_charge_used",
    );
  });

  it("refuses a Mercado Pago payment with no charge or for another amount", async () => {
    await expectRefused(
      () => sell(newId(), [{ method: "mercadopago", amount: GASEOSA }]),
      400,
      "mercadopago_charge_required",
    );
    const saleId = newId();
    const c = await charge(saleId, GASEOSA - 1);
    await fake.moveOrder(c.body.orderId!, "processed");
    await read(c.body.id);
    await expectRefused(
      () => sell(saleId, [{ method: "mercadopago", amount: GASEOSA, reference: c.body.id }]),
      400,
      "mercadopago_amount_mismatch",
    );
  });

  it("orders relayed by the cloud again and out of order move a charge once, forward only, and pay one sale", async () => {
    const saleId = newId();
    const c = await charge(saleId, GASEOSA);
    // What the relay hands to applyOrder (relay.ts): the order as the cloud re-read it from MP.
    const relayed = (status: "created" | "processed" | "canceled", amount = GASEOSA) => ({
      id: c.body.orderId!,
      kind: "qr",
      externalReference: saleId,
      status,
      statusDetail: status,
      amount,
      paymentId: null,
      qrData: null,
      refunded: 0,
    });
    expect(applyOrder(t.core, relayed("processed", GASEOSA + 100))).toBe(false); // never another amount
    expect(applyOrder(t.core, relayed("processed"))).toBe(true);
    expect(applyOrder(t.core, relayed("processed"))).toBe(false); // MP's retry, relayed again
    expect(applyOrder(t.core, relayed("created"))).toBe(false); // a late, older notification
    expect(applyOrder(t.core, relayed("canceled"))).toBe(false); // nothing moves a paid charge sideways
    expect((await read(c.body.id)).status).toBe("processed");
    const payment = { method: "mercadopago", amount: GASEOSA, reference: c.body.id };
    expect((await sell(saleId, [payment])).statusCode).toBe(201);
    await expectRefused(() => sell(newId(), [payment]), 409, "mercadopago_charge_used");
    expect(
      t.core.db.prepare("SELECT COUNT(*) FROM sale_payments WHERE method = 'mercadopago'").pluck().get(),
    ).toBe(1);
  });

  it("refuses an amount of 0, a bad sale reference, malformed JSON and an unknown charge", async () => {
    await expectRefused(
      () => post("/api/mercadopago/charges", { saleRef: newId(), amount: 0, kind: "qr" }),
      400,
    );
    await expectRefused(
      () => post("/api/mercadopago/charges", { saleRef: "venta", amount: 100, kind: "qr" }),
      400,
    );
    await expectRefused(
      () =>
        t.app.inject({
          method: "POST",
          url: "/api/mercadopago/charges",
          headers: { ...cashier, "content-type": "application/json" },
          payload: "{no",
        }),
      400,
      "malformed_json",
    );
    const unknown = await t.app.inject({
      method: "GET",
      url: `/api/mercadopago/charges/${newId()}`,
      headers: cashier,
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe("charge_not_found");
    expect(fake.requests.filter((r) => r.path === "/v1/orders")).toHaveLength(0);
  });

  it("asking again for the same sale (a double click, a reload) gives the same charge and the same MP order", async () => {
    const saleId = newId();
    const first = await charge(saleId, GASEOSA);
    const again = await charge(saleId, GASEOSA);
    expect(again.body.id).toBe(first.body.id);
    expect(fake.orders()).toHaveLength(1);
    const other = await charge(saleId, GASEOSA + 1);
    expect(other.status).toBe(409);
    expect(other.body.error?.code).toBe("charge_in_progress");
  });

  it("killed after MP created the order but before the answer arrived: the retry sends the same key and gets that order", async () => {
    const saleId = newId();
    fake.loseNextAnswer(2); // the package's own retry is lost too
    const lost = await charge(saleId, GASEOSA);
    expect(lost.status).toBe(503);
    expect(lost.body.error?.code).toBe("mercadopago_unreachable");
    expect(fake.orders()).toHaveLength(1); // MP did create it
    const row = t.core.db.prepare("SELECT status, idempotency_key AS k FROM mercadopago_charges").get() as {
      status: string;
      k: string;
    };
    expect(row.status).toBe("sending"); // never assumed paid, never assumed failed
    const retry = await charge(saleId, GASEOSA);
    expect(retry.body).toMatchObject({ status: "created", orderId: fake.orders()[0]!.id });
    expect(fake.orders()).toHaveLength(1);
    const keys = fake.requests.filter((r) => r.path === "/v1/orders").map((r) => r.idempotencyKey);
    expect(new Set(keys)).toEqual(new Set([row.k]));
  });

  it("without internet the till is told so (and can pay otherwise); nothing is recorded as paid", async () => {
    mp.offline();
    const saleId = newId();
    const res = await charge(saleId, GASEOSA);
    expect(res.status).toBe(503);
    expect(res.body.error?.message).toMatch(/Sin conexión con Mercado Pago: cobrá con otro medio/);
    const cash = await sell(saleId, [{ method: "cash", amount: GASEOSA }]);
    expect(cash.statusCode).toBe(201);
  });

  it("cancels from the till; after a cancel or an expiry a new attempt gets a new order", async () => {
    const saleId = newId();
    const first = await charge(saleId, GASEOSA);
    const cancelled = (
      await post(`/api/mercadopago/charges/${first.body.id}/cancel`, undefined)
    ).json() as Charge;
    expect(cancelled.status).toBe("canceled");
    expect(fake.order(first.body.orderId!)?.status).toBe("canceled");
    const second = await charge(saleId, GASEOSA);
    expect(second.body.id).not.toBe(first.body.id);
    await fake.moveOrder(second.body.orderId!, "expired");
    expect((await read(second.body.id)).status).toBe("expired");
    const third = await charge(saleId, GASEOSA);
    expect(new Set([first.body.orderId, second.body.orderId, third.body.orderId]).size).toBe(3);
  });

  it("a payment confirmed after the cashier gave up is listed sin venta, then refunded or attached — never lost", async () => {
    const saleId = newId();
    const c = await charge(saleId, GASEOSA);
    mp.offline(); // the cancel cannot reach MP; the customer pays meanwhile
    const abandoned = (
      await post(`/api/mercadopago/charges/${c.body.id}/abandon`, undefined)
    ).json() as Charge;
    expect(abandoned.abandonedAt).not.toBeNull();
    mp.online();
    await fake.moveOrder(c.body.orderId!, "processed");
    await read(c.body.id);
    const listed = (
      await t.app.inject({ method: "GET", url: "/api/mercadopago/unattached", headers: cashier })
    ).json() as Charge[];
    expect(listed.map((x) => x.id)).toEqual([c.body.id]);

    // Attached to another sale of the same amount (audited), it leaves the list.
    const other = newId();
    expect(
      (await sell(other, [{ method: "mercadopago", amount: GASEOSA, reference: c.body.id }])).statusCode,
    ).toBe(201);
    expect(
      (await t.app.inject({ method: "GET", url: "/api/mercadopago/unattached", headers: cashier })).json(),
    ).toEqual([]);
    const audit = t.core.db.prepare("SELECT action FROM audit_log WHERE action = 'mercadopago.attach'").all();
    expect(audit).toHaveLength(1);
  });

  it("refunds a payment with no sale (a manager), and a cashier cannot", async () => {
    const c = await charge(newId(), GASEOSA);
    await fake.moveOrder(c.body.orderId!, "processed");
    await read(c.body.id);
    expect((await post(`/api/mercadopago/charges/${c.body.id}/refund`, undefined)).statusCode).toBe(403);
    const refunded = (
      await post(`/api/mercadopago/charges/${c.body.id}/refund`, undefined, manager)
    ).json() as Charge;
    expect(refunded.status).toBe("refunded");
    expect(fake.order(c.body.orderId!)?.status).toBe("refunded");
  });

  it("a sale paid by QR is voided only after the money went back at MP", async () => {
    const saleId = newId();
    const c = await charge(saleId, GASEOSA);
    await fake.moveOrder(c.body.orderId!, "processed");
    await read(c.body.id);
    await sell(saleId, [{ method: "mercadopago", amount: GASEOSA, reference: c.body.id }]);
    const voidIt = () => post(`/api/sales/${saleId}/void`, { reason: "Error de carga" }, manager);
    await expectRefused(voidIt, 409, "mercadopago_refund_first");
    await post(`/api/mercadopago/charges/${c.body.id}/refund`, undefined, manager);
    expect((await voidIt()).statusCode).toBe(200);
  });

  it("a return refunds by Mercado Pago only what MP gave back: partial refunds at MP first, never twice", async () => {
    const saleId = newId();
    const c = await charge(saleId, 2 * GASEOSA);
    await fake.moveOrder(c.body.orderId!, "processed");
    await read(c.body.id);
    const sale = (
      await post("/api/sales", {
        id: saleId,
        lines: [{ productId: f.products.gaseosa.id, quantity: 2 }],
        payments: [{ method: "mercadopago", amount: 2 * GASEOSA, reference: c.body.id }],
      })
    ).json() as { lines: { id: string }[] };
    const giveBackOne = () =>
      post(
        `/api/sales/${saleId}/returns`,
        {
          id: newId(),
          lines: [{ saleLineId: sale.lines[0]!.id, quantity: 1 }],
          refunds: [{ method: "mercadopago", amount: GASEOSA }],
          reason: "No la quiso",
        },
        manager,
      );
    const refundAtMp = (amount: number, headers = manager) =>
      post(`/api/mercadopago/sales/${saleId}/refund`, { amount }, headers);

    // Not given back at MP yet: refused, nothing written.
    await expectRefused(giveBackOne, 409, "mercadopago_not_refunded");
    expect((await refundAtMp(GASEOSA, cashier)).statusCode).toBe(403);
    await expectRefused(() => refundAtMp(0), 400);
    await expectRefused(() => refundAtMp(3 * GASEOSA), 400, "mercadopago_refund_exceeds");

    // The refund's answer is lost twice (the till killed): the retry sends the same key, MP refunds once.
    fake.loseNextAnswer(2);
    expect((await refundAtMp(GASEOSA)).statusCode).toBe(503);
    const partial = (await refundAtMp(GASEOSA)).json() as Charge;
    expect(partial).toMatchObject({ status: "processed", refunded: GASEOSA });
    expect(fake.order(c.body.orderId!)?.transactions.refunds).toHaveLength(1);
    expect(fake.order(c.body.orderId!)?.status_detail).toBe("partially_refunded");

    expect((await giveBackOne()).statusCode).toBe(201);
    // The second unit: MP must give it back first too.
    await expectRefused(giveBackOne, 409, "mercadopago_not_refunded");
    expect(((await refundAtMp(GASEOSA)).json() as Charge).status).toBe("refunded");
    expect((await giveBackOne()).statusCode).toBe(201);
  });
});

describe("Point terminal", () => {
  beforeEach(async () => {
    await connectForTest(t, fake, owner);
    const storeId = String(t.core.db.prepare("SELECT store_id AS s FROM mercadopago_account").pluck().get());
    fake.addTerminal({ id: "NEWLAND_N950__N950NCB000001", storeId });
    fake.addTerminal({ id: "NEWLAND_N950__N950NCB000002", storeId, operatingMode: "STANDALONE" });
  });
  const assign = (pointTerminalId: string | null) =>
    t.app.inject({
      method: "PUT",
      url: `/api/mercadopago/tills/${t.terminal.id}/point`,
      headers: bearer(owner),
      payload: { pointTerminalId },
    });

  it("assigns a device in PDV mode to the till; a standalone one or an unknown one is refused", async () => {
    await expectRefused(() => assign("NEWLAND_N950__N950NCB000002"), 409, "point_not_pdv");
    await expectRefused(() => assign("NOEXISTE"), 404, "point_unknown");
    const ok = await assign("NEWLAND_N950__N950NCB000001");
    expect(ok.json().tills[0].pointTerminalId).toBe("NEWLAND_N950__N950NCB000001");
  });

  it("sends the amount to the terminal, follows its states, and a cancel on the terminal shows at the till", async () => {
    await assign("NEWLAND_N950__N950NCB000001");
    const c = await charge(newId(), GASEOSA, "point");
    expect(c.body).toMatchObject({
      kind: "point",
      status: "created",
      pointTerminalId: "NEWLAND_N950__N950NCB000001",
      qrData: null,
    });
    await fake.moveOrder(c.body.orderId!, "at_terminal");
    expect((await read(c.body.id)).status).toBe("at_terminal");
    const cancel = await post(`/api/mercadopago/charges/${c.body.id}/cancel`, undefined);
    expect(cancel.statusCode).toBe(409);
    expect(cancel.json().error.code).toBe("cancel_on_terminal");
    await fake.moveOrder(c.body.orderId!, "canceled");
    expect(await read(c.body.id)).toMatchObject({ status: "canceled", statusDetail: "canceled_on_terminal" });
  });

  it("cancels from the till while the order has not reached the terminal", async () => {
    await assign("NEWLAND_N950__N950NCB000001");
    const c = await charge(newId(), GASEOSA, "point");
    expect(
      ((await post(`/api/mercadopago/charges/${c.body.id}/cancel`, undefined)).json() as Charge).status,
    ).toBe("canceled");
  });

  it("a till with no device assigned cannot send to Point", async () => {
    await expectRefused(
      () => post("/api/mercadopago/charges", { saleRef: newId(), amount: 100, kind: "point" }),
      409,
      "point_not_assigned",
    );
  });
});
