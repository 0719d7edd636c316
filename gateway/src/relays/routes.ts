import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import {
  CommandBody,
  CommandListQuery,
  RelayCommandList,
  RelayCommandSchema,
  RelayParams,
} from "@mostrador/contracts/http/relays";
import { principalOf, requirePermission } from "@mostrador/kernel/api/auth";
import type { RoutesFactory } from "@mostrador/kernel/core/module";
import { DomainError } from "@mostrador/kernel/core/errors";
import { listRelayCommands } from "./relay-commands.js";
import type { GatewayLink } from "../gateway.js";

// Requests and answers are the HTTP contract's (contracts/src/http/relays.ts).

export const relayRoutes =
  (link: GatewayLink): RoutesFactory =>
  (ctx) =>
  async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

    /** 202: the command is sent and pending; GET /api/relays/commands shows when the device confirms it. */
    app.post(
      "/devices/:id/relays/:key",
      {
        preHandler: requirePermission("devices.manage"),
        schema: { params: RelayParams, body: CommandBody, response: { 202: RelayCommandSchema } },
      },
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

    app.get(
      "/relays/commands",
      { schema: { querystring: CommandListQuery, response: { 200: RelayCommandList } } },
      async (request) => listRelayCommands(ctx.db, request.query),
    );
  };
