import { type Static, Type } from "@sinclair/typebox";

/**
 * A channel's order ("pedido online") as the `online_orders` shape carries it down to the store's
 * appliances (cloud/src/channels/, the cloud's table `online_orders`; the appliance's table of the same
 * name, desktop/src/online-orders/). The cloud writes what the channel answered on re-read; the appliance
 * keeps the latest. Values arrive in Postgres text form (numbers as strings, jsonb as its text); these
 * schemas describe them once parsed.
 */

export const ONLINE_ORDER_CHANNELS = ["tiendanube", "mercadolibre"] as const;
export const ONLINE_ORDER_STATUSES = ["open", "paid", "cancelled"] as const;

/** One line: `productId` is the store's product (a variant is a product), null when the listing is unlinked. */
export const OnlineOrderLine = Type.Object(
  {
    productId: Type.Union([Type.Null(), Type.String({ minLength: 1, maxLength: 64 })]),
    remoteProductId: Type.String({ maxLength: 40 }),
    remoteVariantId: Type.String({ maxLength: 40 }),
    sku: Type.Union([Type.Null(), Type.String({ maxLength: 100 })]),
    title: Type.String({ maxLength: 300 }),
    quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    /** Centavos, IVA included. */
    unitPrice: Type.Integer({ minimum: 0, maximum: 100_000_000_000 }),
  },
  { additionalProperties: true },
);
export type OnlineOrderLine = Static<typeof OnlineOrderLine>;

export const OnlineOrderLines = Type.Array(OnlineOrderLine, { maxItems: 500 });

/** The shape's row, its columns as the cloud's SHAPE_TABLES.online_orders lists them. */
export const OnlineOrderRow = Type.Object(
  {
    id: Type.String({ format: "uuid" }),
    channel: Type.Union(ONLINE_ORDER_CHANNELS.map((c) => Type.Literal(c))),
    remote_order_id: Type.String({ minLength: 1, maxLength: 40 }),
    remote_pack_id: Type.Union([Type.Null(), Type.String({ maxLength: 40 })]),
    number: Type.String({ maxLength: 40 }),
    status: Type.Union(ONLINE_ORDER_STATUSES.map((s) => Type.Literal(s))),
    buyer_name: Type.String({ maxLength: 200 }),
    /** Centavos. */
    total: Type.Integer({ minimum: 0 }),
    lines: OnlineOrderLines,
    placed_at: Type.String(),
    updated_at: Type.String(),
  },
  { additionalProperties: true },
);
export type OnlineOrderRow = Static<typeof OnlineOrderRow>;

/**
 * online_order/prepared (appliance → cloud, desktop/src/online-orders/prepare.ts): the till turned the
 * order into a sale (the sale itself travels as sale/created, enqueued just before this op, in the same
 * transaction). The cloud stops counting the order's reservation and tells the channel (Tiendanube: the
 * order fulfilled; Mercado Libre: a note on the order, its shipping is Mercado Envíos').
 */
export const OnlineOrderPreparedPayload = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 64 }),
    saleId: Type.String({ minLength: 1, maxLength: 64 }),
    /** The sale's number as the till prints it ("0001-00000042"). */
    saleNumber: Type.String({ maxLength: 40 }),
    preparedAt: Type.String({ maxLength: 40 }),
  },
  { additionalProperties: true },
);
export type OnlineOrderPreparedPayload = Static<typeof OnlineOrderPreparedPayload>;
