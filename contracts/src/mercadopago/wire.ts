import { type Static, Type } from "@sinclair/typebox";

/**
 * Mercado Pago's own wire format (api.mercadopago.com), as far as Mostrador uses it: the Orders API
 * (`/v1/orders`, types "qr" and "point"), stores and POS (cajas), Checkout Pro preferences, payments and
 * the order webhook. Written once here so the real adapter (platform/src/mercadopago) and the local fake
 * server it is tested against read and write the same shapes. Open objects (MP adds fields freely); only
 * what Mostrador reads is named. Amounts are strings with two decimals ("500.00"), as MP documents.
 */

/** "500.00": MP refuses amounts without exactly two decimals. */
export const MpAmount = Type.String({ pattern: "^[0-9]+\\.[0-9]{2}$" });

/** Order statuses of the Orders API (QR: created → processed | canceled | expired; Point adds at_terminal, action_required). */
export const MP_ORDER_STATUSES = [
  "created",
  "at_terminal",
  "action_required",
  "processed",
  "canceled",
  "expired",
  "refunded",
  "failed",
] as const;
export type MpOrderStatus = (typeof MP_ORDER_STATUSES)[number];
export const MpOrderStatusSchema = Type.Union([
  Type.Literal("created"),
  Type.Literal("at_terminal"),
  Type.Literal("action_required"),
  Type.Literal("processed"),
  Type.Literal("canceled"),
  Type.Literal("expired"),
  Type.Literal("refunded"),
  Type.Literal("failed"),
]);

export const MpCreateOrderRequest = Type.Object({
  type: Type.Union([Type.Literal("qr"), Type.Literal("point")]),
  external_reference: Type.String({ minLength: 1, maxLength: 64 }),
  total_amount: Type.Optional(MpAmount),
  description: Type.Optional(Type.String({ maxLength: 150 })),
  /** ISO 8601 duration ("PT10M"). */
  expiration_time: Type.Optional(Type.String({ pattern: "^PT[0-9]+[MH]$" })),
  transactions: Type.Object({
    payments: Type.Array(Type.Object({ amount: MpAmount }), { minItems: 1, maxItems: 1 }),
  }),
  config: Type.Object({
    qr: Type.Optional(
      Type.Object({
        external_pos_id: Type.String({ minLength: 1 }),
        mode: Type.Union([Type.Literal("static"), Type.Literal("dynamic"), Type.Literal("hybrid")]),
      }),
    ),
    point: Type.Optional(
      Type.Object({
        terminal_id: Type.String({ minLength: 1 }),
        print_on_terminal: Type.Optional(Type.String()),
      }),
    ),
  }),
});
export type MpCreateOrderRequest = Static<typeof MpCreateOrderRequest>;

export const MpPaymentTransaction = Type.Object({
  id: Type.String(),
  amount: MpAmount,
  status: Type.Optional(Type.String()),
  status_detail: Type.Optional(Type.String()),
});

export const MpOrder = Type.Object({
  id: Type.String(),
  type: Type.String(),
  external_reference: Type.String(),
  status: MpOrderStatusSchema,
  status_detail: Type.String(),
  total_amount: MpAmount,
  created_date: Type.Optional(Type.String()),
  last_updated_date: Type.Optional(Type.String()),
  transactions: Type.Object({
    payments: Type.Array(MpPaymentTransaction),
    refunds: Type.Optional(Type.Array(Type.Object({ id: Type.String(), amount: MpAmount }))),
  }),
  config: Type.Optional(Type.Unknown()),
  /** The EMVCo string a dynamic/hybrid QR order answers with; the till draws it as a QR code. */
  type_response: Type.Optional(Type.Object({ qr_data: Type.Optional(Type.String()) })),
});
export type MpOrder = Static<typeof MpOrder>;

/** Where the store is: required by MP ("fill it with the real location": it matters for taxes). */
export const MpStoreLocation = Type.Object({
  street_name: Type.String({ minLength: 1 }),
  street_number: Type.String({ minLength: 1 }),
  city_name: Type.String({ minLength: 1 }),
  state_name: Type.String({ minLength: 1 }),
  latitude: Type.Number({ minimum: -90, maximum: 90 }),
  longitude: Type.Number({ minimum: -180, maximum: 180 }),
  reference: Type.Optional(Type.String()),
});
export type MpStoreLocation = Static<typeof MpStoreLocation>;

