import { createHash, randomBytes } from "node:crypto";
import {
  type ApiKey,
  type ApiKeyScopes,
  type CreateApiKeyBody,
  WRITABLE_RESOURCES,
} from "@mostrador/contracts/http/cloud-api-keys";
import type { Clock } from "../core/clock.js";
import { CloudError } from "../core/errors.js";
import { newId } from "../core/ids.js";
import type { Sql } from "../db/sql.js";

/**
 * A key's secret: `mk_live_` and 256 random bits (base64url). Only its sha256 is stored, so a leaked
 * database does not leak working keys, and the secret is shown once, in the answer that creates it.
 */
export const KEY_PREFIX = "mk_live_";
const PREFIX_SHOWN = KEY_PREFIX.length + 4;

export const hashSecret = (secret: string) => createHash("sha256").update(secret).digest("hex");

/** What a request authenticated by a key may do, and on whose data. */
export interface ApiKeyPrincipal {
  keyId: string;
  tenantId: string;
  scopes: ApiKeyScopes;
}

interface KeyRow {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiKeyScopes;
  created_at: Date;
  created_by: string;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const toKey = (r: KeyRow): ApiKey => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  scopes: r.scopes,
  createdAt: r.created_at.toISOString(),
  createdBy: r.created_by,
  lastUsedAt: r.last_used_at?.toISOString() ?? null,
  revokedAt: r.revoked_at?.toISOString() ?? null,
});

const COLUMNS = "id, name, prefix, scopes, created_at, created_by, last_used_at, revoked_at";

/** A new key for the tenant; the secret is returned here and never again. */
export async function createApiKey(
  sql: Sql,
  owner: { tenantId: string; email: string },
  input: CreateApiKeyBody,
  clock: Clock,
): Promise<{ key: ApiKey; secret: string }> {
  const granted = Object.entries(input.scopes).filter(([, level]) => level);
  if (granted.length === 0)
    throw new CloudError(
      "invalid",
      "api_key_without_scopes",
      "Elegí al menos un recurso que la clave pueda leer",
    );
  // The schema already allows "write" only on these; said again here for callers other than the route.
  for (const [resource, level] of granted)
    if (level === "write" && !(WRITABLE_RESOURCES as readonly string[]).includes(resource))
      throw new CloudError(
        "invalid",
        "api_scope_not_writable",
        `«${resource}» solo se puede leer por la API`,
      );
  const secret = KEY_PREFIX + randomBytes(32).toString("base64url");
  const [row] = await sql.withTenant(owner.tenantId, (q) =>
    q.query<KeyRow>(
      `INSERT INTO api_keys (tenant_id, id, name, prefix, secret_hash, scopes, created_by, created_at)
       VALUES (current_tenant_id(), $1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
      [
        newId(),
        input.name.trim(),
        secret.slice(0, PREFIX_SHOWN),
        hashSecret(secret),
        JSON.stringify(Object.fromEntries(granted)),
        owner.email,
        clock.now(),
      ],
    ),
  );
  return { key: toKey(row!), secret };
}

/** Every key of the tenant: live ones first, newest first. */
export async function listApiKeys(sql: Sql, tenantId: string): Promise<ApiKey[]> {
  const rows = await sql.withTenant(tenantId, (q) =>
    q.query<KeyRow>(
      `SELECT ${COLUMNS} FROM api_keys ORDER BY revoked_at IS NOT NULL, created_at DESC, id DESC`,
    ),
  );
  return rows.map(toKey);
}

/** Revokes a key at once (idempotent: revoking it again keeps the first instant). */
export async function revokeApiKey(sql: Sql, tenantId: string, id: string, clock: Clock): Promise<ApiKey> {
  const [row] = await sql.withTenant(tenantId, (q) =>
    q.query<KeyRow>(
      `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, clock.now()],
    ),
  );
  if (!row) throw new CloudError("not_found", "api_key_not_found", "Esa clave de la API no existe");
  return toKey(row);
}

/** The key a presented secret is, before any tenant is known (api_key_by_hash, 0028), or a 401. */
export async function resolveApiKey(sql: Sql, secret: string): Promise<ApiKeyPrincipal> {
  const [row] = await sql.query<{
    key_id: string;
    tenant_id: string;
    scopes: ApiKeyScopes;
    revoked_at: Date | null;
  }>("SELECT key_id, tenant_id, scopes, revoked_at FROM api_key_by_hash($1)", [hashSecret(secret)]);
  if (!row)
    throw new CloudError(
      "unauthorized",
      "api_key_invalid",
      "La clave de la API no es válida: copiala entera, tal como se mostró al crearla",
    );
  if (row.revoked_at)
    throw new CloudError(
      "unauthorized",
      "api_key_revoked",
      "Esa clave de la API fue revocada: creá otra en el panel, pantalla «API»",
    );
  return { keyId: row.key_id, tenantId: row.tenant_id, scopes: row.scopes };
}
