import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MercadoPagoError } from "./api.js";
import { type FakeMercadoPago, startFakeMercadoPago } from "./fake/fake-mercadopago.js";
import { redirectMercadoPagoTo } from "./fake/redirect.js";
import { webhookSignatureValid } from "./signature.js";
import { type MercadoPagoSubscriptions, mercadoPagoSubscriptions } from "./subscriptions-client.js";

// The subscriptions client (the official package's PreApproval and Invoice) against the fake's
// /preapproval and /authorized_payments, through the same HTTP calls it makes to api.mercadopago.com.
let fake: FakeMercadoPago;
let mp: MercadoPagoSubscriptions;
let undo: () => void;
let receiver: Server;
const received: { query: URLSearchParams; signature: string; requestId: string }[] = [];

beforeEach(async () => {
  received.length = 0;
  fake = await startFakeMercadoPago({ start: new Date("2026-04-01T12:00:00Z") });
  undo = redirectMercadoPagoTo(fake.url);
  mp = mercadoPagoSubscriptions({ accessToken: fake.accessToken });
  receiver = createServer((req, res) => {
    received.push({
      query: new URL(req.url ?? "/", "http://x").searchParams,
      signature: String(req.headers["x-signature"]),
      requestId: String(req.headers["x-request-id"]),
    });
    req.resume().on("end", () => res.writeHead(200).end());
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  fake.notifyTo(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, "secreto");
});
afterEach(async () => {
  undo();
  await fake.close();
  receiver.closeAllConnections();
  await new Promise<void>((r) => receiver.close(() => r()));
});

const request = (key: string = crypto.randomUUID()) =>
  mp.create(
    {
      reason: "Mostrador Profesional (mensual)",
      external_reference: "tenant:mpc_1:profesional:month",
      payer_email: "duenia@example.com",
      back_url: "https://panel.example/#facturacion=gracias",
      auto_recurring: {
        frequency: 1,
        frequency_type: "months",
        transaction_amount: 35000,
        currency_id: "ARS",
      },
      status: "pending",
    },
    key,
  );

describe("the subscriptions client against the fake Mercado Pago", () => {
  it("creates a pending subscription with its init_point, once per idempotency key", async () => {
    const first = await request("clave-1");
    expect(first).toMatchObject({ status: "pending", init_point: expect.stringContaining(first.id) });
    expect((await request("clave-1")).id).toBe(first.id);
    expect((await request("clave-2")).id).not.toBe(first.id);
    expect(await mp.get(first.id)).toMatchObject({ id: first.id, status: "pending" });
    await expect(mp.get("no-existe")).rejects.toMatchObject({ failure: "not_found" });
  });

  it("authorizes on the checkout page, charges the first cuota and notifies both topics, signed", async () => {
    const pre = await request();
    const page = await fetch(pre.init_point);
    expect(await page.text()).toContain('data-testid="fake-mp-authorize"');
    const back = await fetch(`${fake.url}/subscriptions/checkout/authorize`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `preapproval_id=${pre.id}`,
      redirect: "manual",
    });
    expect([back.status, back.headers.get("location")]).toEqual([303, pre.back_url]);
    expect(await mp.get(pre.id)).toMatchObject({
      status: "authorized",
      next_payment_date: "2026-05-01T12:00:00.000Z",
    });
    const [cuota] = await mp.charges(pre.id);
    expect(cuota).toMatchObject({
      status: "processed",
      payment: { status: "approved" },
      transaction_amount: 35000,
    });
    expect((await mp.charge(String(cuota!.id))).preapproval_id).toBe(pre.id);
    expect(new Set(received.map((r) => r.query.get("type")))).toEqual(
      new Set(["subscription_preapproval", "subscription_authorized_payment"]),
    );
    for (const r of received)
      expect(webhookSignatureValid("secreto", r.signature, r.query.get("data.id") ?? "", r.requestId)).toBe(
        true,
      );
  });

  it("retries a rejected cuota 4 times in 10 days, then leaves it rejected; cancels after 3 such cuotas", async () => {
    const pre = await request();
    await fake.subscriptions.authorize(pre.id);
    fake.subscriptions.setDeclines(pre.id, true);
    await fake.subscriptions.advanceDays(30);
    expect((await mp.charges(pre.id)).at(-1)).toMatchObject({ status: "recycling", retry_attempt: 1 });
    await fake.subscriptions.advanceDays(10);
    expect((await mp.charges(pre.id)).at(-1)).toMatchObject({
      status: "processed",
      retry_attempt: 4,
      payment: { status: "rejected" },
    });
    expect((await mp.get(pre.id)).status).toBe("authorized");
    await fake.subscriptions.advanceDays(61);
    expect((await mp.get(pre.id)).status).toBe("cancelled");
    await expect(mp.update(pre.id, { status: "authorized" }, crypto.randomUUID())).rejects.toBeInstanceOf(
      MercadoPagoError,
    );
  });

  it("changes the amount (not the currency) and cancels, each write with its own key", async () => {
    const pre = await request();
    await fake.subscriptions.authorize(pre.id);
    const changed = await mp.update(
      pre.id,
      { auto_recurring: { transaction_amount: 90000, currency_id: "ARS" } },
      crypto.randomUUID(),
    );
    expect(changed.auto_recurring.transaction_amount).toBe(90000);
    await expect(
      mp.update(
        pre.id,
        { auto_recurring: { transaction_amount: 90, currency_id: "USD" } },
        crypto.randomUUID(),
      ),
    ).rejects.toMatchObject({ failure: "refused" });
    expect((await mp.update(pre.id, { status: "cancelled" }, crypto.randomUUID())).status).toBe("cancelled");
  });
});
