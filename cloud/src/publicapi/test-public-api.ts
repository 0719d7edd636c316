import type { ApiKeyScopes, CreatedApiKey } from "@mostrador/contracts/http/cloud-api-keys";
import type { LightMyRequestResponse } from "fastify";
import { bearer, json, type TestCloud } from "../test-support/test-cloud.js";

/** Every resource readable, and writable where the API allows it. */
export const ALL_SCOPES: ApiKeyScopes = {
  stores: "read",
  products: "write",
  stock: "read",
  sales: "read",
  customers: "write",
  appointments: "write",
};

/** A key made as the owner makes one on the "API" screen: its secret and id. */
export async function apiKeyFor(
  cloud: TestCloud,
  ownerToken: string,
  scopes: ApiKeyScopes = ALL_SCOPES,
  name = "Integración",
): Promise<{ secret: string; id: string }> {
  const res = await cloud.app.inject({
    method: "POST",
    url: "/v1/api-keys",
    headers: bearer(ownerToken),
    payload: { name, scopes },
  });
  if (res.statusCode !== 201) throw new Error(`no key: ${res.statusCode} ${res.body}`);
  const created = json<CreatedApiKey>(res);
  return { secret: created.secret, id: created.key.id };
}

/** One call of the public API with a key. */
export function callApi(
  cloud: TestCloud,
  secret: string,
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE",
  url: string,
  payload?: unknown,
): Promise<LightMyRequestResponse> {
  return cloud.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: bearer(secret),
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

export const errorOf = (res: LightMyRequestResponse) =>
  json<{ error: { code: string; message: string; details?: Record<string, unknown> } }>(res).error;
