import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { MqttIdSchema } from "@mostrador/contracts/mqtt/schemas";
import { principalOf, requirePermission } from "../../../desktop/src/api/auth.js";
import type { RoutesFactory } from "@mostrador/desktop/core/module";
import { type GatewayLink, runningGateway } from "../gateway.js";
import { MAX_ON_SECONDS_LIMIT, MAX_RELAYS, MAX_SENSORS, NAME_MAX } from "./device-input.js";
import { createDevice, listDevices, rotateDeviceSecret, updateDevice } from "./devices.js";
import { SENSOR_KIND_NAMES } from "@mostrador/contracts/mqtt/sensor-kinds";

const Key = MqttIdSchema;
const Name = Type.String({ minLength: 1, maxLength: NAME_MAX });
/** Generous outer bound; the domain checks each kind's plausible range. */
const RangeValue = Type.Number({ minimum: -1_000_000, maximum: 1_000_000 });

const Sensor = Type.Object(
  {
    key: Key,
    kind: Type.Union(SENSOR_KIND_NAMES.map((k) => Type.Literal(k))),
    min: Type.Optional(RangeValue),
    max: Type.Optional(RangeValue),
  },
  { additionalProperties: false },
);
const Relay = Type.Object(
  {
    key: Key,
    name: Name,
    maxOnSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_ON_SECONDS_LIMIT })),
  },
  { additionalProperties: false },
);
const Sensors = Type.Array(Sensor, { maxItems: MAX_SENSORS });
const Relays = Type.Array(Relay, { maxItems: MAX_RELAYS });

const NewDeviceBody = Type.Object(
  { slug: Key, name: Name, sensors: Type.Optional(Sensors), relays: Type.Optional(Relays) },
  { additionalProperties: false },
);
const DevicePatchBody = Type.Object(
  {
    name: Type.Optional(Name),
    active: Type.Optional(Type.Boolean()),
    sensors: Type.Optional(Sensors),
    relays: Type.Optional(Relays),
  },
  { additionalProperties: false, minProperties: 1 },
);
const IdParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);

/** Device registry (devices.manage to change it) and the gateway's counters. */
export const deviceRoutes =
  (link: GatewayLink): RoutesFactory =>
  (ctx) =>
  async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
    const manage = requirePermission("devices.manage");

    app.get("/devices", async () => listDevices(ctx));

    // The answer carries the device's secret: the only time it is ever shown.
    app.post("/devices", { preHandler: manage, schema: { body: NewDeviceBody } }, async (request, reply) => {
      reply.status(201);
      return createDevice(ctx, request.body, principalOf(request));
    });

    app.post(
      "/devices/:id/rotate-secret",
      { preHandler: manage, schema: { params: IdParams } },
      async (request) => rotateDeviceSecret(ctx, request.params.id, principalOf(request)),
    );

    app.patch(
      "/devices/:id",
      { preHandler: manage, schema: { params: IdParams, body: DevicePatchBody } },
      async (request) => updateDevice(ctx, request.params.id, request.body, principalOf(request)),
    );

    app.get("/gateway/stats", async () => {
      const gateway = runningGateway(link);
      // The broker's TCP port, so the "add device" screen can show nodes where to connect.
      return { mqttPort: gateway.port, ...gateway.stats() };
    });
  };
