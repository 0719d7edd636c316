import { randomBytes } from "node:crypto";
import {
  authorizePage,
  failureAnswer,
  type FakeCall,
  type ScriptedFailure,
  startFakeServer,
} from "./fake-server.js";

/**
 * A local Mercado Libre built to its documented wire format: the authorization page, POST /oauth/token
 * (form-encoded; 6-hour access tokens; single-use refresh tokens), the seller's items (with variations:
 * a PUT that leaves a variation out DELETES it, as the real API does), /orders and /packs, and
 * notifications `{_id, resource, user_id, topic, application_id, attempts, sent, received}` posted
 * unsigned to the application's callback, with application_id beyond 2^53 written as a bare number.
 */
export interface FakeMlVariation {
  id: number;
  seller_custom_field: string | null;
  attribute_combinations: { name: string; value_name: string }[];
  price: number;
  available_quantity: number;
}
export interface FakeMlItem {
  id: string;
  title: string;
  seller_custom_field: string | null;
  price: number;
  available_quantity: number;
  variations: FakeMlVariation[];
}

export async function startFakeMercadoLibre(options: {
  /** Digits beyond 2^53, as real application ids are. */
  appId: string;
  clientSecret: string;
  redirectUri: string;
  now: () => Date;
}) {
  const sellerId = String(100_000_000 + Math.floor(Math.random() * 800_000_000));
  const codes = new Set<string>();
  const access = new Map<string, number>(); // token → expires (ms)
  const refreshTokens = new Set<string>();
  const items: FakeMlItem[] = [];
  const orders = new Map<string, Record<string, unknown>>();
  /** Seller notes posted on orders, in order. */
  const notes: { id: string; orderId: string; note: string }[] = [];
  const packs = new Map<string, string[]>();
  const failures: ScriptedFailure[] = [];
  const grants: string[] = [];
  let callbackUrl: string | null = null;
  let nextId = 2_000_000_001;
  let nextVar = 170_000_000_01;

  const issue = () => {
    const token = `APP_USR-${randomBytes(16).toString("hex")}`;
    const refresh = `TG-${randomBytes(16).toString("hex")}`;
    access.set(token, options.now().getTime() + 21_600_000);
    refreshTokens.add(refresh);
    return {
      access_token: token,
      token_type: "Bearer",
      expires_in: 21600,
      scope: "offline_access read write",
      user_id: Number(sellerId),
      refresh_token: refresh,
    };
  };
  const authorized = (call: FakeCall) => {
    const token = String(call.headers.authorization ?? "").replace(/^Bearer\s+/, "");
    const expires = access.get(token);
    return expires !== undefined && expires > options.now().getTime();
  };
  const item = (id: string) => items.find((i) => i.id === id);

  const server = await startFakeServer((call) => {
    let r: RegExpExecArray | null;
    if (call.method === "GET" && call.path === "/authorization") {
      if (call.query.get("client_id") !== options.appId)
        return { status: 400, html: "<p>client_id inválido</p>" };
      const code = `TG-${randomBytes(12).toString("hex")}`;
      codes.add(code);
      const back = `${call.query.get("redirect_uri")}?code=${code}&state=${encodeURIComponent(call.query.get("state") ?? "")}`;
      return { status: 200, html: authorizePage("Mostrador", back) };
    }
    if (call.method === "POST" && call.path === "/oauth/token") {
      const form = new URLSearchParams(call.text);
      grants.push(form.get("grant_type") ?? "");
      if (form.get("client_id") !== options.appId || form.get("client_secret") !== options.clientSecret)
        return { status: 401, body: { error: "invalid_client", status: 401 } };
      if (form.get("grant_type") === "authorization_code") {
        if (!codes.delete(form.get("code") ?? "") || form.get("redirect_uri") !== options.redirectUri)
          return { status: 400, body: { error: "invalid_grant", status: 400 } };
        return { status: 200, body: issue() };
      }
      if (form.get("grant_type") === "refresh_token") {
        if (!refreshTokens.delete(form.get("refresh_token") ?? ""))
          return {
            status: 400,
            body: { error: "invalid_grant", message: "the refresh_token was used", status: 400 },
          };
        return { status: 200, body: issue() };
      }
      return { status: 400, body: { error: "unsupported_grant_type", status: 400 } };
    }
    if (!authorized(call))
      return { status: 401, body: { message: "invalid access token", error: "unauthorized", status: 401 } };
    const failure = failures.shift();
    if (failure) return failureAnswer(failure);
    if (call.method === "GET" && (r = /^\/users\/(\d+)\/items\/search$/.exec(call.path))) {
      if (r[1] !== sellerId) return { status: 403, body: { message: "forbidden", status: 403 } };
      const offset = Number(call.query.get("offset") ?? 0);
      const limit = Number(call.query.get("limit") ?? 50);
      return {
        status: 200,
        body: {
          seller_id: sellerId,
          results: items.slice(offset, offset + limit).map((i) => i.id),
          paging: { total: items.length, offset, limit },
        },
      };
    }
    if (call.method === "GET" && call.path === "/items") {
      const ids = (call.query.get("ids") ?? "").split(",");
      return {
        status: 200,
        body: ids.map((id) =>
          item(id) ? { code: 200, body: item(id) } : { code: 404, body: { message: "not found" } },
        ),
      };
    }
    if (call.method === "PUT" && (r = /^\/items\/(\w+)$/.exec(call.path))) {
      const it = item(r[1]!);
      if (!it) return { status: 404, body: { message: "item not found", status: 404 } };
      const body = JSON.parse(call.text) as {
        price?: number;
        available_quantity?: number;
        variations?: { id: number; price?: number; available_quantity?: number }[];
      };
      if (body.variations) {
        const kept: FakeMlVariation[] = [];
        for (const v of body.variations) {
          const existing = it.variations.find((x) => x.id === v.id);
          if (!existing)
            return {
              status: 400,
              body: { message: `variation ${v.id} not found`, error: "validation_error", status: 400 },
            };
          if (v.price !== undefined) existing.price = v.price;
          if (v.available_quantity !== undefined) existing.available_quantity = v.available_quantity;
          kept.push(existing);
        }
        it.variations = kept; // omitted variations are deleted
      } else {
        if (body.price !== undefined) it.price = body.price;
        if (body.available_quantity !== undefined) it.available_quantity = body.available_quantity;
      }
      return { status: 200, body: it };
    }
    if (call.method === "GET" && (r = /^\/orders\/(\d+)$/.exec(call.path))) {
      const o = orders.get(r[1]!);
      return o
        ? { status: 200, body: o }
        : { status: 404, body: { message: "Order not found", error: "not_found", status: 404 } };
    }
    // Order notes (developers.mercadolibre.com.ar "Notas en órdenes"): {note} of up to 300 characters.
    if (call.method === "POST" && (r = /^\/orders\/(\d+)\/notes$/.exec(call.path))) {
      if (!orders.has(r[1]!))
        return { status: 404, body: { message: "Order not found", error: "not_found", status: 404 } };
      const body = JSON.parse(call.text) as { note?: unknown };
      if (typeof body.note !== "string" || body.note.length === 0 || body.note.length > 300)
        return { status: 400, body: { message: "note is invalid", error: "bad_request", status: 400 } };
      const note = { id: `note-${notes.length + 1}`, orderId: r[1]!, note: body.note };
      notes.push(note);
      return {
        status: 201,
        body: { note: { id: note.id, note: note.note, date_created: new Date().toISOString() } },
      };
    }
    if (call.method === "GET" && (r = /^\/packs\/(\d+)$/.exec(call.path))) {
      const ids = packs.get(r[1]!);
      return ids
        ? {
            status: 200,
            body: { id: Number(r[1]), status: "paid", orders: ids.map((id) => ({ id: Number(id) })) },
          }
        : { status: 404, body: { message: "Pack not found", status: 404 } };
    }
    return { status: 404, body: { message: "not found", status: 404 } };
  });

  async function notify(
    resource: string,
    opts: { applicationId?: string; userId?: string } = {},
  ): Promise<number | null> {
    if (!callbackUrl) return null;
    const now = options.now().toISOString();
    // Written by hand: application_id is a bare number beyond 2^53, as Mercado Libre sends it.
    const compact = `{"_id":"${randomBytes(8).toString("hex")}","resource":"${resource}","user_id":${opts.userId ?? sellerId},"topic":"orders_v2","application_id":${opts.applicationId ?? options.appId},"attempts":1,"sent":"${now}","received":"${now}"}`;
    // Pretty-printed, as the documentation's examples show it: the cloud must not refuse line breaks.
    const raw = compact.replace("{", "{\n  ").replaceAll(',"', ',\n  "').replace(/}$/, "\n}");
    const res = await fetch(callbackUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: raw,
    });
    await res.text();
    return res.status;
  }

  return {
    url: server.url,
    sellerId,
    notes,
    calls: server.calls,
    items,
    grants,
    setCallback(url: string) {
      callbackUrl = url;
    },
    addItem(
      title: string,
      opts: {
        sku?: string;
        price: number;
        stock: number;
        variations?: { sku: string | null; value: string; stock: number }[];
      },
    ) {
      const it: FakeMlItem = {
        id: `MLA${nextId++}`,
        title,
        seller_custom_field: opts.sku ?? null,
        price: opts.price / 100,
        available_quantity: opts.stock,
        variations: (opts.variations ?? []).map((v) => ({
          id: nextVar++,
          seller_custom_field: v.sku,
          attribute_combinations: [{ name: "Talle", value_name: v.value }],
          price: opts.price / 100,
          available_quantity: v.stock,
        })),
      };
      items.push(it);
      return it;
    },
    item,
    failNext(f: ScriptedFailure) {
      failures.push(f);
    },
    /** Every access token stops working now (as if 6 hours went by for the fake only). */
    expireTokens() {
      for (const t of access.keys()) access.set(t, 0);
    },
    /** A buyer pays: stock goes down here and the order (or, for a cart, the pack) is notified. */
    async placeOrder(
      lines: { itemId: string; variationId?: number; quantity: number }[],
      opts: { pack?: boolean } = {},
    ) {
      const ids: string[] = [];
      for (const l of lines) {
        const it = item(l.itemId)!;
        const v = l.variationId ? it.variations.find((x) => x.id === l.variationId)! : null;
        if (v) v.available_quantity -= l.quantity;
        else it.available_quantity -= l.quantity;
        const id = String(nextId++);
        ids.push(id);
        orders.set(id, {
          id: Number(id),
          status: "paid",
          date_created: "2026-03-02T09:00:00.000-03:00",
          total_amount: (v?.price ?? it.price) * l.quantity,
          currency_id: "ARS",
          buyer: { id: 999, nickname: "COMPRADOR1", first_name: "Juan", last_name: "Pérez" },
          order_items: [
            {
              item: {
                id: it.id,
                title: it.title,
                variation_id: v?.id ?? null,
                seller_sku: v?.seller_custom_field ?? it.seller_custom_field,
              },
              quantity: l.quantity,
              unit_price: v?.price ?? it.price,
              currency_id: "ARS",
            },
          ],
        });
      }
      if (opts.pack) {
        const packId = String(nextId++);
        packs.set(packId, ids);
        for (const id of ids) orders.get(id)!.pack_id = Number(packId);
        return { ids, resource: `/orders/${packId}` };
      }
      return { ids, resource: `/orders/${ids[0]}` };
    },
    cancelOrder(id: string) {
      const o = orders.get(id);
      if (o) o.status = "cancelled";
    },
    notify,
    close: server.close,
  };
}
export type FakeMercadoLibre = Awaited<ReturnType<typeof startFakeMercadoLibre>>;
