import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { WebhookSignatureValidator } from "mercadopago";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type MercadoPagoApi, MercadoPagoError } from "./api.js";
import { type FakeMercadoPago, startFakeMercadoPago } from "./fake/fake-mercadopago.js";
import { redirectMercadoPagoTo } from "./fake/redirect.js";
import { mercadoPagoClient } from "./real-client.js";
import { webhookSignatureValid } from "./signature.js";

// The real client (official package + fetch) against the local fake, through the same HTTP calls it
// makes to api.mercadopago.com.
let fake: FakeMercadoPago;
let mp: MercadoPagoApi;
let undo: () => void;
let hooks: {
  url: string;
  received: { query: string; headers: IncomingHttpHeaders; body: string }[];
  close: () => Promise<void>;
};

beforeEach(async () => {
  fake = await startFakeMercadoPago();
  undo = redirectMercadoPagoTo(fake.url);
  mp = mercadoPagoClient({ accessToken: fake.accessToken });
  hooks = await startReceiver();
  fake.notifyTo(hooks.url, "secreto-de-la-app");
});
afterEach(async () => {
  undo();
  await fake.close();
  await hooks.close();
});

const LOCATION = {
  street_name: "Av. Corrientes",
  street_number: "1234",
  city_name: "CABA",
  state_name: "Capital Federal",
  latitude: -34.6037,
  longitude: -58.3816,
};

async function cajaReady(): Promise<string> {
  const me = await mp.whoAmI();
  const store = await mp.createStore(me.userId, {
    name: "Almacén Don Pepe",
    externalId: "SUC1",
    location: LOCATION,
  });
  const pos = await mp.createPos({
    name: "Caja 1",
    storeId: store.id,
    externalStoreId: "SUC1",
    externalId: "SUC1POS1",
  });
  return pos.externalId;
}

describe("QR orders through the real client", () => {
  it("creates a dynamic QR order for the amount in centavos and reads it back with its QR string", async () => {
    const externalPosId = await cajaReady();
    const order = await mp.createOrder(
      { kind: "qr", externalReference: "venta-1", amount: 123_45, externalPosId },
      "key-1",
    );
    expect(order).toMatchObject({
      status: "created",
      amount: 123_45,
      externalReference: "venta-1",
      kind: "qr",
    });
    expect(order.qrData).toMatch(/^000201/);
    expect(fake.order(order.id)?.total_amount).toBe("123.45");
    expect((await mp.getOrder(order.id)).status).toBe("created");
  });

  it("a retry with the same idempotency key (the till killed mid-call) returns the same order, never a second one", async () => {
    const externalPosId = await cajaReady();
    const input = { kind: "qr" as const, externalReference: "venta-2", amount: 500_00, externalPosId };
    const first = await mp.createOrder(input, "venta-2-intento");
    const again = await mp.createOrder(input, "venta-2-intento");
    expect(again.id).toBe(first.id);
    expect(fake.orders()).toHaveLength(1);
    expect(fake.requests.filter((r) => r.path === "/v1/orders").map((r) => r.idempotencyKey)).toEqual([
      "venta-2-intento",
      "venta-2-intento",
    ]);
  });

  it("moves created → processed → refunded, each move notified and signed as documented", async () => {
    const externalPosId = await cajaReady();
    const order = await mp.createOrder(
      { kind: "qr", externalReference: "venta-3", amount: 10_00, externalPosId },
      "k3",
    );
    await fake.moveOrder(order.id, "processed");
    expect(await mp.getOrder(order.id)).toMatchObject({ status: "processed", statusDetail: "accredited" });
    const refunded = await mp.refundOrder(order.id, "k3-refund");
    expect(refunded.status).toBe("refunded");
    await expect.poll(() => hooks.received.length).toBe(2);
    const [processed] = hooks.received;
    expect(JSON.parse(processed!.body)).toMatchObject({
      action: "order.processed",
      type: "order",
      data: { id: order.id },
    });
    expect(processed!.query).toContain(`data.id=${order.id}`);
    const signature = String(processed!.headers["x-signature"]);
    const requestId = String(processed!.headers["x-request-id"]);
    expect(webhookSignatureValid("secreto-de-la-app", signature, order.id, requestId)).toBe(true);
    expect(webhookSignatureValid("otro-secreto", signature, order.id, requestId)).toBe(false);
    // The official package's validator agrees with the fake's signature (no time tolerance: see signature.ts).
    expect(() =>
      WebhookSignatureValidator.validate({
        xSignature: signature,
        xRequestId: requestId,
        dataId: order.id,
        secret: "secreto-de-la-app",
      }),
    ).not.toThrow();
  });

  it.each(["canceled", "expired"] as const)(
    "moves created → %s; a refund is then refused",
    async (status) => {
      const externalPosId = await cajaReady();
      const order = await mp.createOrder(
        { kind: "qr", externalReference: `v-${status}`, amount: 1_00, externalPosId },
        `k-${status}`,
      );
      await fake.moveOrder(order.id, status);
      expect((await mp.getOrder(order.id)).status).toBe(status);
      await expect(mp.refundOrder(order.id, "r")).rejects.toMatchObject({ failure: "refused", status: 409 });
    },
  );

  it("cancels a waiting order from the till; cancelling again with the same key answers the same", async () => {
    const externalPosId = await cajaReady();
    const order = await mp.createOrder(
      { kind: "qr", externalReference: "v-c", amount: 2_00, externalPosId },
      "k-c",
    );
    expect((await mp.cancelOrder(order.id, "k-c-cancel")).status).toBe("canceled");
    expect((await mp.cancelOrder(order.id, "k-c-cancel")).status).toBe("canceled");
    await expect(fake.moveOrder(order.id, "processed")).rejects.toThrow(/never moves/);
  });
});

