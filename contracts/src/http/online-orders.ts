import { type Static, Type } from "@sinclair/typebox";
import { OnlineOrderLine } from "../sync/online-orders.js";
import { Closed, Instant, Int, Nullable } from "./fields.js";
import { ApprovalSchema } from "./sales.js";

/**
 * The till's "Pedidos online" (desktop/src/online-orders/): the Tiendanube and Mercado Libre orders the
 * cloud sent down, listed and shown one by one.
 */

export const OnlineOrderSummary = Type.Object(
  {
    id: Type.String(),
    channel: Type.Union([Type.Literal("tiendanube"), Type.Literal("mercadolibre")]),
    number: Type.String(),
    status: Type.Union([Type.Literal("open"), Type.Literal("paid"), Type.Literal("cancelled")]),
    buyerName: Type.String(),
    /** Centavos. */
    total: Int,
    placedAt: Instant,
    /** Lines whose listing is linked to no product of the store. */
    unlinkedLines: Int,
    /** Prepared at the till: it is a sale of the store. */
    prepared: Type.Optional(Type.Boolean()),
  },
  Closed,
);
export type OnlineOrderSummary = Static<typeof OnlineOrderSummary>;

export const OnlineOrderDetail = Type.Composite(
  [
    OnlineOrderSummary,
    Type.Object({
      remoteOrderId: Type.String(),
      remotePackId: Nullable(Type.String()),
      lines: Type.Array(
        Type.Composite([OnlineOrderLine, Type.Object({ productName: Nullable(Type.String()) })], Closed),
      ),
      updatedAt: Instant,
      /** Whether its linked lines' stock is held at the till now (open or paid, not yet a sale). */
      reserved: Type.Boolean(),
      /** "Preparar" turned it into this sale (its number as printed), or null. */
      sale: Nullable(
        Type.Object({ id: Type.String(), displayNumber: Type.String(), preparedAt: Instant }, Closed),
      ),
      /** Cancelled on the channel after its sale: whether the till still owes the sale's return. */
      returnOwed: Type.Boolean(),
    }),
  ],
  Closed,
);
export type OnlineOrderDetail = Static<typeof OnlineOrderDetail>;

/** GET /api/online-orders?status= */
export const OnlineOrdersQuery = Type.Object(
  {
    status: Type.Optional(
      Type.Union([Type.Literal("open"), Type.Literal("paid"), Type.Literal("cancelled")]),
    ),
  },
  Closed,
);
export const OnlineOrdersAnswer = Type.Object({ orders: Type.Array(OnlineOrderSummary) }, Closed);
export type OnlineOrdersAnswer = Static<typeof OnlineOrdersAnswer>;

/** POST /api/online-orders/:id/return: "Registrar la devolución" (a manager's PIN when the cashier may not). */
export const OnlineOrderReturnBody = Type.Object({ approval: Type.Optional(ApprovalSchema) }, Closed);
