import { Type } from "@sinclair/typebox";
import { ALARM_STATUSES } from "../alarms.js";
import { Id, Nullable, Open, Text, Time } from "./fields.js";

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
 * notification/created: a message a rule queued for the owner (gateway/src/rules/rule-engine.ts "notify").
 * The rule and the reading that fired it are optional: only the message and its time were ever required.
 */
export const NotificationPayload = Type.Object(
  {
    message: Text(500),
    at: Time,
    ruleId: Type.Optional(Nullable(Id)),
    ruleName: Type.Optional(Nullable(Text(200))),
    deviceId: Type.Optional(Nullable(Id)),
    value: Type.Optional(Nullable(Type.Number())),
  },
  Open,
);
