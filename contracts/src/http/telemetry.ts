import { Type, type Static } from "@sinclair/typebox";
import { MqttIdSchema } from "../mqtt/schemas.js";
import { Closed, IdParams, Int } from "./fields.js";

/** A sensor's readings for its chart (gateway/src/telemetry/routes.ts). Times are epoch milliseconds. */

export const ResolutionSchema = Type.Union([
  Type.Literal("raw"),
  Type.Literal("minute"),
  Type.Literal("hour"),
]);
export type Resolution = Static<typeof ResolutionSchema>;

/** Epoch milliseconds between 2000 and 2100: anything else is a typo, not a chart. */
const Epoch = Type.Integer({ minimum: 946_684_800_000, maximum: 4_102_444_800_000 });
/** GET /api/devices/:id/readings */
export const ReadingsParams = IdParams;
export const ReadingsQuery = Type.Object(
  { key: MqttIdSchema, from: Epoch, to: Epoch, resolution: Type.Optional(ResolutionSchema) },
  Closed,
);

export const RawPointSchema = Type.Object({ at: Int, value: Type.Number() }, Closed);
export type RawPoint = Static<typeof RawPointSchema>;
export const RollupPointSchema = Type.Object(
  { at: Int, min: Type.Number(), max: Type.Number(), avg: Type.Number(), count: Int },
  Closed,
);
export type RollupPoint = Static<typeof RollupPointSchema>;

/** Raw points for "raw", rollups (min, max, average, count per bucket) for "minute" and "hour". */
export const ReadingsAnswerSchema = Type.Object(
  {
    deviceId: Type.String(),
    key: Type.String(),
    resolution: ResolutionSchema,
    points: Type.Union([Type.Array(RawPointSchema), Type.Array(RollupPointSchema)]),
  },
  Closed,
);
export type ReadingsAnswer = Static<typeof ReadingsAnswerSchema>;
