import {
  WebhookDelivery,
  WebhookDeliveryList,
  WebhookEndpointCreated,
  WebhookEndpointList,
} from "@mostrador/contracts/http/cloud-webhooks";
import { expectAnswer } from "@mostrador/contracts/http/test-contract-check";
import { WEBHOOK_EVENT_TYPES, WebhookEventTypeSchema } from "@mostrador/contracts/webhooks/events";
import { v7 as uuidv7 } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../core/clock.js";
import type { CloudModule } from "../core/module.js";
import { OpFactory } from "../ingest/test-ops.js";
import { allotment, clinic, setupOps } from "../turnos/test-turnos.js";
import { DEV_SECRETS_KEY, SecretBox } from "../messaging/secrets.js";
import { cloudModules } from "../modules.js";
import { createTestDatabase, type TestDatabase } from "../test-support/test-database.js";
import {
  bearer,
  enrolledAppliance,
  json,
  openTestCloud,
  ownerWithStore,
  type TestCloud,
} from "../test-support/test-cloud.js";
import type { AddressPolicy } from "./address-policy.js";
import type { WebhooksConfig } from "./config.js";
import { createWebhooksModule } from "./module.js";
import { verifySignature } from "./signature.js";
import { startReceiver } from "./test-support/receiver.js";
import { WebhooksWorker } from "./worker.js";

const DAY = 86_400_000;

/** Names the tests resolve themselves; anything else is unknown (no real DNS in tests). */
const dns = new Map<string, string[]>([
  ["receiver.test", ["127.0.0.1"]],
  ["intranet.test", ["192.168.0.10"]],
  ["mixed.test", ["8.8.8.8", "10.0.0.7"]],
  ["public.test", ["8.8.8.8"]],
]);
const resolve = (host: string) => Promise.resolve(dns.get(host) ?? []);

function configWith(policy: AddressPolicy): WebhooksConfig {
  return {
    secrets: new SecretBox(DEV_SECRETS_KEY),
    publicUrl: "https://panel.test",
    policy,
    disableAfterDays: 3,
    retryMs: 3 * DAY,
    timeoutMs: 5_000,
    pollMs: 60_000,
  };
}
/** The test's receiver listens on 127.0.0.1 over http: allowed by configuration, as in every test. */
const loopback = configWith({ allowLoopback: true, resolve });
/** What production runs: https only, public addresses only. */
const strict = configWith({ allowLoopback: false, resolve });

const withWebhooks = (config: WebhooksConfig): CloudModule[] =>
  cloudModules.map((m) => (m.name === "webhooks" ? createWebhooksModule(config) : m));

let db: TestDatabase;
let clock: ManualClock;
let cloud: TestCloud;
let strictCloud: TestCloud;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let worker: WebhooksWorker;

beforeAll(async () => {
  db = await createTestDatabase();
  clock = new ManualClock("2026-03-02T12:00:00.000Z");
  cloud = await openTestCloud(db.sql, { clock, modules: withWebhooks(loopback) });
  strictCloud = await openTestCloud(db.sql, { clock, modules: withWebhooks(strict) });
  receiver = await startReceiver();
  worker = new WebhooksWorker(db.sql, clock, loopback);
});
afterAll(async () => {
  await receiver?.close();
  await cloud?.close();
  await strictCloud?.close();
  await db?.drop();
});

type Shop = Awaited<ReturnType<typeof ownerWithStore>>;

async function register(shop: Shop, body: object, on: TestCloud = cloud) {
  return on.app.inject({
    method: "POST",
    url: "/v1/webhooks/endpoints",
    headers: bearer(shop.token),
    payload: body,
  });
}

async function endpointFor(shop: Shop, events: string[], url = receiver.url) {
  const res = await register(shop, { url, events, description: "Zapier" });
  expect(res.statusCode).toBe(201);
  expectAnswer(WebhookEndpointCreated, res);
  return json<{ endpoint: { id: string }; secret: string }>(res);
}