export const MpCreateStoreRequest = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  external_id: Type.String({ pattern: "^[A-Za-z0-9]{1,60}$" }),
  location: MpStoreLocation,
});
export const MpStore = Type.Object({ id: Type.Union([Type.String(), Type.Number()]), name: Type.String() });

export const MpCreatePosRequest = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  fixed_amount: Type.Boolean(),
  store_id: Type.Union([Type.String(), Type.Number()]),
  external_store_id: Type.Optional(Type.String()),
  /** The caja's id, unique per account and never changeable: alphanumeric, at most 40. */
  external_id: Type.String({ pattern: "^[A-Za-z0-9]{1,40}$" }),
  category: Type.Optional(Type.Number()),
});
export const MpPos = Type.Object({
  id: Type.Union([Type.String(), Type.Number()]),
  external_id: Type.String(),
  store_id: Type.Union([Type.String(), Type.Number()]),
  qr: Type.Optional(Type.Object({ image: Type.Optional(Type.String()) })),
});

export const MpPreferenceRequest = Type.Object({
  items: Type.Array(
    Type.Object({
      title: Type.String({ minLength: 1 }),
      quantity: Type.Integer({ minimum: 1 }),
      unit_price: Type.Number({ exclusiveMinimum: 0 }),
      currency_id: Type.Optional(Type.String()),
    }),
    { minItems: 1 },
  ),
  external_reference: Type.String({ minLength: 1 }),
  notification_url: Type.Optional(Type.String()),
  back_urls: Type.Optional(Type.Record(Type.String(), Type.String())),
  expires: Type.Optional(Type.Boolean()),
  expiration_date_to: Type.Optional(Type.String()),
});
export const MpPreference = Type.Object({
  id: Type.String(),
  init_point: Type.String(),
  external_reference: Type.String(),
});

export const MpPayment = Type.Object({
  id: Type.Number(),
  status: Type.String(),
  status_detail: Type.Optional(Type.String()),
  transaction_amount: Type.Number(),
  external_reference: Type.Union([Type.String(), Type.Null()]),
});

/** The body MP posts to the notification URL for an order ("Order (Mercado Pago)" event). */
export const MpOrderWebhook = Type.Object({
  action: Type.String(),
  type: Type.String(),
  data: Type.Object({ id: Type.String(), status: Type.Optional(Type.String()) }),
  user_id: Type.Optional(Type.Union([Type.String(), Type.Number()])),
  live_mode: Type.Optional(Type.Boolean()),
});
export type MpOrderWebhook = Static<typeof MpOrderWebhook>;

/** MP's error body: `{ message, error, status, cause? }` (Orders API: `errors: [{code, message}]`). */
export const MpErrorBody = Type.Object({
  message: Type.Optional(Type.String()),
  error: Type.Optional(Type.String()),
  status: Type.Optional(Type.Number()),
  errors: Type.Optional(Type.Array(Type.Object({ code: Type.String(), message: Type.String() }))),
});

/**
 * Subscriptions without a plan (`/preapproval`): Mostrador's own Mercado Pago account charges a tenant's
 * plan in pesos. Amounts here are NUMBERS of pesos (MP documents `transaction_amount: 10`), unlike the
 * Orders API's strings. Statuses: pending (the payer has not authorized yet) → authorized ⇄ paused →
 * cancelled (final).
 */
export const MP_PREAPPROVAL_STATUSES = ["pending", "authorized", "paused", "cancelled"] as const;
export type MpPreapprovalStatus = (typeof MP_PREAPPROVAL_STATUSES)[number];

export const MpAutoRecurringRequest = Type.Object({
  frequency: Type.Integer({ minimum: 1 }),
  frequency_type: Type.Union([Type.Literal("months"), Type.Literal("days")]),
  transaction_amount: Type.Number({ exclusiveMinimum: 0 }),
  currency_id: Type.String({ minLength: 3, maxLength: 3 }),
  start_date: Type.Optional(Type.String()),
  end_date: Type.Optional(Type.String()),
});

