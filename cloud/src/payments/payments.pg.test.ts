import type { AddressInfo } from "node:net";
import type {
  PaymentLink,
  PaymentLinkItem,
  PaymentLinkList,
  RelayAnswer,
} from "@mostrador/contracts/http/cloud-mercadopago";
import type { MercadoPagoApi } from "@mostrador/platform/mercadopago/api";
import {
  type FakeMercadoPago,
  startFakeMercadoPago,
} from "@mostrador/platform/mercadopago/fake/fake-mercadopago";
import { redirectMercadoPagoTo } from "@mostrador/platform/mercadopago/fake/redirect";
import { mercadoPagoClient } from "@mostrador/platform/mercadopago/real-client";
import { signWebhook } from "@mostrador/platform/mercadopago/signature";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import {
  bearer,
  enrolledAppliance,
  openTestCloud,
  ownerWithStore,
  snapshot,
  type TestCloud,
} from "../test-support/test-cloud.js";

// The cloud's relay against a real PostgreSQL and the local fake Mercado Pago, with MP's webhooks
// arriving over HTTP at the listening cloud, signed as documented.
let db: TestDatabase;
let cloud: TestCloud;
let fake: FakeMercadoPago;
let undo: () => void;
let mp: MercadoPagoApi;
let owner: Awaited<ReturnType<typeof ownerWithStore>>;
let appliance: { token: string; tenantId: string };
let webhookUrl: string;
const SECRET = "secretodelwebhook123";

beforeAll(async () => {
  db = await createTestDatabase();
  cloud = await openTestCloud(db.sql);
  await cloud.app.listen({ port: 0, host: "127.0.0.1" });
  fake = await startFakeMercadoPago();
  undo = redirectMercadoPagoTo(fake.url);
  mp = mercadoPagoClient({ accessToken: fake.accessToken });
  owner = await ownerWithStore(db.sql, cloud, "mp");
  appliance = await enrolledAppliance(cloud, owner.token, owner.storeId);
  const res = await cloud.app.inject({
    method: "PUT",
    url: "/v1/appliance/mercadopago/account",
    headers: bearer(appliance.token),
    payload: { accessToken: fake.accessToken, webhookSecret: SECRET },
  });
  expect(res.statusCode).toBe(200);
  webhookUrl = res.json().webhookUrl;
  const { port } = cloud.app.server.address() as AddressInfo;
  // The public URL MP is given, as the listening test cloud answers it.
  fake.notifyTo(`http://127.0.0.1:${port}${new URL(webhookUrl).pathname}`, SECRET);
  const me = await mp.whoAmI();
  const store = await mp.createStore(me.userId, {
    name: "Local",
    externalId: "SUC1",
    location: {
      street_name: "Calle",
      street_number: "1",
      city_name: "CABA",
      state_name: "CABA",
      latitude: 0,
      longitude: 0,
    },
  });
  await mp.createPos({ name: "Caja 1", storeId: store.id, externalStoreId: "SUC1", externalId: "SUC1POS1" });
});
afterAll(async () => {
  undo();
  await fake.close();
  await cloud.close();
  await db.drop();
});

const pull = async (after = 0) =>
  (
    await cloud.app.inject({
      method: "GET",
      url: `/v1/appliance/mercadopago/orders?after=${after}`,
      headers: bearer(appliance.token),
    })
  ).json() as RelayAnswer;
const newOrder = (ref: string, amount = 2500_00) =>
  mp.createOrder({ kind: "qr", externalReference: ref, amount, externalPosId: "SUC1POS1" }, `k-${ref}`);
const rowsOf = async (orderId: string) =>
  (await pull()).orders.filter((o) => o.orderId === orderId).map((o) => o.status);

