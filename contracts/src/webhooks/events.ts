import { type Static, Type } from "@sinclair/typebox";

/**
 * THE list of outgoing webhook events (cloud/src/webhooks): what a tenant's endpoint can subscribe to,
 * with the names the dashboard shows. The cloud writes one of these into its outbox in the same
 * transaction as the write that causes it; a receiver gets `{id, type, createdAt, tenantId, data}`.
 */
export const WEBHOOK_EVENT_TYPES = [
  "sale.created",
  "stock.low",
  "alarm.raised",
  "booking.created",
  "booking.cancelled",
  "customer.created",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Spelled out (not mapped from the list) so TypeBox keeps each literal's type; webhooks.test.ts checks both agree. */
export const WebhookEventTypeSchema = Type.Union([
  Type.Literal("sale.created"),
  Type.Literal("stock.low"),
  Type.Literal("alarm.raised"),
  Type.Literal("booking.created"),
  Type.Literal("booking.cancelled"),
  Type.Literal("customer.created"),
]);

export const WEBHOOK_EVENT_NAMES: Record<WebhookEventType, { es: string; en: string }> = {
  "sale.created": { es: "Venta registrada", en: "Sale created" },
  "stock.low": { es: "Stock bajo", en: "Low stock" },
  "alarm.raised": { es: "Alarma disparada", en: "Alarm raised" },
  "booking.created": { es: "Turno reservado", en: "Booking made" },
  "booking.cancelled": { es: "Turno cancelado", en: "Booking cancelled" },
  "customer.created": { es: "Cliente nuevo", en: "Customer created" },
};

/** The header every delivery carries: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const WEBHOOK_SIGNATURE_HEADER = "Mostrador-Signature";
/** The event's id, the same on every attempt and resend: receivers de-duplicate by it. */
export const WEBHOOK_EVENT_ID_HEADER = "Mostrador-Event-Id";

/** The JSON body of one delivery. */
export const WebhookDeliveryBody = Type.Object(
  {
    id: Type.String(),
    type: WebhookEventTypeSchema,
    createdAt: Type.String(),
    tenantId: Type.String(),
    data: Type.Record(Type.String(), Type.Unknown()),
  },
  { additionalProperties: false },
);
export type WebhookDeliveryBody = Static<typeof WebhookDeliveryBody>;
