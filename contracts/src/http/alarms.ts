import { Type, type Static } from "@sinclair/typebox";
import { Closed, IdParams, Instant, Int, Nullable } from "./fields.js";

/** The gateway's alarms as the till lists, acknowledges and clears them (gateway/src/alarms/routes.ts). */

export const ALARM_PAGE_MAX = 500;

/** GET /api/alarms: the open ones (default) or all, newest first. */
export const AlarmListQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal("active"), Type.Literal("all")])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: ALARM_PAGE_MAX })),
  },
  Closed,
);
export const AlarmParams = IdParams;
/** POST /api/alarms/:id/clear: the body and its reason are optional. */
export const ClearBody = Type.Object(
  { reason: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) },
  Closed,
);

/** The states of contracts/src/alarms.ts ALARM_STATUSES. */
export const AlarmStatusSchema = Type.Union([
  Type.Literal("active"),
  Type.Literal("acknowledged"),
  Type.Literal("cleared_unacknowledged"),
  Type.Literal("cleared"),
]);

export const AlarmSchema = Type.Object(
  {
    id: Type.String(),
    /** A rule id, or "relay:<key>" for a relay that did not confirm. */
    source: Type.String(),
    ruleId: Nullable(Type.String()),
    ruleName: Nullable(Type.String()),
    deviceId: Type.String(),
    deviceName: Nullable(Type.String()),
    /** 1 info, 2 aviso, 3 grave, 4 crítica (contracts/src/alarms.ts ALARM_SEVERITIES). */
    severity: Int,
    status: AlarmStatusSchema,
    message: Type.String(),
    /** The reading that raised it (°C, %, …): not always a whole number. */
    value: Nullable(Type.Number()),
    /** How many times the condition fired while this alarm was open (no duplicates, no storms). */
    raiseCount: Int,
    raisedAt: Instant,
    updatedAt: Instant,
    acknowledgedAt: Nullable(Instant),
    acknowledgedBy: Nullable(Type.String()),
    clearedAt: Nullable(Instant),
    clearedBy: Nullable(Type.String()),
    clearReason: Nullable(Type.String()),
  },
  Closed,
);
export type Alarm = Static<typeof AlarmSchema>;
export const AlarmList = Type.Array(AlarmSchema);