describe("webhooks relayed by the cloud", () => {
  it("gives the notification URL of the tenant, never storing the token in clear", async () => {
    expect(webhookUrl).toMatch(new RegExp(`/v1/mercadopago/webhooks/${appliance.tenantId}$`));
    const dump = await snapshot(db.owner);
    expect(dump).not.toContain(fake.accessToken);
    expect(dump).not.toContain(SECRET);
  });

  it("a signed webhook is re-read from MP and reaches the tenant's appliance by pull", async () => {
    const order = await newOrder("venta-a");
    const delivery = await fake.moveOrder(order.id, "processed");
    expect(delivery?.status).toBe(200);
    const pulled = await pull();
    expect(pulled.orders.find((o) => o.orderId === order.id)).toMatchObject({
      status: "processed",
      statusDetail: "accredited",
      externalReference: "venta-a",
      amount: 2500_00,
      kind: "qr",
    });
    // The cursor moves on: pulling after it brings nothing already seen.
    expect((await pull(pulled.cursor)).orders).toEqual([]);
  });

  it("replays and reordered notifications add nothing; only what MP answers on re-read is kept", async () => {
    const order = await newOrder("venta-b");
    await fake.moveOrder(order.id, "processed");
    await fake.sendOrderWebhook(order.id); // MP retries
    await fake.sendOrderWebhook(order.id);
    // A late "created" arriving after "processed": the re-read says processed, already kept.
    expect((await fake.sendOrderWebhook(order.id, { status: "created" }))?.status).toBe(200);
    expect(await rowsOf(order.id)).toEqual(["processed"]);
    await mp.refundOrder(order.id, "r-b");
    await expect.poll(() => rowsOf(order.id)).toEqual(["processed", "refunded"]);
  });

  it("a bad signature is refused and nothing is read or kept", async () => {
    const order = await newOrder("venta-c");
    const before = await snapshot(db.owner);
    const reads = fake.requests.length;
    const delivery = await fake.sendOrderWebhook(order.id, { badSignature: true });
    expect(delivery?.status).toBe(401);
    expect(JSON.parse(delivery!.body).error.code).toBe("bad_signature");
    expect(fake.requests.length).toBe(reads);
    expect(await snapshot(db.owner)).toBe(before);
  });

  it("refuses an unknown order, malformed JSON, a missing id and a tenant without Mercado Pago — keeping nothing", async () => {
    const post = (url: string, body: string, id = "ORDNOEXISTE") => {
      const requestId = "req-1";
      return cloud.app.inject({
        method: "POST",
        url,
        headers: {
          "content-type": "application/json",
          "x-request-id": requestId,
          "x-signature": signWebhook(SECRET, id, requestId, Date.now()),
        },
        payload: body,
      });
    };
    const path = new URL(webhookUrl).pathname;
    const other = await ownerWithStore(db.sql, cloud, "sin-mp");
    const before = await snapshot(db.owner);
    const unknown = await post(
      `${path}?data.id=ORDNOEXISTE&type=order`,
      JSON.stringify({ type: "order", data: { id: "ORDNOEXISTE" } }),
    );
    expect(unknown.statusCode).toBe(404);
    expect((await post(`${path}?type=order`, "{no")).statusCode).toBe(400);
    expect((await post(`${path}?type=order`, JSON.stringify({ type: "order" }))).json().error.code).toBe(
      "invalid_notification",
    );
    expect(
      (await post(`/v1/mercadopago/webhooks/${other.tenantId}?data.id=X&type=order`, "{}", "X")).statusCode,
    ).toBe(404);
    expect((await post(`/v1/mercadopago/webhooks/no-es-uuid?type=order`, "{}")).statusCode).toBe(400);
    expect(await snapshot(db.owner)).toBe(before);
  });

  it("only an appliance pulls, and only its tenant's orders", async () => {
    const asOwner = await cloud.app.inject({
      method: "GET",
      url: "/v1/appliance/mercadopago/orders?after=0",
      headers: bearer(owner.token),
    });
    expect(asOwner.statusCode).toBe(401);
    const other = await ownerWithStore(db.sql, cloud, "otro");
    const otherAppliance = await enrolledAppliance(cloud, other.token, other.storeId);
    const theirs = await cloud.app.inject({
      method: "GET",
      url: "/v1/appliance/mercadopago/orders?after=0",
      headers: bearer(otherAppliance.token),
    });
    expect(theirs.json()).toEqual({ orders: [], cursor: 0 });
    const bad = await cloud.app.inject({
      method: "GET",
      url: "/v1/appliance/mercadopago/orders?after=-1",
      headers: bearer(appliance.token),
    });
    expect(bad.statusCode).toBe(400);
  });
});

