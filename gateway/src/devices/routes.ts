import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import {
  DeviceList,
  DeviceParams,
  DevicePatchBody,
  DeviceSchema,
  DeviceWithSecretSchema,
  GatewayStatsSchema,
  NewDeviceBody,
} from "@mostrador/contracts/http/devices";
import { principalOf, requirePermission } from "@mostrador/kernel/api/auth";
import type { RoutesFactory } from "@mostrador/kernel/core/module";
import { type GatewayLink, runningGateway } from "../gateway.js";
import { createDevice, listDevices, rotateDeviceSecret, updateDevice } from "./devices.js";

// Requests and answers are the HTTP contract's (contracts/src/http/devices.ts).

/** Device registry (devices.manage to change it) and the gateway's counters. */
export const deviceRoutes =
  (link: GatewayLink): RoutesFactory =>
  (ctx) =>
  async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
    const manage = requirePermission("devices.manage");

    app.get("/devices", { schema: { response: { 200: DeviceList } } }, async () => listDevices(ctx));

    // The answer carries the device's secret: the only time it is ever shown.
    app.post(
      "/devices",
      { preHandler: manage, schema: { body: NewDeviceBody, response: { 201: DeviceWithSecretSchema } } },
      async (request, reply) => {
        reply.status(201);
        return createDevice(ctx, request.body, principalOf(request));
      },
    );

    app.post(
      "/devices/:id/rotate-secret",
      { preHandler: manage, schema: { params: DeviceParams, response: { 200: DeviceWithSecretSchema } } },
      async (request) => rotateDeviceSecret(ctx, request.params.id, principalOf(request)),
    );

    app.patch(
      "/devices/:id",
      {
        preHandler: manage,
        schema: { params: DeviceParams, body: DevicePatchBody, response: { 200: DeviceSchema } },
      },
      async (request) => updateDevice(ctx, request.params.id, request.body, principalOf(request)),
    );

    app.get("/gateway/stats", { schema: { response: { 200: GatewayStatsSchema } } }, async () => {
      const gateway = runningGateway(link);
      // The broker's TCP port, so the "add device" screen can show nodes where to connect.
      return { mqttPort: gateway.port, ...gateway.stats() };
    });
  };
