import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import {
  WebhookDelivery,
  WebhookDeliveryList,
  WebhookEndpoint,
  WebhookEndpointBody,
  WebhookEndpointCreated,
  WebhookEndpointList,
  WebhookEndpointPatch,
  WebhookIdParams,
} from "@mostrador/contracts/http/cloud-webhooks";
import { ownerOf, requireRole } from "../http/auth.js";
import type { CloudRoutesFactory } from "../http/deps.js";
import type { WebhooksConfig } from "./config.js";
import { listDeliveries, resendDelivery } from "./deliveries.js";
import { createEndpoint, deleteEndpoint, listEndpoints, updateEndpoint } from "./endpoints.js";

/** The owner's "Webhooks": every account of the tenant reads; only owners register, change and resend. */
export const webhooksRoutes =
  (config: WebhooksConfig): CloudRoutesFactory =>
  ({ sql, clock }) =>
  async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
    const owner = { preHandler: requireRole("owner") };

    app.get(
      "/webhooks/endpoints",
      { schema: { response: { 200: WebhookEndpointList } } },
      async (request) => ({
        endpoints: await sql.withTenant(ownerOf(request).tenantId, listEndpoints),
        disableAfterDays: config.disableAfterDays,
      }),
    );

    app.post(
      "/webhooks/endpoints",
      { ...owner, schema: { body: WebhookEndpointBody, response: { 201: WebhookEndpointCreated } } },
      async (request, reply) => {
        const created = await createEndpoint(
          sql,
          config,
          ownerOf(request).tenantId,
          request.body,
          clock.now(),
        );
        return reply.code(201).send(created);
      },
    );

    app.patch(
      "/webhooks/endpoints/:id",
      {
        ...owner,
        schema: { params: WebhookIdParams, body: WebhookEndpointPatch, response: { 200: WebhookEndpoint } },
      },
      async (request) =>
        sql.withTenant(ownerOf(request).tenantId, (q) =>
          updateEndpoint(q, request.params.id, request.body, clock.now()),
        ),
    );

    app.delete(
      "/webhooks/endpoints/:id",
      { ...owner, schema: { params: WebhookIdParams } },
      async (request, reply) => {
        await sql.withTenant(ownerOf(request).tenantId, (q) => deleteEndpoint(q, request.params.id));
        return reply.code(204).send();
      },
    );

    app.get(
      "/webhooks/endpoints/:id/deliveries",
      { schema: { params: WebhookIdParams, response: { 200: WebhookDeliveryList } } },
      async (request) => ({
        deliveries: await sql.withTenant(ownerOf(request).tenantId, (q) =>
          listDeliveries(q, request.params.id),
        ),
      }),
    );

    app.post(
      "/webhooks/deliveries/:id/resend",
      { ...owner, schema: { params: WebhookIdParams, response: { 201: WebhookDelivery } } },
      async (request, reply) => {
        const delivery = await sql.withTenant(ownerOf(request).tenantId, (q) =>
          resendDelivery(q, request.params.id, clock.now(), config.retryMs),
        );
        return reply.code(201).send(delivery);
      },
    );
  };