describe("Checkout Pro payment links", () => {
  const create = (payload: object) =>
    cloud.app.inject({
      method: "POST",
      url: "/v1/mercadopago/payment-links",
      headers: bearer(owner.token),
      payload,
    });
  const get = async (reference: string) =>
    (
      await cloud.app.inject({
        method: "GET",
        url: `/v1/mercadopago/payment-links/${reference}`,
        headers: bearer(owner.token),
      })
    ).json() as PaymentLink;

  it("creates a link once per reference; the payment is confirmed by re-read, once", async () => {
    const link = (
      await create({ title: "Seña turno 12/12", amount: 5000_00, reference: "sena-1" })
    ).json() as PaymentLink;
    expect(link).toMatchObject({ status: "pending", amount: 5000_00, paymentId: null });
    expect(
      (
        (
          await create({ title: "Seña turno 12/12", amount: 5000_00, reference: "sena-1" })
        ).json() as PaymentLink
      ).url,
    ).toBe(link.url);
    const prefId = new URL(link.url).searchParams.get("pref_id")!;
    const { paymentId, delivery } = await fake.payPreference(prefId);
    expect(delivery?.status).toBe(200);
    expect(await get("sena-1")).toMatchObject({ status: "approved", paymentId });
  });

  it("refuses an amount of 0, a reused reference with another amount, and an unknown link", async () => {
    expect((await create({ title: "x", amount: 0, reference: "sena-0" })).statusCode).toBe(400);
    await create({ title: "Seña", amount: 100_00, reference: "sena-2" });
    const clash = await create({ title: "Seña", amount: 200_00, reference: "sena-2" });
    expect(clash.statusCode).toBe(409);
    const unknown = await cloud.app.inject({
      method: "GET",
      url: "/v1/mercadopago/payment-links/nada",
      headers: bearer(owner.token),
    });
    expect(unknown.statusCode).toBe(404);
  });
});

