import { Type, type Static } from "@sinclair/typebox";
import { MqttIdSchema, RelayStateSchema } from "../mqtt/schemas.js";
import { Closed, Int, Nullable, RowId } from "./fields.js";

/** Relay commands from the till (gateway/src/relays/routes.ts). Times are epoch milliseconds. */

export const COMMAND_PAGE_MAX = 500;

/** POST /api/devices/:id/relays/:key */
export const RelayParams = Type.Object({ id: RowId, key: MqttIdSchema }, Closed);
export const CommandBody = Type.Object(
  { state: RelayStateSchema, seconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 86_400 })) },
  Closed,
);
/** GET /api/relays/commands: newest first, optionally one device. */
export const CommandListQuery = Type.Object(
  {
    deviceId: Type.Optional(RowId),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: COMMAND_PAGE_MAX })),
  },
  Closed,
);

export const CommandSourceSchema = Type.Union([
  Type.Literal("staff"),
  Type.Literal("rule"),
  Type.Literal("timer"),
  Type.Literal("failsafe"),
  Type.Literal("home_assistant"),
]);
export type CommandSource = Static<typeof CommandSourceSchema>;
export const CommandStatusSchema = Type.Union([
  Type.Literal("pending"),
  Type.Literal("confirmed"),
  Type.Literal("unconfirmed"),
  Type.Literal("superseded"),
]);
export type CommandStatus = Static<typeof CommandStatusSchema>;

/** The answer of a command (202: sent, pending until the device confirms) and a row of the list. */
export const RelayCommandSchema = Type.Object(
  {
    id: Type.String(),
    deviceId: Type.String(),
    deviceName: Nullable(Type.String()),
    relayKey: Type.String(),
    state: RelayStateSchema,
    seconds: Nullable(Int),
    source: CommandSourceSchema,
    ruleId: Nullable(Type.String()),
    staffId: Nullable(Type.String()),
    status: CommandStatusSchema,
    /** Epoch ms. */
    requestedAt: Int,
    confirmedAt: Nullable(Int),
  },
  Closed,
);
export type RelayCommand = Static<typeof RelayCommandSchema>;
export const RelayCommandList = Type.Array(RelayCommandSchema);