async function deliveries(shop: Shop, endpointId: string) {
  const res = await cloud.app.inject({
    method: "GET",
    url: `/v1/webhooks/endpoints/${endpointId}/deliveries`,
    headers: bearer(shop.token),
  });
  expect(res.statusCode).toBe(200);
  expectAnswer(WebhookDeliveryList, res);
  return json<{
    deliveries: {
      id: string;
      eventId: string;
      status: string;
      attempts: number;
      statusCode: number | null;
      durationMs: number | null;
      nextAttemptAt: string | null;
      error: string | null;
    }[];
  }>(res).deliveries;
}

async function uploadSale(shop: Shop, times = 1) {
  const appliance = await enrolledAppliance(cloud, shop.token, shop.storeId);
  const f = new OpFactory();
  const sale = f.sale();
  for (let i = 0; i < times; i++) {
    const res = await cloud.app.inject({
      method: "POST",
      url: "/v1/ingest",
      headers: bearer(appliance.token),
      payload: { ops: [sale.op] },
    });
    expect(res.statusCode).toBe(200);
  }
  return { sale: sale.payload, appliance, f };
}

const countRows = async (table: string, tenantId: string) =>
  (
    await db.owner.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE tenant_id = $1`, [
      tenantId,
    ])
  )[0]!.n;

describe("the list of events", () => {
  it("the contract's schema and its list name the same events", () => {
    expect(WebhookEventTypeSchema.anyOf.map((s) => s.const)).toEqual([...WEBHOOK_EVENT_TYPES]);
  });
});

describe("a sale reaches the shop's endpoint", () => {
  it("once, signed so the receiver can verify it, with the event id in a header, and logged", async () => {
    receiver.answer(200);
    const shop = await ownerWithStore(db.sql, cloud, "venta");
    const { endpoint, secret } = await endpointFor(shop, ["sale.created"]);
    expect(secret).toMatch(/^whsec_/);
    const before = receiver.received.length;
    const { sale } = await uploadSale(shop, 2); // a retried batch: one sale, one event
    await worker.runOnce();

    const got = receiver.received.slice(before);
    expect(got).toHaveLength(1);
    const [request] = got as [(typeof got)[number]];
    const body = JSON.parse(request.body) as {
      id: string;
      type: string;
      tenantId: string;
      data: Record<string, unknown>;
    };
    expect(body).toMatchObject({ type: "sale.created", tenantId: shop.tenantId });
    expect(body.data).toMatchObject({ saleId: sale.id, storeId: shop.storeId, total: sale.total });
    expect(body.data.lines).toHaveLength(sale.lines.length);
    expect(request.headers["mostrador-event-id"]).toBe(body.id);
    const signature = String(request.headers["mostrador-signature"]);
    const now = Math.floor(clock.now().getTime() / 1000);
    expect(verifySignature(secret, signature, request.body, now)).toBe(true);
    expect(
      verifySignature(secret, signature, request.body.replace("sale.created", "sale.createx"), now),
    ).toBe(false);
    expect(verifySignature("whsec_otro", signature, request.body, now)).toBe(false);

    const [log] = await deliveries(shop, endpoint.id);
    expect(log).toMatchObject({ eventId: body.id, status: "delivered", attempts: 1, statusCode: 200 });
    expect(log!.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("an event nobody subscribed to is not written at all", async () => {
    const shop = await ownerWithStore(db.sql, cloud, "sin-suscripcion");
    await endpointFor(shop, ["booking.created"]);
    await uploadSale(shop);
    expect(await countRows("webhook_events", shop.tenantId)).toBe(0);
  });

  it("two workers at once deliver each event once (SKIP LOCKED)", async () => {
    receiver.answer(200);
    const shop = await ownerWithStore(db.sql, cloud, "replicas");
    await endpointFor(shop, ["sale.created"]);
    const before = receiver.received.length;
    await uploadSale(shop);
    await uploadSale(shop);
    const other = new WebhooksWorker(db.sql, clock, loopback);
    await Promise.all([worker.runOnce(), other.runOnce(), worker.runOnce()]);
    const ids = receiver.received.slice(before).map((r) => r.headers["mostrador-event-id"]);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
  });
});

describe("retries", () => {
  it("a failing receiver is retried with growing waits until it answers 2xx", async () => {
    const shop = await ownerWithStore(db.sql, cloud, "reintentos");
    const { endpoint } = await endpointFor(shop, ["sale.created"]);
    receiver.answer(200, [500, 503]);
    const before = receiver.received.length;
    await uploadSale(shop);

    await worker.runOnce();
    let [log] = await deliveries(shop, endpoint.id);
    expect(log).toMatchObject({ status: "pending", attempts: 1, statusCode: 500 });
    const firstWait = Date.parse(log!.nextAttemptAt!) - clock.now().getTime();
    expect(firstWait).toBeGreaterThanOrEqual(24_000);
    expect(firstWait).toBeLessThanOrEqual(36_000);

    await worker.runOnce(); // not due yet: nothing sent
    expect(receiver.received.length - before).toBe(1);

    clock.advance(firstWait);
    await worker.runOnce();
    [log] = await deliveries(shop, endpoint.id);
    expect(log).toMatchObject({ status: "pending", attempts: 2, statusCode: 503 });
    const secondWait = Date.parse(log!.nextAttemptAt!) - clock.now().getTime();
    expect(secondWait).toBeGreaterThanOrEqual(48_000);
    expect(secondWait).toBeLessThanOrEqual(72_000);

    clock.advance(secondWait);
    await worker.runOnce();
    [log] = await deliveries(shop, endpoint.id);
    expect(log).toMatchObject({ status: "delivered", attempts: 3, statusCode: 200, nextAttemptAt: null });
    const ids = new Set(receiver.received.slice(before).map((r) => r.headers["mostrador-event-id"]));
    expect(ids.size).toBe(1); // every attempt carries the same event id
  });

  it("an endpoint failing for 3 days is disabled, its deliveries stop and its owner is told", async () => {
    const shop = await ownerWithStore(db.sql, cloud, "caido");
    const { endpoint } = await endpointFor(shop, ["sale.created"]);
    receiver.answer(500);
    await uploadSale(shop);
    const start = clock.now().getTime();
    let rounds = 0;
    for (;;) {
      await worker.runOnce();
      const [log] = await deliveries(shop, endpoint.id);
      if (log!.status !== "pending") break;
      clock.advance(Math.max(0, Date.parse(log!.nextAttemptAt!) - clock.now().getTime()));
      rounds++;
      expect(rounds).toBeLessThan(60);
    }
    const [log] = await deliveries(shop, endpoint.id);
    // Its last attempt, at the end of its window, is the one that finds 3 days of failures.
    expect(log!.status).toBe("failed");
    expect(log!.attempts).toBeGreaterThan(5);
    expect(clock.now().getTime() - start).toBeGreaterThanOrEqual(3 * DAY);

    const list = await cloud.app.inject({
      method: "GET",
      url: "/v1/webhooks/endpoints",
      headers: bearer(shop.token),
    });
    expectAnswer(WebhookEndpointList, list);
    const [shown] = json<{ endpoints: { id: string; enabled: boolean; disabledReason: string }[] }>(
      list,
    ).endpoints;
    expect(shown).toMatchObject({ id: endpoint.id, enabled: false, disabledReason: "failing" });
    const mail = await db.owner.query<{ subject: string; body: string; address: string }>(
      `SELECT subject, body, address FROM messages WHERE tenant_id = $1 AND source = 'webhooks'`,
      [shop.tenantId],
    );
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ subject: "Desactivamos un webhook de Mostrador", address: shop.email });
    expect(mail[0]!.body).toContain(receiver.url);

    // A new sale is not even written for a disabled endpoint; resending is refused until it is on again.
    await uploadSale(shop);
    expect(await countRows("webhook_deliveries", shop.tenantId)).toBe(1);
    const resend = await cloud.app.inject({
      method: "POST",
      url: `/v1/webhooks/deliveries/${log!.id}/resend`,
      headers: bearer(shop.token),
    });
    expect(resend.statusCode).toBe(409);
    expect(json<{ error: { code: string } }>(resend).error.code).toBe("webhook_endpoint_disabled");
  });
});

describe("Reenviar", () => {
  it("sends the same event id again with a fresh signature, which the receiver can de-duplicate", async () => {
    receiver.answer(200);
    const shop = await ownerWithStore(db.sql, cloud, "reenviar");
    const { endpoint, secret } = await endpointFor(shop, ["sale.created"]);
    await uploadSale(shop);
    await worker.runOnce();
    const [first] = await deliveries(shop, endpoint.id);
    clock.advance(60_000);
    const before = receiver.received.length;
    const res = await cloud.app.inject({
      method: "POST",
      url: `/v1/webhooks/deliveries/${first!.id}/resend`,
      headers: bearer(shop.token),
    });
    expect(res.statusCode).toBe(201);
    expectAnswer(WebhookDelivery, res);
    expect(json(res)).toMatchObject({ eventId: first!.eventId, status: "pending", resendOf: first!.id });
    // Resending while it is still pending is refused.
    const twice = await cloud.app.inject({
      method: "POST",
      url: `/v1/webhooks/deliveries/${first!.id}/resend`,
      headers: bearer(shop.token),
    });
    expect(twice.statusCode).toBe(409);
    await worker.runOnce();
    const [again] = receiver.received.slice(before);
    expect(again!.headers["mostrador-event-id"]).toBe(first!.eventId);
    expect(JSON.parse(again!.body).id).toBe(first!.eventId);
    const now = Math.floor(clock.now().getTime() / 1000);
    expect(verifySignature(secret, String(again!.headers["mostrador-signature"]), again!.body, now)).toBe(
      true,
    );
    const log = await deliveries(shop, endpoint.id);
    expect(log.map((d) => d.status)).toEqual(["delivered", "delivered"]);
  });
});

describe("addresses", () => {
  it.each([
    ["http://public.test/hook", "webhook_url_not_https"],
    ["https://127.0.0.1/hook", "webhook_url_private"],
    ["https://localhost.test/hook", "webhook_url_unresolvable"],
    ["https://10.0.0.1/hook", "webhook_url_private"],
    ["https://169.254.169.254/latest/meta-data", "webhook_url_private"],
    ["https://[::1]/hook", "webhook_url_private"],
    ["https://[::ffff:10.0.0.1]/hook", "webhook_url_private"],
    ["https://[fd00::1]/hook", "webhook_url_private"],
    ["https://100.64.0.1/hook", "webhook_url_private"],
    ["https://intranet.test/hook", "webhook_url_private"],
    ["https://mixed.test/hook", "webhook_url_private"],
    ["https://user:pass@public.test/hook", "webhook_url_credentials"],
    ["ftp://public.test/hook", "webhook_url_not_https"],
    ["no es una url", "webhook_url_invalid"],
  ])("%s is refused (%s) and nothing is stored", async (url, code) => {
    const shop = await ownerWithStore(db.sql, strictCloud, "privada");
    const res = await register(shop, { url, events: ["sale.created"] }, strictCloud);
    expect(res.statusCode).toBe(400);
    const error = json<{ error: { code: string; message: string } }>(res).error;
    expect(error.code).toBe(code);
    expect(error.message).toMatch(/[a-z]/);
    expect(await countRows("webhook_endpoints", shop.tenantId)).toBe(0);
  });

  it("a public https address is accepted in production's policy", async () => {
    const shop = await ownerWithStore(db.sql, strictCloud, "publica");
    const res = await register(shop, { url: "https://public.test/hook", events: ["stock.low"] }, strictCloud);
    expect(res.statusCode).toBe(201);
  });

  it("a name that pointed outside at registration but inside at delivery is not called (DNS rebinding)", async () => {
    receiver.answer(200);
    const shop = await ownerWithStore(db.sql, cloud, "rebinding");
    const url = `http://rebind.test:${receiver.port}/hook`;
    dns.set("rebind.test", ["127.0.0.1"]);
    const { endpoint } = await endpointFor(shop, ["sale.created"], url);
    dns.set("rebind.test", ["169.254.169.254"]);
    const before = receiver.received.length;
    await uploadSale(shop);
    await worker.runOnce();
    expect(receiver.received.length).toBe(before);
    const [log] = await deliveries(shop, endpoint.id);
    expect(log).toMatchObject({ status: "pending", attempts: 1, statusCode: null });
    expect(log!.error).toContain("red privada");
  });
});