describe("the owner's «Cobros por link»", () => {
  const as = (token: string) => ({
    create: (payload: object) =>
      cloud.app.inject({
        method: "POST",
        url: "/v1/mercadopago/payment-links",
        headers: bearer(token),
        payload,
      }),
    list: (query = "") =>
      cloud.app.inject({
        method: "GET",
        url: `/v1/mercadopago/payment-links${query}`,
        headers: bearer(token),
      }),
    cancel: (reference: string) =>
      cloud.app.inject({
        method: "POST",
        url: `/v1/mercadopago/payment-links/${reference}/cancel`,
        headers: bearer(token),
      }),
    customer: async (name: string) =>
      (
        await cloud.app.inject({
          method: "POST",
          url: "/v1/customers",
          headers: bearer(token),
          payload: { name },
        })
      ).json<{ id: string }>().id,
  });
  const linkCount = async () =>
    Number(
      (
        await db.owner.query<{ n: string }>("SELECT count(*) AS n FROM payment_links WHERE tenant_id = $1", [
          owner.tenantId,
        ])
      )[0]!.n,
    );
  const inFuture = (ms: number) => new Date(cloud.clock.now().getTime() + ms).toISOString();

  it("creates a link for a customer with an expiry, lists it newest first, and shows it paid once MP confirms", async () => {
    const me = as(owner.token);
    const ana = await me.customer("Ana Pérez");
    const res = await me.create({
      title: "Torta de cumpleaños",
      amount: 12_500_50,
      customerId: ana,
      expiresAt: inFuture(86_400_000),
    });
    expect(res.statusCode).toBe(200);
    const link = res.json<PaymentLinkItem>();
    expect(link).toMatchObject({
      title: "Torta de cumpleaños",
      amount: 12_500_50,
      state: "pending",
      customer: { id: ana, name: "Ana Pérez", phone: null },
      cancelledAt: null,
    });
    expect(link.reference).toMatch(/^link-[0-9a-f-]{36}$/);
    const later = (await me.create({ title: "Otra cosa", amount: 100_00 })).json<PaymentLinkItem>();
    const page = (await me.list("?limit=1")).json<PaymentLinkList>();
    expect(page.links.map((l) => l.reference)).toEqual([later.reference]);
    expect(page.nextOffset).toBe(1);
    const next = (await me.list(`?limit=1&offset=${page.nextOffset}`)).json<PaymentLinkList>();
    expect(next.links.map((l) => l.reference)).toEqual([link.reference]);

    await fake.payPreference(new URL(link.url).searchParams.get("pref_id")!);
    const all = (await me.list("?limit=100")).json<PaymentLinkList>();
    expect(all.links.find((l) => l.reference === link.reference)).toMatchObject({
      state: "paid",
      status: "approved",
    });
    // Paid: no longer cancellable.
    const cancel = await me.cancel(link.reference);
    expect(cancel.statusCode).toBe(409);
    expect(cancel.json().error.message).toBe("Ese link ya se pagó: no se puede cancelar");
  });

  it("cancels an unpaid link once, and shows an expired one as vencido", async () => {
    const me = as(owner.token);
    const link = (await me.create({ title: "Clase suelta", amount: 8_000_00 })).json<PaymentLinkItem>();
    const cancelled = await me.cancel(link.reference);
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json<PaymentLinkItem>()).toMatchObject({ state: "cancelled" });
    expect((await me.cancel(link.reference)).json().error.message).toBe("Ese link ya estaba cancelado");
    expect((await me.cancel("no-existe")).statusCode).toBe(404);

    const soon = (
      await me.create({ title: "Reserva", amount: 1_000_00, expiresAt: inFuture(60_000) })
    ).json<PaymentLinkItem>();
    cloud.clock.advance(120_000);
    const all = (await me.list("?limit=100")).json<PaymentLinkList>();
    expect(all.links.find((l) => l.reference === soon.reference)?.state).toBe("expired");
    expect((await me.cancel(soon.reference)).json().error.message).toBe("Ese link ya venció");
  });

  it.each([
    ["an amount of 0", { title: "x", amount: 0 }, "debe ser mayor que $ 0,00"],
    ["a negative amount", { title: "x", amount: -100 }, "debe ser mayor que $ 0,00"],
    ["an amount too big", { title: "x", amount: 100_000_000_01 }, "admite como máximo $ 100.000.000,00"],
    ["an amount that is not a number", { title: "x", amount: "mil" }, "debe ser de tipo integer"],
    ["an empty concept", { title: "", amount: 100 }, "Escribí el concepto del cobro"],
    ["a concept of spaces", { title: "   ", amount: 100 }, "Escribí el concepto del cobro"],
    [
      "an expiry in the past",
      { title: "x", amount: 100, expiresAt: "2020-01-01T00:00:00Z" },
      "El vencimiento del link tiene que ser en el futuro",
    ],
    ["an expiry that is not a date", { title: "x", amount: 100, expiresAt: "mañana" }, "expiresAt"],
    [
      "a turno's reference",
      { title: "x", amount: 100, reference: "turno-123" },
      "«turno-» son de otro módulo",
    ],
    [
      "an unknown customer",
      { title: "x", amount: 100, customerId: "0190f5a0-0000-7000-8000-000000000000" },
      "Ese cliente no existe en esta cuenta",
    ],
  ])("refuses %s with a Spanish 400 and writes nothing", async (_what, payload, message) => {
    const before = await linkCount();
    const res = await as(owner.token).create(payload);
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { message: string } }>().error.message).toContain(message);
    expect(await linkCount()).toBe(before);
  });

  it("keeps each tenant's links and customers to itself", async () => {
    const other = await ownerWithStore(db.sql, cloud, "mp-otro");
    const theirCustomer = await as(other.token).customer("Cliente de otro");
    const mine = as(owner.token);
    const foreign = await mine.create({ title: "x", amount: 100_00, customerId: theirCustomer });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.message).toBe("Ese cliente no existe en esta cuenta");
    const link = (await mine.create({ title: "Sólo mío", amount: 100_00 })).json<PaymentLinkItem>();
    // The other tenant has no MP account and sees none of these links, nor can it cancel one.
    expect((await as(other.token).list()).json()).toEqual({ links: [], nextOffset: null });
    expect((await as(other.token).cancel(link.reference)).statusCode).toBe(404);
    expect(
      (
        await cloud.app.inject({
          method: "GET",
          url: `/v1/mercadopago/payment-links/${link.reference}`,
          headers: bearer(other.token),
        })
      ).statusCode,
    ).toBe(404);
  });

  it("refuses to cancel a turno's seña from the owner's screen", async () => {
    const res = await as(owner.token).cancel("turno-abc");
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe("reserved_reference");
  });

  it("refuses a bad page", async () => {
    expect((await as(owner.token).list("?limit=0")).statusCode).toBe(400);
    expect((await as(owner.token).list("?offset=-1")).statusCode).toBe(400);
  });
});