export const MpPreapprovalRequest = Type.Object({
  reason: Type.String({ minLength: 1 }),
  external_reference: Type.Optional(Type.String({ maxLength: 256 })),
  payer_email: Type.String({ minLength: 3 }),
  back_url: Type.String({ minLength: 1 }),
  auto_recurring: MpAutoRecurringRequest,
  status: Type.Optional(Type.Union([Type.Literal("pending"), Type.Literal("authorized")])),
  card_token_id: Type.Optional(Type.String()),
});
export type MpPreapprovalRequest = Static<typeof MpPreapprovalRequest>;

/** PUT /preapproval/{id}: only the amount (and currency) of auto_recurring can change; status to pause or cancel. */
export const MpPreapprovalUpdate = Type.Object({
  reason: Type.Optional(Type.String({ minLength: 1 })),
  external_reference: Type.Optional(Type.String({ maxLength: 256 })),
  back_url: Type.Optional(Type.String()),
  auto_recurring: Type.Optional(
    Type.Object({
      transaction_amount: Type.Number({ exclusiveMinimum: 0 }),
      currency_id: Type.String({ minLength: 3, maxLength: 3 }),
    }),
  ),
  status: Type.Optional(
    Type.Union([Type.Literal("authorized"), Type.Literal("paused"), Type.Literal("cancelled")]),
  ),
});
export type MpPreapprovalUpdate = Static<typeof MpPreapprovalUpdate>;

export const MpPreapproval = Type.Object({
  id: Type.String(),
  status: Type.Union([
    Type.Literal("pending"),
    Type.Literal("authorized"),
    Type.Literal("paused"),
    Type.Literal("cancelled"),
  ]),
  reason: Type.String(),
  external_reference: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  payer_email: Type.Optional(Type.String()),
  payer_id: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
  collector_id: Type.Optional(Type.Number()),
  back_url: Type.Optional(Type.String()),
  init_point: Type.String(),
  date_created: Type.Optional(Type.String()),
  last_modified: Type.Optional(Type.String()),
  next_payment_date: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  auto_recurring: Type.Object({
    frequency: Type.Number(),
    frequency_type: Type.String(),
    transaction_amount: Type.Number(),
    currency_id: Type.String(),
    start_date: Type.Optional(Type.String()),
    end_date: Type.Optional(Type.String()),
  }),
  summarized: Type.Optional(
    Type.Object({
      charged_quantity: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
      last_charged_date: Type.Optional(Type.Union([Type.String(), Type.Null()])),
      semaphore: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    }),
  ),
});
export type MpPreapproval = Static<typeof MpPreapproval>;

/**
 * One charge (cuota) of a subscription (`/authorized_payments`): scheduled → processed, or recycling while
 * MP retries a rejected payment (up to 4 times within 10 days), then processed with the rejected payment.
 * After 3 cuotas ended rejected MP cancels the subscription itself.
 */
export const MpAuthorizedPayment = Type.Object({
  id: Type.Union([Type.Number(), Type.String()]),
  preapproval_id: Type.String(),
  type: Type.Optional(Type.String()),
  status: Type.String(),
  date_created: Type.Optional(Type.String()),
  last_modified: Type.Optional(Type.String()),
  debit_date: Type.String(),
  retry_attempt: Type.Optional(Type.Number()),
  transaction_amount: Type.Number(),
  currency_id: Type.Optional(Type.String()),
  reason: Type.Optional(Type.String()),
  external_reference: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  payment: Type.Optional(
    Type.Union([
      Type.Null(),
      Type.Object({
        id: Type.Union([Type.Number(), Type.String()]),
        status: Type.String(),
        status_detail: Type.Optional(Type.String()),
      }),
    ]),
  ),
});
export type MpAuthorizedPayment = Static<typeof MpAuthorizedPayment>;

export const MpAuthorizedPaymentSearch = Type.Object({
  paging: Type.Optional(Type.Object({ total: Type.Number() })),
  results: Type.Array(MpAuthorizedPayment),
});

/** The body of a subscription notification (topics subscription_preapproval, subscription_authorized_payment). */
export const MpSubscriptionWebhook = Type.Object({
  type: Type.Optional(Type.String()),
  topic: Type.Optional(Type.String()),
  action: Type.Optional(Type.String()),
  entity: Type.Optional(Type.String()),
  data: Type.Optional(Type.Object({ id: Type.Union([Type.String(), Type.Number()]) })),
});
