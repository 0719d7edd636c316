import { type Static, Type } from "@sinclair/typebox";
import { MpOrderStatusSchema } from "../mercadopago/wire.js";
import { Closed, Int, Nullable } from "./fields.js";

/**
 * The cloud's Mercado Pago relay (cloud/src/payments/): the appliance hands it the seller's credentials,
 * MP posts webhooks to it (public), it re-reads each order from MP and keeps it for the right appliance,
 * which pulls them with its own credential (it never needs a public address).
 */

/** PUT /v1/appliance/mercadopago/account (appliance): the seller's token and webhook secret, sealed at rest. */
export const CloudMpAccountBody = Type.Object(
  {
    accessToken: Type.String({ pattern: "^(APP_USR|TEST)-[A-Za-z0-9_-]{10,250}$", maxLength: 260 }),
    webhookSecret: Nullable(Type.String({ minLength: 16, maxLength: 128, pattern: "^[A-Za-z0-9]+$" })),
  },
  Closed,
);
export type CloudMpAccountBody = Static<typeof CloudMpAccountBody>;

/** The URL to configure in the MP application's Webhooks (event "Order (Mercado Pago)"). */
export const CloudMpAccountAnswer = Type.Object({ webhookUrl: Type.String() }, Closed);
export type CloudMpAccountAnswer = Static<typeof CloudMpAccountAnswer>;

/** An order as the cloud re-read it from MP after a webhook, for the appliance that made it. */
export const RelayedOrder = Type.Object(
  {
    seq: Int,
    orderId: Type.String(),
    kind: Type.String(),
    status: MpOrderStatusSchema,
    statusDetail: Type.String(),
    externalReference: Type.String(),
    /** Centavos. */
    amount: Int,
  },
  Closed,
);
export type RelayedOrder = Static<typeof RelayedOrder>;

/** GET /v1/appliance/mercadopago/orders?after=<seq> (appliance): what arrived since its cursor, oldest first. */
export const RelayQuery = Type.Object({ after: Type.Integer({ minimum: 0 }) }, Closed);
export const RelayAnswer = Type.Object({ orders: Type.Array(RelayedOrder), cursor: Int }, Closed);
export type RelayAnswer = Static<typeof RelayAnswer>;

/** POST /v1/mercadopago/payment-links (owner, and later turnos): a Checkout Pro link. */
export const PaymentLinkBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 120 }),
    amount: Type.Integer({ minimum: 1, maximum: 100_000_000_00, measure: "money" }),
    /** What the link pays for, unique per tenant (a turno's seña id, an order id): a repeat answers the same link. */
    reference: Type.String({ minLength: 1, maxLength: 64, pattern: "^[A-Za-z0-9_.:-]+$" }),
  },
  Closed,
);
export type PaymentLinkBody = Static<typeof PaymentLinkBody>;

export const PaymentLink = Type.Object(
  {
    reference: Type.String(),
    url: Type.String(),
    amount: Int,
    /** "pending" until MP's approved payment was re-read; then "approved" (or "rejected", "refunded"…). */
    status: Type.String(),
    paymentId: Nullable(Type.String()),
  },
  Closed,
);
export type PaymentLink = Static<typeof PaymentLink>;
