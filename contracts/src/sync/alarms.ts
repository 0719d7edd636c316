import { Type } from "@sinclair/typebox";
import { ALARM_STATUSES } from "../alarms.js";
import { MAX_LOW_STOCK_THRESHOLD } from "../limits.js";
import { Id, Nullable, Open, SignedQty, Text, Time } from "./fields.js";

/** alarm/raised, updated, acknowledged, cleared: the gateway's Alarm view (gateway/src/alarms/alarms.ts). */
export const AlarmPayload = Type.Object(
  {
    id: Id,
    deviceId: Id,
    severity: Type.Integer({ minimum: 1, maximum: 4 }),
    // contracts/src/alarms.ts: active | acknowledged | cleared_unacknowledged (latched: cleared by itself,
    // nobody has seen it yet) | cleared. A superset of what older appliances send, so they keep uploading.
    status: Type.Union(ALARM_STATUSES.map((s) => Type.Literal(s))),
    message: Text(500),
    raisedAt: Time,
    updatedAt: Time,
  },
  Open,
);

/**
 * The kinds of owner notification this version of the appliance sends: "rule" (a rule's notify action,
 * gateway/src/rules/rule-engine.ts) and "low_stock" (a product crossed its low-stock threshold,
 * desktop/src/stock/low-stock-alert.ts) and "backup_failed" (desktop/src/backup/). The payload's `kind` is validated as a short snake_case word, not
 * as this list, so a newer appliance's kind is not parked by an older cloud.
 */
export const NOTIFICATION_KINDS = [
  "rule",
  "low_stock",
  "backup_failed",
  "cash_difference",
  "invoicing_deadline",
  "certificate_expiry",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export const NotificationKindField = Type.String({ pattern: "^[a-z][a-z0-9_]{0,39}$" });

/**
 * notification/created: a message the appliance queued for the owner (kernel/src/notifications/
 * notify-owner.ts; the cloud sends it). Only the message and its time were ever required; every later
 * field is optional, so older appliances' ops stay valid: their notifications were all rules'.
 */
export const NotificationPayload = Type.Object(
  {
    message: Text(500),
    at: Time,
    /** What the notification is about; absent from older appliances (read it as "rule"). */
    kind: Type.Optional(NotificationKindField),
    /**
     * The cloud's send queue sends one message per key: the same event uploaded twice (or queued twice)
     * reaches the owner once. Absent from older appliances (the op's id is the only key then).
     */
    dedupeKey: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    ruleId: Type.Optional(Nullable(Id)),
    ruleName: Type.Optional(Nullable(Text(200))),
    deviceId: Type.Optional(Nullable(Id)),
    value: Type.Optional(Nullable(Type.Number())),
    /** low_stock: the product, what is left after the movement and its threshold (units, or grams). */
    productId: Type.Optional(Id),
    onHand: Type.Optional(SignedQty),
    threshold: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_LOW_STOCK_THRESHOLD })),
  },
  Open,
);
