import { type Static, Type } from "@sinclair/typebox";
import { MpOrderStatusSchema } from "../mercadopago/wire.js";
import { Closed, Instant, Int, Nullable, type SameUnion } from "./fields.js";

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

/**
 * What the owner sees of a link ("Cobros por link"): derived from MP's payment status, the expiry and the
 * owner's cancel. A payment that arrives after a cancel or an expiry still shows as "paid" (the money is real).
 */
export const PAYMENT_LINK_STATES = ["pending", "paid", "expired", "cancelled", "refunded"] as const;
export type PaymentLinkState = (typeof PAYMENT_LINK_STATES)[number];
export const PaymentLinkStateSchema = Type.Union([
  Type.Literal("pending"),
  Type.Literal("paid"),
  Type.Literal("expired"),
  Type.Literal("cancelled"),
  Type.Literal("refunded"),
]);
const _sameStates: SameUnion<PaymentLinkState, Static<typeof PaymentLinkStateSchema>> = true;
void _sameStates;

/**
 * References starting with these belong to another module's links (turnos' señas): the owner's routes
 * neither create nor cancel them.
 */
export const RESERVED_LINK_PREFIXES = ["turno-"] as const;

/** POST /v1/mercadopago/payment-links (owner): a link for something sold outside the till. */
export const OwnerPaymentLinkBody = Type.Object(
  {
    /** The concept the buyer sees at MP's checkout (blank is refused by the route, in words). */
    title: Type.String({ maxLength: 120 }),
    amount: Type.Integer({ minimum: 1, maximum: 100_000_000_00, measure: "money" }),
    /** Optional: one is made ("link-<uuidv7>") when absent. Never a reserved prefix. */
    reference: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: "^[A-Za-z0-9_.:-]+$" })),
    /** A customer of the tenant (the cloud's customers), or null. */
    customerId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    /** UTC instant after which MP no longer takes the payment; in the future. */
    expiresAt: Type.Optional(Type.String({ format: "date-time" })),
  },
  Closed,
);
export type OwnerPaymentLinkBody = Static<typeof OwnerPaymentLinkBody>;

/** A link as the owner's list shows it. */
export const PaymentLinkItem = Type.Object(
  {
    reference: Type.String(),
    title: Type.String(),
    url: Type.String(),
    /** Centavos. */
    amount: Int,
    state: PaymentLinkStateSchema,
    /** MP's payment status as last re-read ("pending" before any payment). */
    status: Type.String(),
    paymentId: Nullable(Type.String()),
    /** Phone in E.164, to share the link to the customer's WhatsApp. */
    customer: Nullable(
      Type.Object({ id: Type.String(), name: Type.String(), phone: Nullable(Type.String()) }, Closed),
    ),
    expiresAt: Nullable(Instant),
    cancelledAt: Nullable(Instant),
    createdAt: Instant,
    updatedAt: Instant,
  },
  Closed,
);
export type PaymentLinkItem = Static<typeof PaymentLinkItem>;

/** GET /v1/mercadopago/payment-links?limit=&offset= (owner): newest first. */
export const PaymentLinkListQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
    offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
  },
  Closed,
);
export type PaymentLinkListQuery = Static<typeof PaymentLinkListQuery>;
export const PaymentLinkList = Type.Object(
  { links: Type.Array(PaymentLinkItem), nextOffset: Nullable(Int) },
  Closed,
);
export type PaymentLinkList = Static<typeof PaymentLinkList>;