describe("Point orders through the real client", () => {
  it("follows created → at_terminal → action_required → processed; the API cannot cancel at the terminal", async () => {
    await cajaReady();
    fake.addTerminal({ id: "NEWLAND_N950__N950NCB000001", storeId: "1" });
    const order = await mp.createOrder(
      { kind: "point", externalReference: "p-1", amount: 1500_00, terminalId: "NEWLAND_N950__N950NCB000001" },
      "p1",
    );
    expect(order.qrData).toBeNull();
    await fake.moveOrder(order.id, "at_terminal");
    await expect(mp.cancelOrder(order.id, "p1-cancel")).rejects.toMatchObject({ failure: "refused" });
    await fake.moveOrder(order.id, "action_required");
    expect(await mp.getOrder(order.id)).toMatchObject({
      status: "action_required",
      statusDetail: "check_on_terminal",
    });
    await fake.moveOrder(order.id, "processed");
    expect((await mp.getOrder(order.id)).status).toBe("processed");
  });

  it("a payment cancelled on the terminal reads as canceled_on_terminal", async () => {
    fake.addTerminal({ id: "T2", storeId: "1" });
    const order = await mp.createOrder(
      { kind: "point", externalReference: "p-2", amount: 1_00, terminalId: "T2" },
      "p2",
    );
    await fake.moveOrder(order.id, "at_terminal");
    await fake.moveOrder(order.id, "canceled");
    expect(await mp.getOrder(order.id)).toMatchObject({
      status: "canceled",
      statusDetail: "canceled_on_terminal",
    });
  });

  it("refuses a terminal not in PDV mode and a second order while one is in progress", async () => {
    fake.addTerminal({ id: "SOLO", storeId: "1", operatingMode: "STANDALONE" });
    fake.addTerminal({ id: "PDV1", storeId: "1" });
    await expect(
      mp.createOrder({ kind: "point", externalReference: "x", amount: 1_00, terminalId: "SOLO" }, "a"),
    ).rejects.toMatchObject({ failure: "refused" });
    await mp.createOrder({ kind: "point", externalReference: "y", amount: 1_00, terminalId: "PDV1" }, "b");
    await expect(
      mp.createOrder({ kind: "point", externalReference: "z", amount: 1_00, terminalId: "PDV1" }, "c"),
    ).rejects.toMatchObject({ status: 409 });
    expect((await mp.listTerminals("1")).map((t) => [t.id, t.operatingMode])).toEqual([
      ["SOLO", "STANDALONE"],
      ["PDV1", "PDV"],
    ]);
  });
});

