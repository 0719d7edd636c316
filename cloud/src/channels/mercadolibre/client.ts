import {
  centavosOf,
  ChannelError,
  type ChannelClient,
  type ChannelOAuth,
  type ChannelTokens,
  decimalNumber,
  type ListingUpdate,
  type RemoteListing,
  type RemoteOrder,
} from "../channel-client.js";
import { channelCall, idText, isRecord, postToken, type TokenSource } from "../http.js";

/** The Mercado Libre application the platform registered (developers.mercadolibre.com.ar → Mis aplicaciones). */
export interface MercadoLibreApp {
  /** The application's id (client_id). Notifications carry it as application_id, beyond 2^53: text. */
  appId: string;
  clientSecret: string;
  /** https://api.mercadolibre.com (tests: the fake). */
  apiUrl: string;
  /** https://auth.mercadolibre.com.ar (the authorize page). */
  authUrl: string;
}

function tokensOf(body: unknown, now: Date): ChannelTokens {
  const accountId = isRecord(body) ? idText(body.user_id) : "";
  if (
    !isRecord(body) ||
    typeof body.access_token !== "string" ||
    typeof body.refresh_token !== "string" ||
    typeof body.expires_in !== "number" ||
    !/^[0-9]+$/.test(accountId)
  )
    throw new ChannelError("invalid", "Mercado Libre respondió un token que no se entiende");
  return {
    accessToken: body.access_token,
    refreshToken: body.refresh_token,
    expiresAt: new Date(now.getTime() + body.expires_in * 1000),
    accountId,
  };
}

/** Mercado Libre's OAuth: authorization code, 6-hour tokens, single-use refresh tokens. */
export function mercadoLibreOAuth(app: MercadoLibreApp, now: () => Date): ChannelOAuth {
  return {
    authorizeUrl: (state, redirectUri) =>
      `${app.authUrl}/authorization?response_type=code&client_id=${encodeURIComponent(app.appId)}` +
      `&redirect_uri=${encodeURIComponent(redirectUri)}&state=${encodeURIComponent(state)}`,
    async exchangeCode(code, redirectUri) {
      const body = await postToken(
        `${app.apiUrl}/oauth/token`,
        {
          grant_type: "authorization_code",
          client_id: app.appId,
          client_secret: app.clientSecret,
          code,
          redirect_uri: redirectUri,
        },
        false,
      );
      return tokensOf(body, now());
    },
    async refresh(refreshToken) {
      const body = await postToken(
        `${app.apiUrl}/oauth/token`,
        {
          grant_type: "refresh_token",
          client_id: app.appId,
          client_secret: app.clientSecret,
          refresh_token: refreshToken,
        },
        false,
      );
      return tokensOf(body, now());
    },
  };
}

const skuOf = (thing: Record<string, unknown>): string | null => {
  const attrs = Array.isArray(thing.attributes) ? thing.attributes.filter(isRecord) : [];
  const sellerSku = attrs.find((a) => a.id === "SELLER_SKU")?.value_name;
  const sku = typeof sellerSku === "string" ? sellerSku : thing.seller_custom_field;
  return typeof sku === "string" && sku !== "" ? sku.slice(0, 100) : null;
};

