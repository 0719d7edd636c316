/**
 * What the channels module needs from Tiendanube and from Mercado Libre, in one shape: the real HTTP
 * clients (tiendanube/client.ts, mercadolibre/client.ts) and the local fakes (test-support/) both fit it,
 * so every test runs the real client against a real HTTP server.
 */

export type ChannelName = "tiendanube" | "mercadolibre";

export const CHANNEL_LABEL: Record<ChannelName, string> = {
  tiendanube: "Tiendanube",
  mercadolibre: "Mercado Libre",
};

/** Tokens as the channel's OAuth answered them. */
export interface ChannelTokens {
  accessToken: string;
  /** Mercado Libre only (single use: each refresh answers a new one). */
  refreshToken: string | null;
  /** null: the token does not expire (Tiendanube). */
  expiresAt: Date | null;
  /** Tiendanube's store id / Mercado Libre's seller user_id, as text (ids beyond 2^53 exist). */
  accountId: string;
}

/** The channel's OAuth 2 authorization-code flow. */
export interface ChannelOAuth {
  authorizeUrl(state: string, redirectUri: string): string;
  exchangeCode(code: string, redirectUri: string): Promise<ChannelTokens>;
  /** Throws ChannelError "unauthorized" when the channel has no refresh (Tiendanube) or refuses it. */
  refresh(refreshToken: string): Promise<ChannelTokens>;
}

/** One sellable listing on the channel: a Tiendanube variant, a Mercado Libre item or variation. */
export interface RemoteListing {
  remoteProductId: string;
  /** "" for a Mercado Libre item without variations. */
  remoteVariantId: string;
  sku: string | null;
  /** The product's name plus the variant's values ("Remera — Talle M"). */
  title: string;
}

/** What one push sets on a listing. Stock in units; price in centavos (IVA included). */
export interface ListingUpdate {
  remoteProductId: string;
  remoteVariantId: string;
  stock: number;
  price: number;
}

/** An order line as the channel sold it. */
export interface RemoteOrderLine {
  remoteProductId: string;
  remoteVariantId: string;
  sku: string | null;
  title: string;
  quantity: number;
  /** Centavos. */
  unitPrice: number;
}

export interface RemoteOrder {
  remoteOrderId: string;
  /** Mercado Libre's pack (a cart of several orders), else null. */
  packId: string | null;
  number: string;
  status: "open" | "paid" | "cancelled";
  buyerName: string;
  /** Centavos. */
  total: number;
  placedAt: Date;
  lines: RemoteOrderLine[];
}

/** The channel's API for one connected account. Each call carries the current token (see tokens.ts). */
export interface ChannelClient {
  readonly channel: ChannelName;
  listListings(): Promise<RemoteListing[]>;
  /**
   * Sets stock and price. `allOfItem`: Mercado Libre deletes variations left out of an item's PUT, so
   * the caller passes every variation id of each item it touches (those without an update are sent by
   * id only, unchanged). Tiendanube ignores it.
   */
  pushListings(updates: ListingUpdate[], allOfItem: Map<string, string[]>): Promise<void>;
  /**
   * The orders a webhook's resource names, re-read from the API: one order (Tiendanube; Mercado Libre
   * /orders/{id}) or every order of a Mercado Libre pack.
   */
  readOrders(resource: string): Promise<RemoteOrder[]>;
  /** Subscribes the order webhooks to `url` (Tiendanube: POST /webhooks; Mercado Libre: app settings). */
  subscribeOrders(url: string): Promise<void>;
  /**
   * Tells the channel the store prepared the order (it became sale `saleNumber` at the till): Tiendanube
   * `POST /orders/{id}/fulfill` (the order is marked fulfilled and the buyer told); Mercado Libre, whose
   * shipping is Mercado Envíos', a seller note on the order (`POST /orders/{id}/notes`, up to 300 chars).
   */
  fulfilOrder(remoteOrderId: string, saleNumber: string): Promise<void>;
}

export type ChannelFailure = "unauthorized" | "rate_limited" | "not_found" | "invalid" | "unavailable";

/** A call the channel refused or failed; `message` is Spanish, for the sync log. */
export class ChannelError extends Error {
  override name = "ChannelError";
  constructor(
    readonly failure: ChannelFailure,
    message: string,
    /** rate_limited: the Retry-After the channel asked for. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}

/** Centavos → "1999.90" (Tiendanube's decimal strings) and → 1999.9 (Mercado Libre's numbers). */
export const decimalString = (centavos: number): string => (centavos / 100).toFixed(2);
export const decimalNumber = (centavos: number): number => Math.round(centavos) / 100;
/** A channel's decimal price ("1999.90" or 1999.9) → centavos; NaN when it is not a price. */
export function centavosOf(value: unknown): number {
  const n = typeof value === "number" ? value : typeof value === "string" ? Number(value) : NaN;
  return Number.isFinite(n) && n >= 0 ? Math.round(n * 100) : NaN;
}
