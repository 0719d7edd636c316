import { createHmac, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { parseStripeForm } from "./form-body.js";

/**
 * A local Stripe, a real HTTP server built to the documented API that stripe-node calls (pointed at it
 * with `{host, port, protocol: "http"}`): customers, prices and products (the plans, seeded with
 * `lookup_key`s), Checkout Sessions in subscription mode, subscriptions (items with price and their
 * current period, `cancel_at_period_end`, statuses trialing/active/past_due/unpaid/canceled), invoices,
 * billing portal sessions, test clocks (advancing one renews its customers' subscriptions, and a flagged
 * card fails them into dunning) and webhooks signed as Stripe signs them (`Stripe-Signature:
 * t=…,v1=hex HMAC-SHA256 of "t.body"`). Stateful, unlike stripe-mock. What a customer does on Stripe's
 * own pages (pay at Checkout, change plan or cancel in the portal) are helpers named for it.
 */

type Obj = Record<string, unknown> & { id: string };

interface Subscription extends Obj {
  customer: string;
  status: "trialing" | "active" | "past_due" | "unpaid" | "canceled";
  cancel_at_period_end: boolean;
  items: { object: "list"; data: SubscriptionItem[] };
}
interface SubscriptionItem extends Obj {
  price: Obj;
  current_period_start: number;
  current_period_end: number;
}
interface Dunning {
  invoiceId: string;
  failedAt: number;
  retries: number;
}

export interface FakeStripeOptions {
  /** Wall time, used to sign webhooks and for customers on no test clock (tests pass the cloud's clock). */
  now?: () => Date;
  /** What a subscription becomes after its last failed retry (a Dashboard setting in Stripe). */
  afterRetries?: "unpaid" | "canceled";
}

export interface FakeStripe {
  url: string;
  host: string;
  port: number;
  secretKey: string;
  /** Where signed webhooks go, with the endpoint's signing secret (`whsec_…`). */
  sendWebhooksTo(url: string, secret: string): void;
  /** Keeps events instead of sending them, until `releaseWebhooks`. */
  holdWebhooks(): void;
  releaseWebhooks(options?: { reversed?: boolean; twice?: boolean }): Promise<void>;
  /** Sends events again, as Stripe does when it is unsure a delivery arrived (all of them when no ids). */
  redeliver(eventIds?: readonly string[]): Promise<void>;
  /** Every delivery made: the event, the HTTP status the endpoint answered. */
  deliveries: { eventId: string; type: string; status: number }[];
  events: Obj[];
  /** The customer pays at Checkout with a card: the session completes and the subscription starts. */
  completeCheckout(sessionId: string): Promise<Obj>;
  /** The customer's card starts (true) or stops (false) declining charges. */
  setCardDeclines(customerId: string, declines: boolean): void;
  /** In the portal: another plan (a price's lookup_key), prorated at once. */
  portalChangePrice(subscriptionId: string, lookupKey: string): Promise<void>;
  /** In the portal: cancel at the end of the period. */
  portalCancelAtPeriodEnd(subscriptionId: string): Promise<void>;
  subscription(id: string): Subscription | undefined;
  /** A price's id by lookup_key. */
  priceId(lookupKey: string): string;
  close(): Promise<void>;
}

const DAY = 86_400;
/** The fake's Smart Retries: days after the first failure; after the last, `afterRetries`. */
const RETRY_DAYS = [3, 5, 7];
const PLAN_PRICES: [string, string, number][] = [
  ["basico", "month", 1_900],
  ["basico", "year", 19_000],
  ["profesional", "month", 4_900],
  ["profesional", "year", 49_000],
  ["enterprise", "month", 14_900],
  ["enterprise", "year", 149_000],
];

class StripeFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly param?: string,
  ) {
    super(message);
  }
}

