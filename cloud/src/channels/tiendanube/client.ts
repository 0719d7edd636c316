import {
  centavosOf,
  ChannelError,
  type ChannelClient,
  type ChannelOAuth,
  type ChannelTokens,
  decimalString,
  type RemoteListing,
  type RemoteOrder,
} from "../channel-client.js";
import { channelCall, idText, isRecord, postToken, type TokenSource } from "../http.js";

/** The Tiendanube app the platform registered (Partners → Aplicaciones). */
export interface TiendanubeApp {
  appId: string;
  clientSecret: string;
  /** https://api.tiendanube.com/v1 (tests: the fake). The store id is appended. */
  apiUrl: string;
  /** https://www.tiendanube.com/apps (authorize page and token endpoint). */
  authUrl: string;
}

/** Tiendanube's OAuth: authorization code only; tokens do not expire (no refresh). */
export function tiendanubeOAuth(app: TiendanubeApp): ChannelOAuth {
  return {
    authorizeUrl: (state) => `${app.authUrl}/${app.appId}/authorize?state=${encodeURIComponent(state)}`,
    async exchangeCode(code): Promise<ChannelTokens> {
      const body = await postToken(
        `${app.authUrl}/authorize/token`,
        { client_id: app.appId, client_secret: app.clientSecret, grant_type: "authorization_code", code },
        true,
      );
      const accountId = isRecord(body) ? idText(body.user_id) : "";
      if (!isRecord(body) || typeof body.access_token !== "string" || !/^[0-9]+$/.test(accountId))
        throw new ChannelError("invalid", "Tiendanube respondió un token que no se entiende");
      return { accessToken: body.access_token, refreshToken: null, expiresAt: null, accountId };
    },
    refresh(): Promise<ChannelTokens> {
      return Promise.reject(
        new ChannelError("unauthorized", "Tiendanube rechazó la autorización: volvé a conectar la tienda"),
      );
    },
  };
}

const localized = (v: unknown): string => {
  if (typeof v === "string") return v;
  if (isRecord(v)) {
    const text = v.es ?? Object.values(v).find((x) => typeof x === "string");
    return typeof text === "string" ? text : "";
  }
  return "";
};

/** Tiendanube's REST API for one store (docs: tiendanube.github.io/api-documentation). */
export function tiendanubeClient(app: TiendanubeApp, storeId: string, tokens: TokenSource): ChannelClient {
  const call = (method: "GET" | "POST" | "PUT", path: string, body?: unknown) =>
    channelCall(
      "tiendanube",
      `${app.apiUrl}/${storeId}`,
      // Tiendanube documents `Authentication: bearer` and requires a User-Agent naming the app.
      (token) => ({ authentication: `bearer ${token}`, "user-agent": `Mostrador (${app.appId})` }),
      tokens,
      body === undefined ? { method, path } : { method, path, body },
    );
  return {
    channel: "tiendanube",
    async listListings() {
      const listings: RemoteListing[] = [];
      for (let page = 1; page <= 50; page++) {
        const products = await call("GET", `/products?page=${page}&per_page=200`);
        if (!Array.isArray(products))
          throw new ChannelError("invalid", "Tiendanube respondió una lista de productos que no se entiende");
        for (const p of products) {
          if (!isRecord(p) || !Array.isArray(p.variants)) continue;
          const name = localized(p.name);
          for (const v of p.variants) {
            if (!isRecord(v)) continue;
            const values = Array.isArray(v.values) ? v.values.map(localized).filter(Boolean) : [];
            const pid = idText(p.id);
            const vid = idText(v.id);
            if (!pid || !vid) continue;
            listings.push({
              remoteProductId: pid,
              remoteVariantId: vid,
              sku: typeof v.sku === "string" && v.sku !== "" ? v.sku : null,
              title: (values.length ? `${name} — ${values.join(" / ")}` : name).slice(0, 300),
            });
          }
        }
        if (products.length < 200) break;
      }
      return listings;
    },
    async pushListings(updates) {
      // One PUT per variant (the documented, stable endpoint); the worker caps calls per cycle to stay
      // inside the store's bucket (2 requests/s).
      for (const u of updates)
        await call("PUT", `/products/${u.remoteProductId}/variants/${u.remoteVariantId}`, {
          stock: u.stock,
          price: decimalString(u.price),
        });
    },
    async readOrders(resource) {
      const id = resource.replace(/^\/?orders\//, "");
      if (!/^[0-9]{1,20}$/.test(id))
        throw new ChannelError("invalid", `El aviso de Tiendanube nombra un pedido inválido (${id})`);
      return [orderOf(await call("GET", `/orders/${id}`))];
    },
    async subscribeOrders(url) {
      for (const event of ["order/created", "order/paid", "order/updated", "order/cancelled"])
        await call("POST", "/webhooks", { event, url });
    },
    async fulfilOrder(remoteOrderId) {
      if (!/^[0-9]{1,20}$/.test(remoteOrderId))
        throw new ChannelError("invalid", `El pedido de Tiendanube ${remoteOrderId} no es válido`);
      await call("POST", `/orders/${remoteOrderId}/fulfill`, { notify_customer: true });
    },
  };
}

function orderOf(o: unknown): RemoteOrder {
  if (!isRecord(o) || !idText(o.id) || !Array.isArray(o.products))
    throw new ChannelError("invalid", "Tiendanube respondió un pedido que no se entiende");
  const total = centavosOf(o.total);
  const placedAt = new Date(typeof o.created_at === "string" ? o.created_at : NaN);
  if (Number.isNaN(total) || Number.isNaN(placedAt.getTime()))
    throw new ChannelError("invalid", "Tiendanube respondió un pedido sin total o fecha válidos");
  const customer = isRecord(o.customer) ? o.customer : {};
  return {
    remoteOrderId: idText(o.id),
    packId: null,
    number: String(o.number ?? o.id).slice(0, 40),
    // A refund or a voided payment without the order cancelled still means nothing is to be prepared.
    status:
      o.status === "cancelled" || o.payment_status === "refunded" || o.payment_status === "voided"
        ? "cancelled"
        : o.payment_status === "paid"
          ? "paid"
          : "open",
    buyerName: String(customer.name ?? o.contact_name ?? "").slice(0, 200),
    total,
    placedAt,
    lines: o.products.filter(isRecord).map((l) => {
      const unitPrice = centavosOf(l.price);
      const quantity = Number(l.quantity);
      if (Number.isNaN(unitPrice) || !Number.isInteger(quantity) || quantity <= 0)
        throw new ChannelError("invalid", "Tiendanube respondió una línea de pedido que no se entiende");
      return {
        remoteProductId: idText(l.product_id),
        remoteVariantId: idText(l.variant_id),
        sku: typeof l.sku === "string" && l.sku !== "" ? l.sku : null,
        title: localized(l.name).slice(0, 300),
        quantity,
        unitPrice,
      };
    }),
  };
}