/** Mercado Libre's REST API for one seller (docs: developers.mercadolibre.com.ar). */
export function mercadoLibreClient(
  app: MercadoLibreApp,
  sellerId: string,
  tokens: TokenSource,
): ChannelClient {
  const call = (method: "GET" | "POST" | "PUT", path: string, body?: unknown) =>
    channelCall(
      "mercadolibre",
      app.apiUrl,
      (token) => ({ authorization: `Bearer ${token}` }),
      tokens,
      body === undefined ? { method, path } : { method, path, body },
    );
  const readOrder = async (id: string): Promise<RemoteOrder> => orderOf(await call("GET", `/orders/${id}`));
  return {
    channel: "mercadolibre",
    async listListings() {
      const ids: string[] = [];
      for (let offset = 0; offset < 5000; offset += 50) {
        const page = await call("GET", `/users/${sellerId}/items/search?offset=${offset}&limit=50`);
        if (!isRecord(page) || !Array.isArray(page.results))
          throw new ChannelError(
            "invalid",
            "Mercado Libre respondió una lista de publicaciones que no se entiende",
          );
        ids.push(...page.results.map(idText).filter(Boolean));
        if (page.results.length < 50) break;
      }
      const listings: RemoteListing[] = [];
      // Multiget: at most 20 ids per call.
      for (let i = 0; i < ids.length; i += 20) {
        const answers = await call("GET", `/items?ids=${ids.slice(i, i + 20).join(",")}`);
        if (!Array.isArray(answers))
          throw new ChannelError("invalid", "Mercado Libre respondió publicaciones que no se entienden");
        for (const a of answers) {
          if (!isRecord(a) || a.code !== 200 || !isRecord(a.body)) continue;
          const item = a.body;
          const itemId = idText(item.id);
          const title = typeof item.title === "string" ? item.title : itemId;
          const variations = Array.isArray(item.variations) ? item.variations.filter(isRecord) : [];
          if (variations.length === 0) {
            listings.push({
              remoteProductId: itemId,
              remoteVariantId: "",
              sku: skuOf(item),
              title: title.slice(0, 300),
            });
            continue;
          }
          for (const v of variations) {
            const combo = Array.isArray(v.attribute_combinations)
              ? v.attribute_combinations
                  .filter(isRecord)
                  .map((c) => `${String(c.name)} ${String(c.value_name)}`)
              : [];
            listings.push({
              remoteProductId: itemId,
              remoteVariantId: idText(v.id),
              sku: skuOf(v),
              title: `${title} — ${combo.join(" / ")}`.slice(0, 300),
            });
          }
        }
      }
      return listings;
    },
    async pushListings(updates, allOfItem) {
      const byItem = new Map<string, ListingUpdate[]>();
      for (const u of updates) byItem.set(u.remoteProductId, [...(byItem.get(u.remoteProductId) ?? []), u]);
      for (const [itemId, items] of byItem) {
        const plain = items.find((u) => u.remoteVariantId === "");
        if (plain) {
          await call("PUT", `/items/${itemId}`, {
            available_quantity: plain.stock,
            price: decimalNumber(plain.price),
          });
          continue;
        }
        // Variations left out of the array are DELETED by Mercado Libre: every id of the item goes,
        // those without a new figure by id only (unchanged).
        const given = new Map(items.map((u) => [u.remoteVariantId, u]));
        const every = new Set([...(allOfItem.get(itemId) ?? []), ...given.keys()]);
        const variations = [...every].map((id) => {
          const u = given.get(id);
          return u
            ? { id: Number(id), available_quantity: u.stock, price: decimalNumber(u.price) }
            : { id: Number(id) };
        });
        await call("PUT", `/items/${itemId}`, { variations });
      }
    },
    async readOrders(resource) {
      const id = resource.replace(/^\/?(orders|packs)\//, "");
      if (!/^[0-9]{1,20}$/.test(id))
        throw new ChannelError(
          "invalid",
          `El aviso de Mercado Libre nombra un recurso inválido (${resource})`,
        );
      // The resource can be a pack (a cart of several orders), not an order: resolve it to its orders.
      if (resource.includes("/packs/")) return readPack(id);
      try {
        return [await readOrder(id)];
      } catch (err) {
        if (err instanceof ChannelError && err.failure === "not_found") return readPack(id);
        throw err;
      }
    },
    async subscribeOrders() {
      // Mercado Libre's notifications are set once in the application (callback URL, topic orders_v2).
    },
    async fulfilOrder(remoteOrderId, saleNumber) {
      if (!/^[0-9]{1,20}$/.test(remoteOrderId))
        throw new ChannelError("invalid", `El pedido de Mercado Libre ${remoteOrderId} no es válido`);
      await call("POST", `/orders/${remoteOrderId}/notes`, {
        note: `Preparado en el local: venta ${saleNumber}`.slice(0, 300),
      });
    },
  };
  async function readPack(id: string): Promise<RemoteOrder[]> {
    const pack = await call("GET", `/packs/${id}`);
    if (!isRecord(pack) || !Array.isArray(pack.orders))
      throw new ChannelError("invalid", "Mercado Libre respondió un carrito (pack) que no se entiende");
    const orders: RemoteOrder[] = [];
    for (const o of pack.orders) if (isRecord(o) && idText(o.id)) orders.push(await readOrder(idText(o.id)));
    return orders;
  }
}

function orderOf(o: unknown): RemoteOrder {
  if (!isRecord(o) || !idText(o.id) || !Array.isArray(o.order_items))
    throw new ChannelError("invalid", "Mercado Libre respondió un pedido que no se entiende");
  const total = centavosOf(o.total_amount);
  const placedAt = new Date(typeof o.date_created === "string" ? o.date_created : NaN);
  if (Number.isNaN(total) || Number.isNaN(placedAt.getTime()))
    throw new ChannelError("invalid", "Mercado Libre respondió un pedido sin total o fecha válidos");
  const buyer = isRecord(o.buyer) ? o.buyer : {};
  const name = [buyer.first_name, buyer.last_name].filter((x) => typeof x === "string").join(" ");
  return {
    remoteOrderId: idText(o.id),
    packId: idText(o.pack_id) || null,
    number: idText(o.id),
    // "invalid" is an order Mercado Libre annulled (a fraud check): nothing to prepare, like a cancelled one.
    status:
      o.status === "cancelled" || o.status === "invalid"
        ? "cancelled"
        : o.status === "paid"
          ? "paid"
          : "open",
    buyerName: (name || String(buyer.nickname ?? "")).slice(0, 200),
    total,
    placedAt,
    lines: o.order_items.filter(isRecord).map((l) => {
      const item = isRecord(l.item) ? l.item : {};
      const unitPrice = centavosOf(l.unit_price);
      const quantity = Number(l.quantity);
      if (Number.isNaN(unitPrice) || !Number.isInteger(quantity) || quantity <= 0)
        throw new ChannelError("invalid", "Mercado Libre respondió una línea de pedido que no se entiende");
      return {
        remoteProductId: idText(item.id),
        remoteVariantId: idText(item.variation_id),
        sku: typeof item.seller_sku === "string" && item.seller_sku !== "" ? item.seller_sku : null,
        title: String(item.title ?? "").slice(0, 300),
        quantity,
        unitPrice,
      };
    }),
  };
}