export async function startFakeStripe(options: FakeStripeOptions = {}): Promise<FakeStripe> {
  const wallNow = () => Math.floor((options.now?.() ?? new Date()).getTime() / 1000);
  const secretKey = `sk_test_fake${randomBytes(12).toString("hex")}`;
  const store = new Map<string, Map<string, Obj>>();
  const table = (name: string) => {
    let t = store.get(name);
    if (!t) store.set(name, (t = new Map()));
    return t;
  };
  const decliningCards = new Set<string>();
  const dunning = new Map<string, Dunning>();
  const idempotent = new Map<string, { body: string; status: number; answer: string }>();
  const events: Obj[] = [];
  const held: Obj[] = [];
  const deliveries: FakeStripe["deliveries"] = [];
  let endpoint: { url: string; secret: string } | null = null;
  let holding = false;
  let counter = 0;
  const newId = (prefix: string) =>
    `${prefix}_${(++counter).toString(36).padStart(6, "0")}${randomBytes(6).toString("hex")}`;

  const put = <T extends Obj>(name: string, object: T): T => (table(name).set(object.id, object), object);
  const get = (name: string, id: string, param = "id"): Obj => {
    const found = table(name).get(id);
    if (!found) throw new StripeFailure(404, `No such ${name.replace(/s$/, "")}: '${id}'`, param);
    return found;
  };
  const timeOf = (customerId: string): number => {
    const clockId = get("customers", customerId).test_clock as string | null;
    return clockId ? (get("test_clocks", clockId).frozen_time as number) : wallNow();
  };

  for (const [plan, interval, amount] of PLAN_PRICES) {
    const productId = `prod_${plan}`;
    if (!table("products").has(productId))
      put("products", { id: productId, object: "product", name: `Mostrador ${plan}`, active: true });
    put("prices", {
      id: newId("price"),
      object: "price",
      active: true,
      currency: "usd",
      unit_amount: amount,
      product: productId,
      lookup_key: `mostrador_${plan}_${interval}`,
      recurring: { interval, interval_count: 1 },
      type: "recurring",
    });
  }
  const priceByLookup = (key: string) => {
    const price = [...table("prices").values()].find((p) => p.lookup_key === key);
    if (!price) throw new StripeFailure(404, `No such price: '${key}'`, "price");
    return price;
  };

  // --- events and their delivery -----------------------------------------------------------------
  function sign(payload: string, secret: string, t = wallNow()): string {
    const v1 = createHmac("sha256", secret).update(`${t}.${payload}`).digest("hex");
    return `t=${t},v1=${v1}`;
  }
  async function deliver(event: Obj): Promise<void> {
    if (!endpoint) return;
    const payload = JSON.stringify(event, null, 2);
    const res = await fetch(endpoint.url, {
      method: "POST",
      headers: {
        "content-type": "application/json; charset=utf-8",
        "stripe-signature": sign(payload, endpoint.secret),
        "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
      },
      body: payload,
    });
    await res.text();
    deliveries.push({ eventId: event.id, type: event.type as string, status: res.status });
  }
  async function emit(type: string, object: Obj): Promise<void> {
    const event: Obj = {
      id: newId("evt"),
      object: "event",
      api_version: "2026-11-18.endive",
      created: wallNow(),
      livemode: false,
      pending_webhooks: endpoint ? 1 : 0,
      type,
      // A snapshot as of the event, as Stripe sends it (later changes do not show in old events).
      data: { object: structuredClone(object) },
    };
    events.push(event);
    if (holding) held.push(event);
    else await deliver(event);
  }

  // --- the billing cycle ---------------------------------------------------------------------------
  const periodSeconds = (sub: Subscription) =>
    ((sub.items.data[0]!.price.recurring as { interval: string }).interval === "year" ? 365 : 30) * DAY;

  async function invoice(sub: Subscription, amount: number, reason: string, at: number): Promise<Obj> {
    const paid = !decliningCards.has(sub.customer);
    const inv = put("invoices", {
      id: newId("in"),
      object: "invoice",
      customer: sub.customer,
      currency: "usd",
      amount_due: amount,
      amount_paid: paid ? amount : 0,
      attempt_count: 1,
      billing_reason: reason,
      created: at,
      status: paid ? "paid" : "open",
      parent: { type: "subscription_details", subscription_details: { subscription: sub.id } },
    });
    sub.latest_invoice = inv.id;
    await emit("invoice.created", inv);
    await emit(paid ? "invoice.paid" : "invoice.payment_failed", inv);
    return inv;
  }

  async function startSubscription(customerId: string, price: Obj, metadata: unknown): Promise<Subscription> {
    const at = timeOf(customerId);
    const sub = put<Subscription>("subscriptions", {
      id: newId("sub"),
      object: "subscription",
      customer: customerId,
      status: "active",
      cancel_at_period_end: false,
      canceled_at: null,
      created: at,
      start_date: at,
      metadata: metadata ?? {},
      latest_invoice: null,
      test_clock: get("customers", customerId).test_clock ?? null,
      items: { object: "list", data: [] },
    });
    sub.items.data.push({
      id: newId("si"),
      object: "subscription_item",
      price,
      quantity: 1,
      current_period_start: at,
      current_period_end: 0,
    });
    sub.items.data[0]!.current_period_end = at + periodSeconds(sub);
    await emit("customer.subscription.created", sub);
    await invoice(sub, price.unit_amount as number, "subscription_create", at);
    return sub;
  }

  /** Runs what is due on `sub` up to `until`: renewals, retries, the end of a cancelled period. */
  async function runCycle(sub: Subscription, until: number): Promise<void> {
    for (;;) {
      const item = sub.items.data[0]!;
      const owed = dunning.get(sub.id);
      const retryAt = owed ? owed.failedAt + RETRY_DAYS[owed.retries]! * DAY : Infinity;
      const nextAt = Math.min(item.current_period_end, retryAt);
      if (sub.status === "canceled" || sub.status === "unpaid" || nextAt > until) return;
      if (retryAt <= item.current_period_end && owed) {
        const inv = get("invoices", owed.invoiceId);
        inv.attempt_count = (inv.attempt_count as number) + 1;
        if (!decliningCards.has(sub.customer)) {
          Object.assign(inv, { status: "paid", amount_paid: inv.amount_due });
          dunning.delete(sub.id);
          sub.status = "active";
          await emit("invoice.paid", inv);
        } else if (++owed.retries >= RETRY_DAYS.length) {
          dunning.delete(sub.id);
          sub.status = options.afterRetries ?? "unpaid";
          if (sub.status === "canceled") sub.canceled_at = retryAt;
          await emit("invoice.payment_failed", inv);
        } else {
          await emit("invoice.payment_failed", inv);
          continue;
        }
        await emit(
          sub.status === "canceled" ? "customer.subscription.deleted" : "customer.subscription.updated",
          sub,
        );
        continue;
      }
      const end = item.current_period_end;
      if (sub.cancel_at_period_end) {
        Object.assign(sub, { status: "canceled", canceled_at: end, ended_at: end });
        await emit("customer.subscription.deleted", sub);
        return;
      }
      item.current_period_start = end;
      item.current_period_end = end + periodSeconds(sub);
      const inv = await invoice(sub, item.price.unit_amount as number, "subscription_cycle", end);
      if (inv.status === "open" && !dunning.has(sub.id)) {
        dunning.set(sub.id, { invoiceId: inv.id, failedAt: end, retries: 0 });
        sub.status = "past_due";
      }
      await emit("customer.subscription.updated", sub);
    }
  }

  async function advanceClock(clock: Obj, to: number): Promise<void> {
    if (to <= (clock.frozen_time as number))
      throw new StripeFailure(
        400,
        "The frozen_time must be after the test clock's current time",
        "frozen_time",
      );
    clock.frozen_time = to;
    const customers = [...table("customers").values()].filter((c) => c.test_clock === clock.id);
    for (const sub of table("subscriptions").values() as Iterable<Subscription>)
      if (customers.some((c) => c.id === sub.customer)) await runCycle(sub, to);
  }

  async function updateSubscription(sub: Subscription, body: Record<string, unknown>): Promise<void> {
    if (body.cancel_at_period_end !== undefined)
      sub.cancel_at_period_end = body.cancel_at_period_end === "true";
    const items = body.items as { id?: string; price?: string }[] | undefined;
    if (items?.[0]?.price) {
      const item = sub.items.data.find((i) => i.id === items[0]!.id) ?? sub.items.data[0]!;
      const before = item.price.unit_amount as number;
      item.price = get("prices", items[0].price, "items[0][price]");
      const after = item.price.unit_amount as number;
      // Proration: the difference for the rest of the period, invoiced at once when it is owed.
      const now = timeOf(sub.customer);
      const left = (item.current_period_end - now) / (item.current_period_end - item.current_period_start);
      const owed = Math.round((after - before) * left);
      if (owed > 0) await invoice(sub, owed, "subscription_update", now);
    }
    if (body.metadata) sub.metadata = { ...(sub.metadata as object), ...(body.metadata as object) };
    await emit("customer.subscription.updated", sub);
  }

  // --- the HTTP API ---------------------------------------------------------------------------------
  const list = (data: Obj[], url: string) => ({ object: "list", data, has_more: false, url });

  async function route(method: string, path: string, body: Record<string, unknown>, query: URLSearchParams) {
    const parts = path.split("/").filter(Boolean); // ["v1", resource, id?, action?]
    const [, a, b, c, d] = parts;
    if (method === "POST" && a === "customers" && !b) {
      const clockId = body.test_clock as string | undefined;
      if (clockId) get("test_clocks", clockId, "test_clock");
      return put("customers", {
        id: newId("cus"),
        object: "customer",
        email: body.email ?? null,
        name: body.name ?? null,
        metadata: body.metadata ?? {},
        test_clock: clockId ?? null,
        created: wallNow(),
      });
    }
    if (method === "GET" && a === "customers" && b) return get("customers", b);
    if (method === "GET" && a === "prices" && !b) {
      const keys = query
        .getAll("lookup_keys[]")
        .concat([...query.keys()].filter((k) => /^lookup_keys\[\d+\]$/.test(k)).map((k) => query.get(k)!));
      const all = [...table("prices").values()];
      return list(keys.length ? all.filter((p) => keys.includes(p.lookup_key as string)) : all, "/v1/prices");
    }
    if (method === "GET" && a === "prices" && b) return get("prices", b);
    if (method === "GET" && a === "products" && b) return get("products", b);
    if (a === "checkout" && b === "sessions") {
      if (method === "GET" && c) return get("checkout_sessions", c);
      if (method === "POST" && !c) {
        if (body.mode !== "subscription")
          throw new StripeFailure(400, "This fake only supports mode=subscription", "mode");
        if (typeof body.success_url !== "string")
          throw new StripeFailure(400, "Missing required param: success_url.", "success_url");
        const customer = body.customer as string | undefined;
        if (customer) get("customers", customer, "customer");
        const lines = (body.line_items as { price?: string; quantity?: string }[] | undefined) ?? [];
        if (lines.length !== 1 || !lines[0]!.price)
          throw new StripeFailure(400, "line_items must hold one recurring price", "line_items");
        get("prices", lines[0]!.price, "line_items[0][price]");
        const id = newId("cs_test");
        return put("checkout_sessions", {
          id,
          object: "checkout.session",
          mode: "subscription",
          status: "open",
          payment_status: "unpaid",
          customer: customer ?? null,
          client_reference_id: body.client_reference_id ?? null,
          success_url: body.success_url,
          cancel_url: body.cancel_url ?? null,
          metadata: body.metadata ?? {},
          subscription: null,
          url: `${baseUrl}/checkout/pay/${id}`,
          line_items_price: lines[0]!.price,
          subscription_metadata:
            (body.subscription_data as { metadata?: unknown } | undefined)?.metadata ?? {},
        });
      }
    }
    if (a === "subscriptions") {
      if (method === "GET" && b) return get("subscriptions", b);
      if (method === "GET" && !b) {
        const customer = query.get("customer");
        const subs = [...table("subscriptions").values()].filter((s) => !customer || s.customer === customer);
        return list(subs, "/v1/subscriptions");
      }
      if (method === "POST" && b) {
        const sub = get("subscriptions", b) as Subscription;
        await updateSubscription(sub, body);
        return sub;
      }
      if (method === "DELETE" && b) {
        // Cancel now (closing an account): ended at once, announced as Stripe does.
        const sub = get("subscriptions", b) as Subscription;
        sub.status = "canceled";
        await emit("customer.subscription.deleted", sub);
        return sub;
      }
    }
    if (method === "GET" && a === "invoices") {
      if (b) return get("invoices", b);
      const customer = query.get("customer");
      const invoices = [...table("invoices").values()].filter((i) => !customer || i.customer === customer);
      return list(invoices.reverse(), "/v1/invoices");
    }
    if (method === "POST" && a === "billing_portal" && b === "sessions") {
      const customer = get("customers", body.customer as string, "customer");
      const id = newId("bps");
      return put("portal_sessions", {
        id,
        object: "billing_portal.session",
        customer: customer.id,
        return_url: body.return_url ?? null,
        created: wallNow(),
        livemode: false,
        url: `${baseUrl}/portal/session/${id}`,
      });
    }
    if (a === "test_helpers" && b === "test_clocks") {
      if (method === "POST" && !c) {
        const frozen = Number(body.frozen_time);
        if (!Number.isInteger(frozen)) throw new StripeFailure(400, "Invalid frozen_time", "frozen_time");
        return put("test_clocks", {
          id: newId("clock"),
          object: "test_helpers.test_clock",
          frozen_time: frozen,
          name: body.name ?? null,
          status: "ready",
          created: wallNow(),
        });
      }
      if (method === "GET" && c) return get("test_clocks", c);
      if (method === "POST" && c && d === "advance") {
        const clock = get("test_clocks", c);
        const to = Number(body.frozen_time);
        if (!Number.isInteger(to)) throw new StripeFailure(400, "Invalid frozen_time", "frozen_time");
        // Real Stripe advances asynchronously (status "advancing"); the fake answers once it is done.
        await advanceClock(clock, to);
        return clock;
      }
    }
    if (method === "GET" && a === "events" && b) return events.find((e) => e.id === b) ?? get("events", b);
    throw new StripeFailure(404, `Unrecognized request URL (${method}: ${path}).`);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const send = (status: number, answer: string) => {
      res.writeHead(status, { "content-type": "application/json", "request-id": newId("req") });
      res.end(answer);
    };
    if (await hostedPage(req, res)) return;
    if (req.headers.authorization !== `Bearer ${secretKey}`)
      return send(
        401,
        JSON.stringify({ error: { type: "invalid_request_error", message: "Invalid API Key provided" } }),
      );
    const url = new URL(req.url ?? "/", baseUrl);
    const key = req.headers["idempotency-key"] as string | undefined;
    const method = req.method ?? "GET";
    if (key && method === "POST") {
      const seen = idempotent.get(key);
      if (seen && seen.body !== raw)
        return send(
          400,
          JSON.stringify({
            error: {
              type: "idempotency_error",
              message:
                "Keys for idempotent requests can only be used with the same parameters they were first used with.",
            },
          }),
        );
      if (seen) return send(seen.status, seen.answer);
    }
    let status = 200;
    let answer: string;
    try {
      answer = JSON.stringify(await route(method, url.pathname, parseStripeForm(raw), url.searchParams));
    } catch (err) {
      const failure = err instanceof StripeFailure ? err : new StripeFailure(500, String(err));
      status = failure.status;
      answer = JSON.stringify({
        error: {
          type: status >= 500 ? "api_error" : "invalid_request_error",
          message: failure.message,
          ...(failure.param ? { param: failure.param } : {}),
        },
      });
    }
    if (key && method === "POST") idempotent.set(key, { body: raw, status, answer });
    send(status, answer);
  }

  /**
   * Stripe's own pages, reduced to what a customer does there: Checkout's "Pay" button (completes the
   * session with the card, then back to success_url) and the portal's "Return" link.
   */
  async function hostedPage(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const path = new URL(req.url ?? "/", baseUrl).pathname;
    const html = (body: string) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(`<!doctype html><html><body>${body}</body></html>`);
    };
    const pay = /^\/checkout\/pay\/([\w-]+)$/.exec(path);
    if (pay && req.method === "GET") {
      const session = get("checkout_sessions", pay[1]!);
      html(
        `<h1>Fake Checkout</h1><p data-testid="fake-checkout-price">${String(session.line_items_price)}</p>` +
          `<form method="post"><button data-testid="fake-checkout-pay">Pay</button></form>`,
      );
      return true;
    }
    if (pay && req.method === "POST") {
      const session = await api.completeCheckout(pay[1]!);
      res.writeHead(303, { location: session.success_url as string });
      res.end();
      return true;
    }
    const portal = /^\/portal\/session\/([\w-]+)$/.exec(path);
    if (portal && req.method === "GET") {
      const session = get("portal_sessions", portal[1]!);
      html(
        `<h1>Fake customer portal</h1><a data-testid="fake-portal-return" href="${String(session.return_url)}">Return</a>`,
      );
      return true;
    }
    return false;
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      res.writeHead(500);
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;

  const api: FakeStripe = {
    url: baseUrl,
    host: "127.0.0.1",
    port,
    secretKey,
    deliveries,
    events,
    sendWebhooksTo(url, secret) {
      endpoint = { url, secret };
    },
    holdWebhooks() {
      holding = true;
    },
    async releaseWebhooks({ reversed = false, twice = false } = {}) {
      holding = false;
      const batch = held.splice(0);
      if (reversed) batch.reverse();
      for (const event of batch) await deliver(event);
      if (twice) for (const event of batch) await deliver(event);
    },
    async redeliver(eventIds) {
      for (const event of events) if (!eventIds || eventIds.includes(event.id)) await deliver(event);
    },
    async completeCheckout(sessionId) {
      const session = get("checkout_sessions", sessionId);
      if (session.status !== "open") throw new Error(`checkout ${sessionId} is ${String(session.status)}`);
      let customer = session.customer as string | null;
      if (!customer) {
        customer = ((await route("POST", "/v1/customers", {}, new URLSearchParams())) as Obj).id;
        session.customer = customer;
      }
      const sub = await startSubscription(
        customer,
        get("prices", session.line_items_price as string),
        session.subscription_metadata,
      );
      Object.assign(session, { status: "complete", payment_status: "paid", subscription: sub.id });
      await emit("checkout.session.completed", session);
      return session;
    },
    setCardDeclines(customerId, declines) {
      get("customers", customerId);
      if (declines) decliningCards.add(customerId);
      else decliningCards.delete(customerId);
    },
    async portalChangePrice(subscriptionId, lookupKey) {
      const sub = get("subscriptions", subscriptionId) as Subscription;
      const item = sub.items.data[0]!;
      await updateSubscription(sub, { items: [{ id: item.id, price: priceByLookup(lookupKey).id }] });
    },
    async portalCancelAtPeriodEnd(subscriptionId) {
      await updateSubscription(get("subscriptions", subscriptionId) as Subscription, {
        cancel_at_period_end: "true",
      });
    },
    subscription: (id) => table("subscriptions").get(id) as Subscription | undefined,
    priceId: (lookupKey) => priceByLookup(lookupKey).id,
    close: () =>
      new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
  return api;
}