describe("bad input changes nothing", () => {
  it.each([
    [{ url: "https://public.test/h", events: [] }],
    [{ url: "https://public.test/h", events: ["sale.deleted"] }],
    [{ url: "https://public.test/h", events: ["sale.created", "sale.created"] }],
    [{ url: "https://public.test/h" }],
    [{ url: `https://public.test/${"x".repeat(500)}`, events: ["sale.created"] }],
    [{ url: "https://public.test/h", events: ["sale.created"], secret: "mio" }],
    [{ url: 42, events: ["sale.created"] }],
  ])("registering %j is 400", async (body) => {
    const shop = await ownerWithStore(db.sql, cloud, "mala");
    const res = await register(shop, body);
    expect(res.statusCode).toBe(400);
    expect(await countRows("webhook_endpoints", shop.tenantId)).toBe(0);
  });

  it("another tenant's endpoint and deliveries look unknown; a bad id is 400; a manager cannot register", async () => {
    const a = await ownerWithStore(db.sql, cloud, "a");
    const b = await ownerWithStore(db.sql, cloud, "b");
    const { endpoint } = await endpointFor(a, ["sale.created"]);
    const as = (shop: Shop, method: "GET" | "PATCH" | "DELETE" | "POST", url: string, payload?: object) =>
      cloud.app.inject({ method, url, headers: bearer(shop.token), ...(payload ? { payload } : {}) });
    expect((await as(b, "GET", `/v1/webhooks/endpoints/${endpoint.id}/deliveries`)).statusCode).toBe(404);
    expect(
      (await as(b, "PATCH", `/v1/webhooks/endpoints/${endpoint.id}`, { enabled: false })).statusCode,
    ).toBe(404);
    expect((await as(b, "DELETE", `/v1/webhooks/endpoints/${endpoint.id}`)).statusCode).toBe(404);
    expect((await as(b, "POST", `/v1/webhooks/deliveries/${uuidv7()}/resend`)).statusCode).toBe(404);
    expect((await as(a, "PATCH", `/v1/webhooks/endpoints/no-es-un-id`, { enabled: false })).statusCode).toBe(
      400,
    );
    expect((await as(a, "PATCH", `/v1/webhooks/endpoints/${endpoint.id}`, { events: [] })).statusCode).toBe(
      400,
    );
    await db.owner.query(`UPDATE accounts SET role = 'manager' WHERE tenant_id = $1`, [b.tenantId]);
    const manager = await register(b, { url: receiver.url, events: ["sale.created"] });
    expect(manager.statusCode).toBe(403);
    expect(await countRows("webhook_endpoints", b.tenantId)).toBe(0);
    const shown = json<{ endpoints: { enabled: boolean }[] }>(await as(a, "GET", "/v1/webhooks/endpoints"));
    expect(shown.endpoints).toMatchObject([{ enabled: true }]);
  });
});

