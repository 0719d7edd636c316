import type { AddressInfo } from "node:net";
import type { PaymentLink, RelayAnswer } from "@mostrador/contracts/http/cloud-mercadopago";
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
