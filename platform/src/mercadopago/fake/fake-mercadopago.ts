import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Value } from "@sinclair/typebox/value";
import {
  MpCreateOrderRequest,
  MpCreatePosRequest,
  MpCreateStoreRequest,
  type MpOrder,
  type MpOrderStatus,
  MpPreferenceRequest,
} from "@mostrador/contracts/mercadopago/wire";
import { signWebhook } from "../signature.js";
import { createFakeSubscriptions, type FakeSubscriptions } from "./fake-preapprovals.js";

/**
 * A local Mercado Pago for tests: a real HTTP server answering the documented requests with the
 * documented shapes (contracts/src/mercadopago/wire.ts), keeping orders, stores, POS, terminals,
 * preferences and payments in memory. Tests move orders through their states on command
 * (`moveOrder`), as a customer scanning the QR or a Point terminal would, and each move sends the order
 * webhook to the configured URL signed as MP documents it (x-signature over the manifest). Idempotency
 * is MP's: the same X-Idempotency-Key answers the same result, whatever the body.
 */
export interface FakeMercadoPago {
  url: string;
  /** The seller's token the fake accepts (anything else is a 401). */
  accessToken: string;
  userId: string;
  /** Where order and payment notifications go, and the app's webhook secret that signs them. */
  notifyTo(url: string | null, secret?: string): void;
  /** Moves an order as MP would (a refusal for a move MP never makes) and sends its webhook. */
  moveOrder(orderId: string, status: MpOrderStatus): Promise<WebhookDelivery | null>;
  /** Sends an order's current notification again (MP retries), optionally with a wrong signature. */
  sendOrderWebhook(
    orderId: string,
    options?: { badSignature?: boolean; status?: MpOrderStatus },
  ): Promise<WebhookDelivery | null>;
  /**
   * A buyer pays a Checkout Pro link: an approved payment exists and its notification is sent. `amount`
   * (centavos) makes the payment of another amount than the link's (a forged or tampered checkout).
   */
  payPreference(
    preferenceId: string,
    options?: { amount?: number },
  ): Promise<{ paymentId: string; delivery: WebhookDelivery | null }>;
  /** Sends a payment's notification again (MP retries), optionally with a wrong signature. */
  sendPaymentWebhook(
    paymentId: string,
    options?: { badSignature?: boolean },
  ): Promise<WebhookDelivery | null>;
  /**
   * The buyer's checkout in a browser: `checkoutUrl(init_point)` is the fake's page for a link's
   * init_point (a "Pagar" button that pays it, then goes back to the preference's back_urls.success).
   */
  checkoutUrl(initPoint: string): string;
  addTerminal(input: {
    id: string;
    storeId: string;
    posId?: string;
    operatingMode?: "PDV" | "STANDALONE";
  }): void;
  order(orderId: string): MpOrder | undefined;
  orders(): MpOrder[];
  /**
   * The next write is carried out but its answer never arrives (the connection drops): what a till sees
   * when it is killed or times out right after MP created the order.
   */
  loseNextAnswer(count?: number): void;
  /**
   * While held, reads of the orders that existed when holding began answer them as they were then —
   * except the reads made while a webhook is being delivered (the receiver's re-read). An end-to-end test
   * uses it to prove a result reached the till through the webhook relay, not through the till's own reads.
   */
  holdReads(on: boolean): void;
  /** Subscriptions (preapproval): the payer's checkout page, cuotas on the fake's own clock, their webhooks. */
  subscriptions: FakeSubscriptions;
  /** Every request received, for tests that count calls or read headers. */
  requests: { method: string; path: string; idempotencyKey: string | undefined }[];
  close(): Promise<void>;
}

export interface WebhookDelivery {
  status: number;
  body: string;
}

/** The moves MP makes (docs: qr-code status-order-transaction; mp-point statuses). */
const MOVES: Record<string, Partial<Record<MpOrderStatus, readonly MpOrderStatus[]>>> = {
  qr: { created: ["processed", "canceled", "expired"], processed: ["refunded"] },
  point: {
    created: ["at_terminal", "canceled", "expired"],
    at_terminal: ["processed", "canceled", "expired", "action_required"],
    action_required: ["processed", "canceled"],
    processed: ["refunded"],
  },
};

