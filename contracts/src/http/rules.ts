import { type Static, Type } from "@sinclair/typebox";
import type { AlarmSeverity } from "../alarms.js";
import { MqttIdSchema, RelayStateSchema } from "../mqtt/schemas.js";
import { Closed, IdParams, Instant, Nullable, type SameUnion } from "./fields.js";

/**
 * The gateway's rules (gateway/src/rules/routes.ts): the shapes of a rule, shared by the API (validation),
 * the gateway's store (JSON columns) and the till's rule editor. Sensor values are
 * measurements, so thresholds are plain numbers, bounded to what any declared sensor kind can report.
 */
const Key = MqttIdSchema;
const Value = Type.Number({ minimum: -1_000_000, maximum: 1_000_000 });
/** "for at least" — up to a week. */
const ForSeconds = Type.Integer({ minimum: 0, maximum: 7 * 86_400 });
const HHMM = Type.String({ pattern: "^([01][0-9]|2[0-3]):[0-5][0-9]$", minLength: 5, maxLength: 5 });

export const Condition = Type.Union([
  /** Raise when value > threshold (for forSeconds); clear when value < clearBelow (hysteresis) or ≤ threshold. */
  Type.Object(
    {
      kind: Type.Literal("above"),
      key: Key,
      threshold: Value,
      clearBelow: Type.Optional(Value),
      forSeconds: Type.Optional(ForSeconds),
    },
    { additionalProperties: false },
  ),
  /** Raise when value < threshold (for forSeconds); clear when value > clearAbove or ≥ threshold. */
  Type.Object(
    {
      kind: Type.Literal("below"),
      key: Key,
      threshold: Value,
      clearAbove: Type.Optional(Value),
      forSeconds: Type.Optional(ForSeconds),
    },
    { additionalProperties: false },
  ),
  /** Raise when value < min or > max (for forSeconds); clear when back inside by `clearMargin`. */
  Type.Object(
    {
      kind: Type.Literal("outside"),
      key: Key,
      min: Value,
      max: Value,
      clearMargin: Type.Optional(Type.Number({ minimum: 0, maximum: 1_000_000 })),
      forSeconds: Type.Optional(ForSeconds),
    },
    { additionalProperties: false },
  ),
  /**
   * Raise when the value changes faster than `perMinute` (positive: rises more than; negative: falls more
   * than), measured against a baseline at least `windowSeconds` old so one noisy reading does not trip it.
   */
  Type.Object(
    {
      kind: Type.Literal("rate"),
      key: Key,
      perMinute: Type.Number({ minimum: -1_000_000, maximum: 1_000_000 }),
      windowSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 3600 })),
    },
    { additionalProperties: false },
  ),
  /** Raise when the device has been offline for forSeconds; clear when it is back. */
  Type.Object(
    { kind: Type.Literal("offline"), forSeconds: Type.Integer({ minimum: 1, maximum: 7 * 86_400 }) },
    { additionalProperties: false },
  ),
]);
export type Condition = Static<typeof Condition>;

/** The levels of contracts/src/alarms.ts, named there once for every side: 1 Info, 2 Aviso, 3 Grave, 4 Crítica. */
export const Severity = Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3), Type.Literal(4)]);
// Spelled out (see SameUnion): the levels of ALARM_SEVERITY_LEVELS, no more and no fewer.
export const SEVERITY_MATCHES_LEVELS: SameUnion<AlarmSeverity, Static<typeof Severity>> = true;
export type Severity = Static<typeof Severity>;

export const Action = Type.Union([
  Type.Object(
    {
      kind: Type.Literal("alarm"),
      severity: Severity,
      message: Type.String({ minLength: 1, maxLength: 200 }),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal("relay"),
      relayKey: Key,
      state: RelayStateSchema,
      /** ON for this long, then OFF (the gateway and the firmware both time it). */
      seconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 86_400 })),
    },
    { additionalProperties: false },
  ),
  /** A message queued for the owner (outbox entity "notification"; the cloud sends it). */
  Type.Object(
    { kind: Type.Literal("notify"), message: Type.String({ minLength: 1, maxLength: 200 }) },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal("log"), message: Type.String({ minLength: 1, maxLength: 200 }) },
    { additionalProperties: false },
  ),
]);
export type Action = Static<typeof Action>;

/**
 * When the rule may RAISE, in the shop's time zone: days of week (0 = Sunday) and a window; `from` > `to`
 * crosses midnight (21:00–08:00 belongs to the day it starts). It gates raising only: an active rule still
 * clears by its own clear condition, so an irrigation valve opened at 08:55 closes at 45 %, not at 09:00.
 */
export const Schedule = Type.Object(
  {
    days: Type.Array(Type.Integer({ minimum: 0, maximum: 6 }), {
      minItems: 1,
      maxItems: 7,
      uniqueItems: true,
    }),
    from: HHMM,
    to: HHMM,
  },
  { additionalProperties: false },
);
export type Schedule = Static<typeof Schedule>;

export const RuleInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 80 }),
    enabled: Type.Optional(Type.Boolean()),
    deviceId: Type.String({ minLength: 1, maxLength: 64 }),
    condition: Condition,
    actions: Type.Array(Action, { minItems: 1, maxItems: 8 }),
    clearActions: Type.Optional(Type.Array(Action, { maxItems: 8 })),
    schedule: Type.Optional(Type.Union([Schedule, Type.Null()])),
  },
  { additionalProperties: false },
);
export type RuleInput = Static<typeof RuleInput>;

export const RulePatch = Type.Partial(RuleInput, { additionalProperties: false, minProperties: 1 });
export type RulePatch = Static<typeof RulePatch>;

/** /api/rules/:id */
export const RuleParams = IdParams;

/** A stored rule: GET /api/rules (and /:id), POST (201), PATCH. */
export const RuleSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    enabled: Type.Boolean(),
    deviceId: Type.String(),
    condition: Condition,
    actions: Type.Array(Action),
    clearActions: Type.Array(Action),
    schedule: Nullable(Schedule),
    createdAt: Instant,
    updatedAt: Instant,
  },
  Closed,
);
export type Rule = Static<typeof RuleSchema>;
export const RuleList = Type.Array(RuleSchema);

/** DELETE /api/rules/:id */
export const RuleDeletedAnswer = Type.Object({ ok: Type.Literal(true) }, Closed);
