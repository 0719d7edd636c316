import { type Static, Type } from "@sinclair/typebox";
import { WebhookEventTypeSchema } from "../webhooks/events.js";
import { Closed, Instant, Int, Nullable } from "./fields.js";

/** The owner's "Webhooks" screen (cloud/src/webhooks): endpoints, their delivery log, resend. */

const Url = Type.String({ minLength: 8, maxLength: 500 });

/** POST /v1/webhooks/endpoints (role owner). */
export const WebhookEndpointBody = Type.Object(
  {
    url: Url,
    description: Type.Optional(Type.String({ maxLength: 120 })),
    events: Type.Array(WebhookEventTypeSchema, { minItems: 1, maxItems: 20, uniqueItems: true }),
  },
  Closed,
);
export type WebhookEndpointBody = Static<typeof WebhookEndpointBody>;

/** PATCH /v1/webhooks/endpoints/:id (role owner): events, description, or switching it on/off. */
export const WebhookEndpointPatch = Type.Object(
  {
    description: Type.Optional(Type.String({ maxLength: 120 })),
    events: Type.Optional(
      Type.Array(WebhookEventTypeSchema, { minItems: 1, maxItems: 20, uniqueItems: true }),
    ),
    enabled: Type.Optional(Type.Boolean()),
  },
  Closed,
);
export type WebhookEndpointPatch = Static<typeof WebhookEndpointPatch>;

export const WebhookEndpoint = Type.Object(
  {
    id: Type.String(),
    url: Type.String(),
    description: Type.String(),
    events: Type.Array(WebhookEventTypeSchema),
    enabled: Type.Boolean(),
    /** "failing": turned off after failing for the configured days; "owner": by hand. */
    disabledReason: Nullable(Type.Union([Type.Literal("failing"), Type.Literal("owner")])),
    disabledAt: Nullable(Instant),
    failingSince: Nullable(Instant),
    createdAt: Instant,
  },
  Closed,
);
export type WebhookEndpoint = Static<typeof WebhookEndpoint>;

/** The creation's answer: the endpoint and its signing secret, shown this once. */
export const WebhookEndpointCreated = Type.Object(
  { endpoint: WebhookEndpoint, secret: Type.String() },
  Closed,
);
export type WebhookEndpointCreated = Static<typeof WebhookEndpointCreated>;

export const WebhookEndpointList = Type.Object(
  { endpoints: Type.Array(WebhookEndpoint), disableAfterDays: Int },
  Closed,
);
export type WebhookEndpointList = Static<typeof WebhookEndpointList>;

export const WebhookDeliveryStatus = Type.Union([
  Type.Literal("pending"),
  Type.Literal("delivering"),
  Type.Literal("delivered"),
  Type.Literal("failed"),
  Type.Literal("cancelled"),
]);
export type WebhookDeliveryStatus = Static<typeof WebhookDeliveryStatus>;

export const WebhookDelivery = Type.Object(
  {
    id: Type.String(),
    eventId: Type.String(),
    eventType: WebhookEventTypeSchema,
    status: WebhookDeliveryStatus,
    attempts: Int,
    statusCode: Nullable(Int),
    durationMs: Nullable(Int),
    error: Nullable(Type.String()),
    nextAttemptAt: Nullable(Instant),
    lastAttemptAt: Nullable(Instant),
    deliveredAt: Nullable(Instant),
    resendOf: Nullable(Type.String()),
    createdAt: Instant,
  },
  Closed,
);
export type WebhookDelivery = Static<typeof WebhookDelivery>;

/** GET /v1/webhooks/endpoints/:id/deliveries: the newest 100. */
export const WebhookDeliveryList = Type.Object({ deliveries: Type.Array(WebhookDelivery) }, Closed);
export type WebhookDeliveryList = Static<typeof WebhookDeliveryList>;

/** `:id` of an endpoint or a delivery. */
export const WebhookIdParams = Type.Object({ id: Type.String({ format: "uuid" }) }, Closed);