describe("other events", () => {
  it("a low-stock notification, a new alarm and a new customer write their events (a rule's notification does not)", async () => {
    receiver.answer(200);
    const shop = await ownerWithStore(db.sql, cloud, "eventos");
    await endpointFor(shop, ["stock.low", "alarm.raised", "customer.created"]);
    const appliance = await enrolledAppliance(cloud, shop.token, shop.storeId);
    const f = new OpFactory();
    const ops = [
      f.op("notification", uuidv7(), "created", {
        kind: "low_stock",
        message: "Stock bajo: Yerba 1 kg (quedan 2)",
        productId: "p-yerba",
        onHand: 2,
        threshold: 5,
        at: "2026-03-02T12:00:00.000Z",
      }),
      f.op("notification", uuidv7(), "created", {
        kind: "rule",
        message: "Regla",
        at: "2026-03-02T12:00:00.000Z",
      }),
      f.op("alarm", "al-1", "updated", {
        id: "al-1",
        deviceId: "dev-1",
        severity: 3,
        status: "active",
        message: "Heladera caliente",
        raisedAt: "2026-03-02T12:00:00.000Z",
        updatedAt: "2026-03-02T12:00:00.000Z",
      }),
    ];
    const res = await cloud.app.inject({
      method: "POST",
      url: "/v1/ingest",
      headers: bearer(appliance.token),
      payload: { ops },
    });
    expect(res.statusCode).toBe(200);
    const customer = await cloud.app.inject({
      method: "POST",
      url: "/v1/customers",
      headers: bearer(shop.token),
      payload: { name: "Ana Pérez" },
    });
    expect(customer.statusCode).toBe(201);
    const before = receiver.received.length;
    await worker.runOnce();
    const got = receiver.received
      .slice(before)
      .map((r) => JSON.parse(r.body) as { type: string; data: Record<string, unknown> });
    expect(got.map((e) => e.type).sort()).toEqual(["alarm.raised", "customer.created", "stock.low"]);
    expect(got.find((e) => e.type === "stock.low")!.data).toMatchObject({ productId: "p-yerba", onHand: 2 });
    expect(got.find((e) => e.type === "customer.created")!.data).toMatchObject({ name: "Ana Pérez" });
  });
});

