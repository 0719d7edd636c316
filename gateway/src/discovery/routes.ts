import { networkInterfaces } from "node:os";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import {
  HomeAssistantCredentialsSchema,
  HomeAssistantInfoSchema,
  NoBody,
} from "@mostrador/contracts/http/home-assistant";
import { principalOf, requirePermission } from "@mostrador/kernel/api/auth";
import type { RoutesFactory } from "@mostrador/kernel/core/module";
import { DISCOVERY_PREFIX } from "@mostrador/contracts/mqtt/home-assistant";
import { type GatewayLink, runningGateway } from "../gateway.js";
import {
  homeAssistantCredentialsInfo,
  issueHomeAssistantCredentials,
  revokeHomeAssistantCredentials,
} from "./home-assistant-credentials.js";

// Requests and answers are the HTTP contract's (contracts/src/http/home-assistant.ts). POST carries nothing:
// no body, or an empty object; any field is refused.

const LOOPBACK = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

/**
 * The address Home Assistant should dial: the one the owner's browser reached the appliance at (the
 * shop LAN), or, from the appliance's own screen (localhost), its first LAN IPv4 address.
 */
function brokerHost(requestHostname: string): string {
  if (!LOOPBACK.has(requestHostname)) return requestHostname;
  const lan = Object.values(networkInterfaces())
    .flat()
    .find((a) => a?.family === "IPv4" && !a.internal);
  return lan?.address ?? requestHostname;
}

/** Home Assistant's MQTT identity on the gateway's broker (devices.manage). */
export const homeAssistantRoutes =
  (link: GatewayLink): RoutesFactory =>
  (ctx) =>
  async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
    const manage = requirePermission("devices.manage");

    /** Whether credentials exist and where HA connects; never the password. */
    app.get(
      "/integrations/home-assistant",
      { preHandler: manage, schema: { response: { 200: HomeAssistantInfoSchema } } },
      async (request) => {
        const gateway = link.gateway;
        return {
          ...homeAssistantCredentialsInfo(ctx),
          host: brokerHost(request.hostname),
          port: gateway?.port ?? null,
          discoveryPrefix: DISCOVERY_PREFIX,
        };
      },
    );

    // The answer carries the password: the only time it is shown. Calling again rotates it.
    app.post(
      "/integrations/home-assistant/credentials",
      {
        preHandler: manage,
        schema: { body: NoBody, response: { 201: HomeAssistantCredentialsSchema } },
        // Fastify validates a missing body as `undefined`; no body at all means the same as {}.
        preValidation: async (request) => {
          request.body ??= {};
        },
      },
      async (request, reply) => {
        const port = runningGateway(link).port;
        const { username, password } = issueHomeAssistantCredentials(ctx, principalOf(request));
        reply.status(201);
        return { host: brokerHost(request.hostname), port, username, password };
      },
    );

    app.delete("/integrations/home-assistant/credentials", { preHandler: manage }, async (request, reply) => {
      revokeHomeAssistantCredentials(ctx, principalOf(request));
      reply.status(204);
    });
  };
