import { type Static, Type } from "@sinclair/typebox";
import { Closed, Nullable } from "./fields.js";

/**
 * The tenant's API keys, managed from the dashboard's "API" screen (cloud/src/publicapi): created with
 * a name and scopes, the secret shown once, listed with their last use, revoked. The public API they
 * open is contracts/src/http/public-api.ts (docs/public-api.md).
 */

/** What the public API serves, each a resource a key is scoped to. */
export const API_RESOURCES = ["stores", "products", "stock", "sales", "customers", "appointments"] as const;
export type ApiResource = (typeof API_RESOURCES)[number];

/** What may be born in the cloud, so the only resources a key may write (the rest come from the tills). */
export const WRITABLE_RESOURCES = [
  "products",
  "customers",
  "appointments",
] as const satisfies readonly ApiResource[];

const Read = Type.Literal("read");
const ReadWrite = Type.Union([Type.Literal("read"), Type.Literal("write")]);

/** Per resource: absent = no access, "read", or "write" (which reads too). Writes only where allowed. */
export const ApiKeyScopesSchema = Type.Object(
  {
    stores: Type.Optional(Read),
    products: Type.Optional(ReadWrite),
    stock: Type.Optional(Read),
    sales: Type.Optional(Read),
    customers: Type.Optional(ReadWrite),
    appointments: Type.Optional(ReadWrite),
  },
  Closed,
);
export type ApiKeyScopes = Static<typeof ApiKeyScopesSchema>;

export const API_KEY_NAME_MAX = 80;

/** POST /v1/api-keys (owner role). At least one resource. */
export const CreateApiKeyBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: API_KEY_NAME_MAX, pattern: "\\S" }),
    scopes: ApiKeyScopesSchema,
  },
  Closed,
);
export type CreateApiKeyBody = Static<typeof CreateApiKeyBody>;

export const ApiKeySchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  /** The secret's first characters (`mk_live_AbCd`), so a person can tell keys apart; never the rest. */
  prefix: Type.String(),
  scopes: ApiKeyScopesSchema,
  createdAt: Type.String(),
  createdBy: Type.String(),
  lastUsedAt: Nullable(Type.String()),
  revokedAt: Nullable(Type.String()),
});
export type ApiKey = Static<typeof ApiKeySchema>;

/** The month's calls against the plan's quota (api_calls_month), and the per-key rate limit. */
export const ApiUsageSchema = Type.Object({
  /** First day of the counted month (UTC), YYYY-MM-DD. */
  month: Type.String(),
  calls: Type.Integer(),
  quota: Type.Integer(),
  /** When the quota starts again: the first instant of next month, UTC. */
  resetsAt: Type.String(),
  perMinute: Type.Integer(),
});
export type ApiUsage = Static<typeof ApiUsageSchema>;

/** GET /v1/api-keys: every key, live ones first, newest first. */
export const ApiKeysAnswer = Type.Object({ keys: Type.Array(ApiKeySchema), usage: ApiUsageSchema });
export type ApiKeysAnswer = Static<typeof ApiKeysAnswer>;

/** The answer of POST /v1/api-keys: the only time the secret is ever shown. */
export const CreatedApiKey = Type.Object({ key: ApiKeySchema, secret: Type.String() });
export type CreatedApiKey = Static<typeof CreatedApiKey>;