describe("bookings", () => {
  it("a booking made online and cancelled by the patient's link reach the endpoint as booking.created and booking.cancelled", async () => {
    receiver.answer(200);
    const shop = await ownerWithStore(db.sql, cloud, "turnos");
    await endpointFor(shop, ["booking.created", "booking.cancelled"]);
    const till = await enrolledAppliance(cloud, shop.token, shop.storeId, "Recepción");
    const f = new OpFactory();
    const c = clinic();
    // 2026-03-17 is a Tuesday: 10:00 in Buenos Aires is 13:00Z; the desk grants the whole day online.
    const grant = allotment(c, "2026-03-17T03:00:00.000Z", "2026-03-18T03:00:00.000Z");
    const setup = await cloud.app.inject({
      method: "POST",
      url: "/v1/ingest",
      headers: bearer(till.token),
      payload: { ops: [...setupOps(f, c), f.op("turno_allotment", grant.id, "granted", grant)] },
    });
    expect(setup.statusCode).toBe(200);
    const booked = await cloud.app.inject({
      method: "POST",
      url: `/v1/turnos/public/${shop.storeId}/bookings`,
      payload: {
        serviceId: c.consulta.id,
        start: "2026-03-17T13:00:00.000Z",
        name: "Ana Gómez",
        phone: "+54 9 11 5555-0000",
        optIn: false,
      },
    });
    expect(booked.statusCode).toBe(201);
    const { booking, manageToken } = json<{ booking: { id: string }; manageToken: string }>(booked);
    const cancelled = await cloud.app.inject({
      method: "POST",
      url: `/v1/turnos/public/${shop.storeId}/bookings/${booking.id}/cancel`,
      payload: { token: manageToken },
    });
    expect(cancelled.statusCode).toBe(200);
    const before = receiver.received.length;
    await worker.runOnce();
    const got = receiver.received
      .slice(before)
      .map((r) => JSON.parse(r.body) as { type: string; data: Record<string, unknown> });
    expect(got.map((e) => e.type).sort()).toEqual(["booking.cancelled", "booking.created"]);
    for (const e of got)
      expect(e.data).toMatchObject({
        bookingId: booking.id,
        storeId: shop.storeId,
        origin: "online",
        patientName: "Ana Gómez",
      });
  });
});