describe("refusals", () => {
  it("an amount of 0 never leaves the appliance", async () => {
    await expect(
      mp.createOrder({ kind: "qr", externalReference: "v", amount: 0, externalPosId: "X" }, "k"),
    ).rejects.toMatchObject({ failure: "refused" });
    expect(fake.requests.filter((r) => r.path === "/v1/orders")).toHaveLength(0);
  });

  it("an unknown order is not_found, a wrong token unauthorized, an unknown caja refused", async () => {
    await expect(mp.getOrder("ORDNOPE")).rejects.toMatchObject({ failure: "not_found" });
    await expect(mercadoPagoClient({ accessToken: "TEST-otro" }).whoAmI()).rejects.toMatchObject({
      failure: "unauthorized",
    });
    await expect(
      mp.createOrder({ kind: "qr", externalReference: "v", amount: 1_00, externalPosId: "NOEXISTE" }, "k"),
    ).rejects.toThrow(/Mercado Pago rechazó/);
  });

  it("a caja's external id is taken once per account", async () => {
    await cajaReady();
    const me = await mp.whoAmI();
    await expect(
      mp.createPos({ name: "Otra", storeId: "50000001", externalStoreId: "SUC1", externalId: "SUC1POS1" }),
    ).rejects.toBeInstanceOf(MercadoPagoError);
    expect(me.live).toBe(false);
  });

  it("no answer is 'unreachable' (the till then offers the other methods)", async () => {
    undo();
    undo = redirectMercadoPagoTo("http://127.0.0.1:1");
    await expect(mp.getOrder("ORD1")).rejects.toMatchObject({ failure: "unreachable" });
  });

  it("the fake answers malformed JSON and a missing idempotency key as MP does", async () => {
    const post = (body: string, key?: string) =>
      fetch(`${fake.url}/v1/orders`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${fake.accessToken}`,
          "content-type": "application/json",
          ...(key ? { "x-idempotency-key": key } : {}),
        },
        body,
      });
    expect((await post("{no")).status).toBe(400);
    expect((await post("{}")).status).toBe(400);
    expect((await post(JSON.stringify({ type: "qr" }), "k")).status).toBe(400);
  });
});

describe("Checkout Pro", () => {
  it("creates a payment link; the buyer's payment is notified and read back", async () => {
    const link = await mp.createPreference(
      { externalReference: "sena-1", title: "Seña turno", amount: 2000_00 },
      "pref-1",
    );
    expect(link.url).toContain(link.id);
    const { paymentId } = await fake.payPreference(link.id);
    expect(await mp.getPayment(paymentId)).toEqual({
      id: paymentId,
      status: "approved",
      amount: 2000_00,
      externalReference: "sena-1",
    });
    await expect.poll(() => hooks.received.length).toBe(1);
    expect(JSON.parse(hooks.received[0]!.body)).toMatchObject({ type: "payment", data: { id: paymentId } });
  });

  it("sends the buyer back to the link's back URL after paying at the checkout page", async () => {
    const back = "http://tienda.example/reservar/s/turno/t#token=abc";
    const link = await mp.createPreference(
      { externalReference: "sena-2", title: "Seña turno", amount: 1500_00, backUrl: back },
      "pref-2",
    );
    const page = await fetch(fake.checkoutUrl(link.url));
    expect(await page.text()).toContain("Pagar $1500.00");
    const paid = await fetch(fake.checkoutUrl(link.url).replace("/redirect?", "/redirect/pay?"), {
      method: "POST",
      redirect: "manual",
    });
    expect(paid.status).toBe(302);
    const location = new URL(paid.headers.get("location")!);
    expect(`${location.origin}${location.pathname}${location.hash}`).toBe(back);
    const paymentId = location.searchParams.get("payment_id")!;
    expect(await mp.getPayment(paymentId)).toMatchObject({ status: "approved", amount: 1500_00 });
  });

  it("a payment of another amount reads back as that amount; a replayed notification is sent again", async () => {
    const link = await mp.createPreference(
      { externalReference: "sena-3", title: "Seña turno", amount: 1000_00 },
      "pref-3",
    );
    const { paymentId } = await fake.payPreference(link.id, { amount: 1_00 });
    expect((await mp.getPayment(paymentId)).amount).toBe(1_00);
    const before = hooks.received.length;
    await fake.sendPaymentWebhook(paymentId);
    expect(hooks.received.length).toBe(before + 1);
  });
});

async function startReceiver(): Promise<typeof hooks> {
  const received: typeof hooks.received = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({
        query: new URL(req.url ?? "/", "http://x").search,
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`,
    received,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
