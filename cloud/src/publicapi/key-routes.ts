import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import {
  ApiKeySchema,
  ApiKeysAnswer,
  CreateApiKeyBody,
  CreatedApiKey,
} from "@mostrador/contracts/http/cloud-api-keys";
import { ownerOf, requireRole } from "../http/auth.js";
import type { CloudRoutesFactory } from "../http/deps.js";
import { EmptyBody, IdParams } from "../http/schemas.js";
import { createApiKey, listApiKeys, revokeApiKey } from "./api-keys.js";
import { usageOf } from "./usage.js";

/**
 * The dashboard's "API" screen (/v1/api-keys): every account of the tenant sees the keys and the
 * month's usage; only the owner role creates and revokes them (a key reads the whole business).
 */
export const apiKeyRoutes =
  (perMinute: number): CloudRoutesFactory =>
  ({ sql, clock }) =>
  async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      "/api-keys",
      { schema: { response: { 200: ApiKeysAnswer } } },
      async (request): Promise<ApiKeysAnswer> => {
        const { tenantId } = ownerOf(request);
        return {
          keys: await listApiKeys(sql, tenantId),
          usage: await usageOf(sql, tenantId, perMinute, clock.now()),
        };
      },
    );
    app.post(
      "/api-keys",
      {
        schema: { body: CreateApiKeyBody, response: { 201: CreatedApiKey } },
        preHandler: requireRole("owner"),
      },
      async (request, reply) =>
        reply.status(201).send(await createApiKey(sql, ownerOf(request), request.body, clock)),
    );
    app.post(
      "/api-keys/:id/revoke",
      {
        schema: { params: IdParams, body: EmptyBody, response: { 200: ApiKeySchema } },
        preHandler: requireRole("owner"),
      },
      async (request) => revokeApiKey(sql, ownerOf(request).tenantId, request.params.id, clock),
    );
  };
