import { type Static, Type } from "@sinclair/typebox";
import { Closed, Instant, Int, Nullable } from "./fields.js";

/**
 * Online channels in the cloud (cloud/src/channels/): a store's Tiendanube store and Mercado Libre
 * seller, the links of its products to their listings, the push settings and the sync log. The
 * dashboard's "Canales" screens import these; the routes validate with them.
 */

export const CHANNELS = ["tiendanube", "mercadolibre"] as const;
export const ChannelSchema = Type.Union([Type.Literal("tiendanube"), Type.Literal("mercadolibre")]);
export type Channel = Static<typeof ChannelSchema>;

export const StalePolicySchema = Type.Union([
  Type.Literal("cap"),
  Type.Literal("pause"),
  Type.Literal("none"),
]);

const Uuid = Type.String({ format: "uuid" });
const RemoteId = Type.String({ minLength: 1, maxLength: 40, pattern: "^[A-Za-z0-9_-]+$" });

/** POST /v1/channels/connect: where to send the owner to authorize. */
export const ConnectBody = Type.Object({ storeId: Uuid, channel: ChannelSchema }, Closed);
export type ConnectBody = Static<typeof ConnectBody>;
export const ConnectAnswer = Type.Object({ authorizeUrl: Type.String() }, Closed);
export type ConnectAnswer = Static<typeof ConnectAnswer>;

export const ConnectionView = Type.Object(
  {
    id: Type.String(),
    storeId: Type.String(),
    channel: ChannelSchema,
    accountId: Type.String(),
    status: Type.Union([Type.Literal("active"), Type.Literal("needs_reconnect")]),
    safetyMargin: Int,
    /** Basis points: 1500 = +15 %. */
    markupBp: Int,
    stalePolicy: StalePolicySchema,
    staleMinutes: Int,
    staleCap: Int,
    staleSince: Nullable(Instant),
    pausedUntil: Nullable(Instant),
    pendingPushes: Int,
    unmappedListings: Int,
  },
  Closed,
);
export type ConnectionView = Static<typeof ConnectionView>;

/** GET /v1/channels */
export const ChannelsAnswer = Type.Object(
  {
    /** Which channels this cloud has an app registered for. */
    available: Type.Object({ tiendanube: Type.Boolean(), mercadolibre: Type.Boolean() }, Closed),
    connections: Type.Array(ConnectionView),
  },
  Closed,
);
export type ChannelsAnswer = Static<typeof ChannelsAnswer>;

/** PUT /v1/channels/:id/settings */
export const ConnectionSettingsBody = Type.Object(
  {
    safetyMargin: Type.Integer({ minimum: 0, maximum: 100000 }),
    markupBp: Type.Integer({ minimum: -5000, maximum: 50000 }),
    stalePolicy: StalePolicySchema,
    staleMinutes: Type.Integer({ minimum: 5, maximum: 10080 }),
    staleCap: Type.Integer({ minimum: 0, maximum: 100000 }),
  },
  Closed,
);
export type ConnectionSettingsBody = Static<typeof ConnectionSettingsBody>;

/** POST /v1/channels/:id/listings/refresh */
export const RefreshAnswer = Type.Object({ listings: Int, mappedBySku: Int, unmatched: Int }, Closed);
export type RefreshAnswer = Static<typeof RefreshAnswer>;

export const ListingView = Type.Object(
  {
    remoteProductId: Type.String(),
    remoteVariantId: Type.String(),
    sku: Nullable(Type.String()),
    title: Type.String(),
    productId: Nullable(Type.String()),
    productName: Nullable(Type.String()),
    mappedBy: Nullable(Type.Union([Type.Literal("sku"), Type.Literal("hand")])),
    pushedStock: Nullable(Int),
    /** Centavos. */
    pushedPrice: Nullable(Int),
    pushedAt: Nullable(Instant),
  },
  Closed,
);
export type ListingView = Static<typeof ListingView>;

/** GET /v1/channels/:id/mapping: the listings, and the store's products on no listing. */
export const MappingAnswer = Type.Object(
  {
    listings: Type.Array(ListingView),
    unmappedProducts: Type.Array(
      Type.Object({ id: Type.String(), sku: Type.String(), name: Type.String() }, Closed),
    ),
  },
  Closed,
);
export type MappingAnswer = Static<typeof MappingAnswer>;

/** PUT /v1/channels/:id/mapping: link a listing to a product by hand (null unlinks). */
export const MapBody = Type.Object(
  {
    remoteProductId: RemoteId,
    remoteVariantId: Type.String({ maxLength: 40, pattern: "^[A-Za-z0-9_-]*$" }),
    productId: Nullable(Uuid),
  },
  Closed,
);
export type MapBody = Static<typeof MapBody>;

/** PUT /v1/channels/:id/products/:productId: the product's own margin and fixed price on this channel. */
export const ProductChannelBody = Type.Object(
  {
    safetyMargin: Nullable(Type.Integer({ minimum: 0, maximum: 100000 })),
    /** Centavos. */
    fixedPrice: Nullable(Type.Integer({ minimum: 0, maximum: 100000000000 })),
  },
  Closed,
);
export type ProductChannelBody = Static<typeof ProductChannelBody>;

export const SyncLogEntry = Type.Object(
  {
    id: Type.String(),
    at: Instant,
    level: Type.Union([Type.Literal("info"), Type.Literal("error")]),
    message: Type.String(),
    productId: Nullable(Type.String()),
    retriedAt: Nullable(Instant),
  },
  Closed,
);
export type SyncLogEntry = Static<typeof SyncLogEntry>;
export const SyncLogAnswer = Type.Object({ entries: Type.Array(SyncLogEntry) }, Closed);
export type SyncLogAnswer = Static<typeof SyncLogAnswer>;

/** POST /v1/channels/:id/log/:entryId/retry: the entry's product (or every linked one) owed again now. */
export const RetryAnswer = Type.Object({ queued: Int }, Closed);
export type RetryAnswer = Static<typeof RetryAnswer>;

export const ConnectionParams = Type.Object({ id: Uuid }, Closed);
export const LogEntryParams = Type.Object({ id: Uuid, entryId: Uuid }, Closed);
export const ProductParams = Type.Object({ id: Uuid, productId: Uuid }, Closed);