// Documented status_detail values: "accredited" once paid; a Point order waiting for a check or confirmation
// on the device is action_required / "check_on_terminal" (moveOrder gives these; anything else names itself).
const DETAIL: Partial<Record<MpOrderStatus, string>> = {
  processed: "accredited",
  action_required: "check_on_terminal",
};

export async function startFakeMercadoPago(
  options: { accessToken?: string; /** Where the subscriptions' clock starts. */ start?: Date } = {},
): Promise<FakeMercadoPago> {
  const accessToken = options.accessToken ?? `TEST-${randomBytes(8).toString("hex")}`;
  const userId = String(100_000_000 + Math.floor(Math.random() * 99_999_999));
  const orders = new Map<string, MpOrder>();
  const byKey = new Map<string, { status: number; body: unknown }>();
  const stores = new Map<string, { id: number; name: string; external_id: string }>();
  const pos = new Map<string, { id: number; external_id: string; store_id: number }>();
  const terminals: { id: string; store_id: string; pos_id?: string; operating_mode: string }[] = [];
  const preferences = new Map<
    string,
    {
      id: string;
      external_reference: string;
      amount: number;
      notification_url?: string;
      back_urls?: Record<string, string>;
    }
  >();
  const payments = new Map<
    string,
    { id: number; status: string; transaction_amount: number; external_reference: string | null }
  >();
  const requests: FakeMercadoPago["requests"] = [];
  let notify: { url: string; secret: string } | null = null;
  let nextNumber = 1;
  let answersToLose = 0;
  let heldReads: Map<string, MpOrder> | null = null;
  let delivering = 0;

  const now = () => new Date().toISOString();
  const newOrderId = () => `ORD${randomBytes(13).toString("hex").toUpperCase()}`;

  async function deliver(
    dataId: string,
    body: object,
    query: string,
    badSignature = false,
  ): Promise<WebhookDelivery | null> {
    if (!notify) return null;
    const requestId = randomUUID();
    const target = notify;
    delivering++;
    try {
      const signature = signWebhook(
        badSignature ? `${target.secret}-wrong` : target.secret,
        dataId,
        requestId,
        Date.now(),
      );
      const response = await fetch(`${target.url}${target.url.includes("?") ? "&" : "?"}${query}`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-signature": signature, "x-request-id": requestId },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: await response.text() };
    } finally {
      delivering--;
    }
  }

  let baseUrl = "";
  const subscriptions = createFakeSubscriptions({
    userId,
    baseUrl: () => baseUrl,
    deliver,
    ...(options.start ? { start: options.start } : {}),
  });
  function deliverPayment(id: string, badSignature = false) {
    return deliver(
      id,
      {
        action: "payment.created",
        type: "payment",
        data: { id },
        user_id: Number(userId),
        live_mode: false,
        api_version: "v1",
        date_created: now(),
      },
      `data.id=${id}&type=payment`,
      badSignature,
    );
  }

  function orderNotification(order: MpOrder, status = order.status) {
    return deliverOrder(order.id, status);
  }
  function deliverOrder(id: string, status: MpOrderStatus, badSignature = false) {
    return deliver(
      id,
      {
        action: `order.${status}`,
        type: "order",
        data: { id, status },
        user_id: Number(userId),
        live_mode: false,
        api_version: "v1",
        date_created: now(),
      },
      `data.id=${encodeURIComponent(id)}&type=order`,
      badSignature,
    );
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let m0: RegExpExecArray | null;
    const url = new URL(req.url ?? "/", "http://fake");
    const path = url.pathname;
    const key = header(req, "x-idempotency-key");
    requests.push({ method: req.method ?? "GET", path, idempotencyKey: key });
    const send = (status: number, body: unknown) => {
      if (answersToLose > 0 && req.method !== "GET") {
        answersToLose--;
        res.destroy();
        return;
      }
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const error = (status: number, code: string, message: string) =>
      send(status, { message, error: code, status, errors: [{ code, message }] });

    // The payer's subscription checkout page is opened by a browser, with no token.
    if (
      path.startsWith("/subscriptions/") &&
      (await subscriptions.handlePage(req, res, url, () => readBody(req)))
    )
      return;
    // The buyer's side of Checkout Pro (a browser, no token): the link's page and its "Pagar" button.
    if ((m0 = /^\/checkout\/v1\/redirect(\/pay)?$/.exec(path))) {
      const pref = preferences.get(url.searchParams.get("pref_id") ?? "");
      if (!pref) return error(404, "not_found", "Preference not found");
      if (req.method === "POST" && m0[1]) {
        const { paymentId } = await api.payPreference(pref.id);
        const back = pref.back_urls?.success;
        if (!back) return send(200, { paymentId });
        const target = new URL(back);
        target.searchParams.set("payment_id", paymentId);
        target.searchParams.set("status", "approved");
        target.searchParams.set("external_reference", pref.external_reference);
        res.writeHead(302, { location: target.href });
        res.end();
        return;
      }
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(
        `<!doctype html><title>Mercado Pago (fake)</title><h1>Pagar $${(pref.amount / 100).toFixed(2)}</h1>` +
          `<form method="post" action="/checkout/v1/redirect/pay?pref_id=${encodeURIComponent(pref.id)}">` +
          `<button type="submit">Pagar</button></form>`,
      );
      return;
    }

    if (header(req, "authorization") !== `Bearer ${accessToken}`)
      return error(401, "unauthorized", "invalid access token");

    let body: unknown = undefined;
    if (req.method === "POST" || req.method === "PUT") {
      const text = await readBody(req);
      try {
        body = text === "" ? undefined : JSON.parse(text);
      } catch {
        return error(400, "bad_request", "Malformed JSON");
      }
      // Writes need an idempotency key (Orders API: required); a repeated key answers the first result.
      if (path.startsWith("/v1/orders") || path.startsWith("/checkout") || path.startsWith("/preapproval")) {
        if (!key) return error(400, "idempotency_key_required", "X-Idempotency-Key header is required");
        const seen = byKey.get(`${path} ${key}`);
        if (seen && req.method === "POST") return send(seen.status, seen.body);
      }
    }
    const remember = (status: number, answer: unknown) => {
      if (key) byKey.set(`${path} ${key}`, { status, body: answer });
      send(status, answer);
    };

    const subscription = await subscriptions.handleApi(req.method ?? "GET", url, body);
    if (subscription)
      return subscription.status < 300
        ? remember(subscription.status, subscription.body)
        : send(subscription.status, subscription.body);

    let m: RegExpExecArray | null;
    if (req.method === "GET" && path === "/users/me")
      return send(200, { id: Number(userId), nickname: "TESTUSER", test_user: true, site_id: "MLA" });

    if (req.method === "POST" && (m = /^\/users\/([^/]+)\/stores$/.exec(path))) {
      if (m[1] !== userId) return error(403, "forbidden", "user_id does not belong to the token");
      if (!Value.Check(MpCreateStoreRequest, body)) return error(400, "bad_request", "invalid store");
      if ([...stores.values()].some((s) => s.external_id === body.external_id))
        return error(400, "store_already_exists", "external_id already used");
      const store = { id: 50_000_000 + nextNumber++, name: body.name, external_id: body.external_id };
      stores.set(String(store.id), store);
      return send(201, { ...store, date_creation: now() });
    }

    if (req.method === "POST" && path === "/pos") {
      if (!Value.Check(MpCreatePosRequest, body)) return error(400, "invalid_pos", "invalid point of sale");
      if (!stores.has(String(body.store_id))) return error(400, "invalid_store_id", "store not found");
      if ([...pos.values()].some((p) => p.external_id === body.external_id))
        return error(400, "invalid_external_id", "external_id already used by another POS");
      const created = {
        id: 60_000_000 + nextNumber++,
        external_id: body.external_id,
        store_id: Number(body.store_id),
      };
      pos.set(body.external_id, created);
      return send(201, {
        ...created,
        name: body.name,
        fixed_amount: body.fixed_amount,
        qr: { image: `https://fake/qr/${created.id}.png` },
      });
    }

    if (req.method === "GET" && path === "/terminals/v1/list") {
      const storeId = url.searchParams.get("store_id");
      const list = terminals.filter((t) => !storeId || t.store_id === storeId);
      return send(200, { data: { terminals: list }, paging: { total: list.length, offset: 0, limit: 50 } });
    }

    if (req.method === "POST" && path === "/v1/orders") {
      if (!Value.Check(MpCreateOrderRequest, body))
        return error(
          400,
          "invalid_properties",
          [...Value.Errors(MpCreateOrderRequest, body)].map((e) => `${e.path} ${e.message}`).join("; ") ||
            "invalid order",
        );
      const amount = body.transactions.payments[0]!.amount;
      if (Number(amount) <= 0)
        return error(400, "invalid_total_amount", "total_amount must be greater than zero");
      if (body.total_amount !== undefined && body.total_amount !== amount)
        return error(400, "invalid_total_amount", "total_amount must equal the sum of the payments");
      if (body.type === "qr" && (!body.config.qr || !pos.has(body.config.qr.external_pos_id)))
        return error(400, "pos_not_found", "external_pos_id not found");
      if (body.type === "point") {
        const terminal = terminals.find((t) => t.id === body.config.point?.terminal_id);
        if (!terminal) return error(404, "terminal_not_found", "terminal not found");
        if (terminal.operating_mode !== "PDV")
          return error(400, "terminal_not_in_pdv_mode", "terminal must be in PDV mode");
        const busy = [...orders.values()].some(
          (o) =>
            o.type === "point" &&
            ["created", "at_terminal", "action_required"].includes(o.status) &&
            (o.config as { point?: { terminal_id?: string } } | undefined)?.point?.terminal_id ===
              terminal.id,
        );
        if (busy)
          return error(409, "terminal_has_a_queued_order", "the terminal already has an order in progress");
      }
      const id = newOrderId();
      const order: MpOrder = {
        id,
        type: body.type,
        external_reference: body.external_reference,
        status: "created",
        status_detail: "created",
        total_amount: amount,
        created_date: now(),
        last_updated_date: now(),
        transactions: {
          payments: [
            {
              id: `PAY${randomBytes(13).toString("hex").toUpperCase()}`,
              amount,
              status: "created",
              status_detail: "ready_to_process",
            },
          ],
        },
        config: body.config,
        ...(body.type === "qr" ? { type_response: { qr_data: emvcoLike(id, amount) } } : {}),
      };
      orders.set(id, order);
      return remember(201, order);
    }

    if ((m = /^\/v1\/orders\/([^/]+)(\/cancel|\/refund)?$/.exec(path))) {
      const order = orders.get(decodeURIComponent(m[1]!));
      if (!order) return error(404, "order_not_found", "order not found");
      if (req.method === "GET" && !m[2]) {
        const held = delivering === 0 ? heldReads?.get(order.id) : undefined;
        return send(200, held ?? order);
      }
      if (req.method === "POST" && m[2] === "/cancel") {
        // A Point order that reached the terminal can only be cancelled on the device.
        if (order.status !== "created")
          return error(409, "cannot_cancel_order", `order in status ${order.status} cannot be canceled`);
        setStatus(order, "canceled", "canceled_by_api");
        void orderNotification(order).catch(() => undefined);
        return remember(200, order);
      }
      if (req.method === "POST" && m[2] === "/refund") {
        if (order.status !== "processed")
          return error(409, "cannot_refund_order", `order in status ${order.status} cannot be refunded`);
        const cents = (a: string) => Math.round(Number(a) * 100);
        const already = (order.transactions.refunds ?? []).reduce((sum, r) => sum + cents(r.amount), 0);
        const asked = (body as { transactions?: { id?: string; amount?: string }[] } | undefined)
          ?.transactions?.[0];
        if (asked && asked.id !== order.transactions.payments[0]?.id)
          return error(400, "invalid_transaction_id", "transaction not found in the order");
        if (asked && !/^[0-9]+\.[0-9]{2}$/.test(asked.amount ?? ""))
          return error(400, "invalid_amount", "amount must have two decimals");
        const amount = asked ? cents(asked.amount!) : cents(order.total_amount) - already;
        if (amount <= 0 || already + amount > cents(order.total_amount))
          return error(400, "amount_exceeds_refundable", "refund amount exceeds the refundable amount");
        order.transactions.refunds = [
          ...(order.transactions.refunds ?? []),
          { id: `REF${randomBytes(13).toString("hex").toUpperCase()}`, amount: (amount / 100).toFixed(2) },
        ];
        // A partial refund leaves the order processed; the last centavo makes it refunded.
        if (already + amount === cents(order.total_amount)) setStatus(order, "refunded");
        else {
          order.status_detail = "partially_refunded";
          order.last_updated_date = now();
        }
        void orderNotification(order).catch(() => undefined);
        return remember(201, order);
      }
    }

    if (req.method === "POST" && /^\/checkout\/preferences\/?$/.test(path)) {
      if (!Value.Check(MpPreferenceRequest, body))
        return error(400, "invalid_preference", "invalid preference");
      const id = `${userId}-${randomUUID()}`;
      const amount = body.items.reduce((sum, i) => sum + Math.round(i.unit_price * 100) * i.quantity, 0);
      preferences.set(id, {
        id,
        external_reference: body.external_reference,
        amount,
        ...(body.notification_url ? { notification_url: body.notification_url } : {}),
        ...(body.back_urls ? { back_urls: body.back_urls } : {}),
      });
      return remember(201, {
        id,
        init_point: `https://www.mercadopago.com.ar/checkout/v1/redirect?pref_id=${id}`,
        external_reference: body.external_reference,
        items: body.items,
      });
    }

    if (req.method === "GET" && (m = /^\/v1\/payments\/([^/]+)$/.exec(path))) {
      const payment = payments.get(m[1]!);
      return payment ? send(200, payment) : error(404, "not_found", "Payment not found");
    }

    return error(404, "not_found", `no route ${req.method} ${path}`);
  }

  function setStatus(order: MpOrder, status: MpOrderStatus, detail?: string) {
    order.status = status;
    order.status_detail = detail ?? DETAIL[status] ?? status;
    order.last_updated_date = now();
    for (const p of order.transactions.payments) {
      p.status = status;
      p.status_detail = order.status_detail;
    }
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ message: String(err), error: "internal_error", status: 500 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;

  const api: FakeMercadoPago = {
    url: baseUrl,
    accessToken,
    userId,
    requests,
    subscriptions,
    notifyTo(url, secret = "fake-webhook-secret") {
      notify = url ? { url, secret } : null;
    },
    async moveOrder(orderId, status) {
      const order = orders.get(orderId);
      if (!order) throw new Error(`the fake has no order ${orderId}`);
      const allowed = MOVES[order.type]?.[order.status] ?? [];
      if (!allowed.includes(status))
        throw new Error(`Mercado Pago never moves a ${order.type} order from ${order.status} to ${status}`);
      setStatus(
        order,
        status,
        status === "canceled" && order.type === "point" ? "canceled_on_terminal" : undefined,
      );
      return orderNotification(order);
    },
    sendOrderWebhook(orderId, options = {}) {
      const order = orders.get(orderId);
      if (!order) throw new Error(`the fake has no order ${orderId}`);
      return deliverOrder(orderId, options.status ?? order.status, options.badSignature);
    },
    async payPreference(preferenceId, options = {}) {
      const pref = preferences.get(preferenceId);
      if (!pref) throw new Error(`the fake has no preference ${preferenceId}`);
      const id = 90_000_000_000 + nextNumber++;
      payments.set(String(id), {
        id,
        status: "approved",
        transaction_amount: (options.amount ?? pref.amount) / 100,
        external_reference: pref.external_reference,
      });
      return { paymentId: String(id), delivery: await deliverPayment(String(id)) };
    },
    sendPaymentWebhook(paymentId, options = {}) {
      if (!payments.has(paymentId)) throw new Error(`the fake has no payment ${paymentId}`);
      return deliverPayment(paymentId, options.badSignature);
    },
    checkoutUrl(initPoint) {
      const parsed = new URL(initPoint);
      return `${baseUrl}${parsed.pathname}${parsed.search}`;
    },
    addTerminal({ id, storeId, posId, operatingMode = "PDV" }) {
      terminals.push({
        id,
        store_id: storeId,
        ...(posId ? { pos_id: posId } : {}),
        operating_mode: operatingMode,
      });
    },
    holdReads(on) {
      heldReads = on ? new Map([...orders].map(([id, o]) => [id, structuredClone(o)])) : null;
    },
    loseNextAnswer(count = 1) {
      answersToLose = count;
    },
    order: (orderId) => orders.get(orderId),
    orders: () => [...orders.values()],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return api;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** A string shaped like MP's EMVCo qr_data (the till only draws it; nobody scans the fake's). */
function emvcoLike(orderId: string, amount: string): string {
  const merchant = `0016COM.MERCADOLIBRE0126${orderId.slice(0, 26).padEnd(26, "0")}`;
  return `00020101021243${String(merchant.length).padStart(2, "0")}${merchant}5204970053030325404${amount.length.toString().padStart(2, "0")}${amount}5802AR6304ABCD`;
}
