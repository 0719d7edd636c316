import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { MqttIdSchema, RelayStateSchema } from "@mostrador/contracts/mqtt/schemas";
import { Type } from "@sinclair/typebox";
import { principalOf, requirePermission } from "../../../desktop/src/api/auth.js";
import type { RoutesFactory } from "@mostrador/desktop/core/module";
import { DomainError } from "../../../desktop/src/core/errors.js";
import { COMMAND_PAGE_MAX, listRelayCommands } from "./relay-commands.js";
import type { GatewayLink } from "../gateway.js";

const RelayParams = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 64 }),
    key: MqttIdSchema,
  },
  { additionalProperties: false },
);
const CommandBody = Type.Object(
  {
    state: RelayStateSchema,
    seconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 86_400 })),
  },
  { additionalProperties: false },
);
const ListQuery = Type.Object(
  {
    deviceId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: COMMAND_PAGE_MAX })),
  },
  { additionalProperties: false },
);

export const relayRoutes =
  (link: GatewayLink): RoutesFactory =>
  (ctx) =>
  async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

    /** 202: the command is sent and pending; GET /api/relays/commands shows when the device confirms it. */
    app.post(
      "/devices/:id/relays/:key",
      { preHandler: requirePermission("devices.manage"), schema: { params: RelayParams, body: CommandBody } },
      async (request, reply) => {
        const controller = link.relays;
        if (!controller)
          throw new DomainError(
            "unavailable",
            "gateway_not_running",
            "El gateway de equipos no está en marcha",
          );
        const command = controller.command({
          deviceId: request.params.id,
          key: request.params.key,
          state: request.body.state,
          seconds: request.body.seconds,
          source: "staff",
          staffId: principalOf(request).staffId,
        });
        reply.status(202);
        return command;
      },
    );

    app.get("/relays/commands", { schema: { querystring: ListQuery } }, async (request) =>
      listRelayCommands(ctx.db, request.query),
    );
  };
