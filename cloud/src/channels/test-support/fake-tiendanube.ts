import { createHmac, randomBytes } from "node:crypto";
import {
  authorizePage,
  failureAnswer,
  type FakeCall,
  type ScriptedFailure,
  startFakeServer,
} from "./fake-server.js";

/**
 * A local Tiendanube (Nuvemshop) built to its documented wire format: the install/authorize page, the
 * token endpoint (non-expiring tokens, user_id = store id), products with variants (prices as decimal
 * strings), PUT of a variant, orders, webhooks subscribed with POST /webhooks and delivered as
 * `{store_id, event, id}` signed with `x-linkedstore-hmac-sha256` (hex HMAC-SHA256 of the raw body with
 * the app's client secret). Failures and 429s are scripted per call.
 */
export interface FakeTnVariant {
  id: number;
  sku: string | null;
  values: { es: string }[];
  price: string;
  stock: number | null;
}
export interface FakeTnProduct {
  id: number;
  name: { es: string };
  variants: FakeTnVariant[];
}

export async function startFakeTiendanube(options: {
  appId: string;
  clientSecret: string;
  redirectUri: string;
}) {
  const storeId = 1_000_000 + Math.floor(Math.random() * 8_000_000);
  const codes = new Set<string>();
  const tokens = new Set<string>();
  const products: FakeTnProduct[] = [];
  const orders = new Map<number, Record<string, unknown>>();
  const webhooks: { event: string; url: string }[] = [];
  /** Order ids POSTed to /orders/{id}/fulfill, in order (a second POST for the same order shows twice). */
  const fulfilled: number[] = [];
  const failures: ScriptedFailure[] = [];
  let nextId = 500;

  const authorized = (call: FakeCall) => {
    const header = String(call.headers.authentication ?? call.headers.authorization ?? "");
    const token = header.replace(/^bearer\s+/i, "");
    return tokens.has(token);
  };
  const variant = (pid: number, vid: number) =>
    products.find((p) => p.id === pid)?.variants.find((v) => v.id === vid);

  const server = await startFakeServer((call) => {
    const m = (re: RegExp) => re.exec(call.path);
    let r: RegExpExecArray | null;
    if (call.method === "GET" && m(/^\/apps\/(\w+)\/authorize$/)) {
      const code = randomBytes(12).toString("hex");
      codes.add(code);
      const state = call.query.get("state") ?? "";
      return {
        status: 200,
        html: authorizePage(
          "Mostrador",
          `${options.redirectUri}?code=${code}&state=${encodeURIComponent(state)}`,
        ),
      };
    }
    if (call.method === "POST" && call.path === "/apps/authorize/token") {
      const body = JSON.parse(call.text || "{}") as Record<string, string>;
      if (body.client_id !== options.appId || body.client_secret !== options.clientSecret)
        return { status: 401, body: { error: "invalid_client" } };
      if (body.grant_type !== "authorization_code" || !codes.delete(body.code ?? ""))
        return { status: 400, body: { error: "invalid_grant" } };
      const token = randomBytes(20).toString("hex");
      tokens.add(token);
      return {
        status: 200,
        body: {
          access_token: token,
          token_type: "bearer",
          scope: "read_products,write_products,read_orders",
          user_id: storeId,
        },
      };
    }
    if (!(r = m(new RegExp(`^/v1/${storeId}(/.*)$`)))) return { status: 404, body: { message: "Not Found" } };
    const path = r[1]!;
    if (!call.headers["user-agent"]?.includes(options.appId))
      return { status: 400, body: { message: "User-Agent must name the app" } };
    if (!authorized(call)) return { status: 401, body: { code: 401, message: "Invalid access token" } };
    const failure = failures.shift();
    if (failure) return failureAnswer(failure);
    if (call.method === "GET" && path.startsWith("/products")) {
      const page = Number(call.query.get("page") ?? 1);
      const per = Number(call.query.get("per_page") ?? 30);
      return { status: 200, body: products.slice((page - 1) * per, page * per) };
    }
    let p: RegExpExecArray | null;
    if (call.method === "PUT" && (p = /^\/products\/(\d+)\/variants\/(\d+)$/.exec(path))) {
      const v = variant(Number(p[1]), Number(p[2]));
      if (!v) return { status: 404, body: { code: 404, message: "Not Found" } };
      const body = JSON.parse(call.text) as { stock?: number | null; price?: string };
      if (body.price !== undefined && !/^\d+(\.\d{1,2})?$/.test(body.price))
        return {
          status: 422,
          body: { code: 422, message: "Unprocessable Entity", description: { price: ["is invalid"] } },
        };
      if (body.stock !== undefined) v.stock = body.stock;
      if (body.price !== undefined) v.price = body.price;
      return { status: 200, body: v };
    }
    if (call.method === "GET" && (p = /^\/orders\/(\d+)$/.exec(path))) {
      const o = orders.get(Number(p[1]));
      return o ? { status: 200, body: o } : { status: 404, body: { code: 404, message: "Not Found" } };
    }
    // The legacy fulfilment: the order is marked fulfilled (and the buyer told, notify_customer).
    if (call.method === "POST" && (p = /^\/orders\/(\d+)\/fulfill$/.exec(path))) {
      const o = orders.get(Number(p[1]));
      if (!o) return { status: 404, body: { code: 404, message: "Not Found" } };
      if (o.status === "cancelled")
        return {
          status: 422,
          body: { code: 422, message: "Unprocessable Entity", description: "Order is cancelled" },
        };
      o.shipping_status = "fulfilled";
      fulfilled.push(Number(p[1]));
      return { status: 200, body: o };
    }
    if (call.method === "POST" && path === "/webhooks") {
      const body = JSON.parse(call.text) as { event: string; url: string };
      if (/localhost/.test(body.url))
        return { status: 422, body: { message: "url: localhost is not allowed" } };
      webhooks.push(body);
      return { status: 201, body: { id: webhooks.length, ...body } };
    }
    return { status: 404, body: { code: 404, message: "Not Found" } };
  });

  const sign = (raw: string) => createHmac("sha256", options.clientSecret).update(raw).digest("hex");
  async function deliver(event: string, id: number, forge = false): Promise<number | null> {
    const hook = webhooks.find((w) => w.event === event);
    if (!hook) return null;
    const raw = JSON.stringify({ store_id: storeId, event, id });
    const res = await fetch(hook.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-linkedstore-hmac-sha256": forge ? sign(raw + "x") : sign(raw),
      },
      body: raw,
    });
    await res.text();
    return res.status;
  }

  return {
    url: server.url,
    apiUrl: `${server.url}/v1`,
    authUrl: `${server.url}/apps`,
    storeId,
    calls: server.calls,
    products,
    webhooks,
    fulfilled,
    addProduct(
      name: string,
      variants: { sku: string | null; value?: string; price: number; stock: number }[],
    ) {
      const product: FakeTnProduct = {
        id: nextId++,
        name: { es: name },
        variants: variants.map((v) => ({
          id: nextId++,
          sku: v.sku,
          values: v.value ? [{ es: v.value }] : [],
          price: (v.price / 100).toFixed(2),
          stock: v.stock,
        })),
      };
      products.push(product);
      return product;
    },
    variant,
    failNext(f: ScriptedFailure) {
      failures.push(f);
    },
    /** The merchant uninstalls the app: every token stops working. */
    revokeTokens() {
      tokens.clear();
    },
    /** A buyer pays an order: stock goes down here, then the webhooks go out (unordered, as documented). */
    async placeOrder(
      lines: { productId: number; variantId: number; quantity: number }[],
      buyer = "Ana Compradora",
    ) {
      const id = nextId++;
      let total = 0;
      const items = lines.map((l) => {
        const v = variant(l.productId, l.variantId)!;
        if (v.stock !== null) v.stock -= l.quantity;
        total += Number(v.price) * l.quantity;
        const product = products.find((p) => p.id === l.productId)!;
        return {
          product_id: l.productId,
          variant_id: l.variantId,
          sku: v.sku,
          name: product.name.es,
          quantity: l.quantity,
          price: v.price,
        };
      });
      orders.set(id, {
        id,
        number: 100 + orders.size,
        status: "open",
        payment_status: "paid",
        contact_name: buyer,
        customer: { name: buyer },
        total: total.toFixed(2),
        currency: "ARS",
        created_at: "2026-03-02T12:00:00+0000",
        products: items,
      });
      return id;
    },
    cancelOrder(id: number) {
      const o = orders.get(id);
      if (o) o.status = "cancelled";
    },
    deliver,
    close: server.close,
  };
}
export type FakeTiendanube = Awaited<ReturnType<typeof startFakeTiendanube>>;
