import type { Clock } from "../core/clock.js";
import { CloudError, isUniqueViolation } from "../core/errors.js";
import { newId } from "../core/ids.js";
import type { Sql } from "../db/sql.js";
import { DECOY_HASH, hashPassword, verifyPassword } from "./passwords.js";
import { hashToken, newToken } from "./tokens.js";

export type AccountRole = "owner" | "manager";

/** Who is calling with an owner/manager bearer token. */
export interface OwnerPrincipal {
  sessionId: string;
  accountId: string;
  tenantId: string;
  role: AccountRole;
  email: string;
}

/** Dashboard sessions last a week; a new login is needed after that. */
export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export interface NewTenant {
  orgName: string;
  ownerEmail: string;
  password: string;
}

export interface CreatedTenant {
  tenantId: string;
  accountId: string;
}

/**
 * A new organization with its owner account (sign-up, and the demo tenant of `npm start`).
 * Runs as the service role: the organization's id is the tenant, so its own rows pass WITH CHECK.
 */
export async function createTenant(sql: Sql, input: NewTenant, clock: Clock): Promise<CreatedTenant> {
  const tenantId = newId();
  const accountId = newId();
  const passwordHash = await hashPassword(input.password);
  const now = clock.now();
  try {
    await sql.withTenant(tenantId, async (q) => {
      await q.query("INSERT INTO organizations (id, name, created_at) VALUES ($1, $2, $3)", [
        tenantId,
        input.orgName.trim(),
        now,
      ]);
      await q.query(
        `INSERT INTO accounts (id, tenant_id, email, password_hash, role, created_at)
         VALUES ($1, $2, $3, $4, 'owner', $5)`,
        [accountId, tenantId, normalizeEmail(input.ownerEmail), passwordHash, now],
      );
    });
  } catch (err) {
    if (isUniqueViolation(err))
      throw new CloudError("conflict", "email_taken", "Ya existe una cuenta con ese email");
    throw err;
  }
  return { tenantId, accountId };
}

export interface LoginResult {
  token: string;
  expiresAt: Date;
  principal: OwnerPrincipal;
}

/** Email + password → a bearer token (only its hash is stored). One refusal for both wrong cases. */
export async function login(sql: Sql, email: string, password: string, clock: Clock): Promise<LoginResult> {
  const [account] = await sql.query<{
    account_id: string;
    tenant_id: string;
    password_hash: string;
    role: AccountRole;
  }>("SELECT account_id, tenant_id, password_hash, role FROM auth_account_by_email($1)", [
    normalizeEmail(email),
  ]);
  const ok = await verifyPassword(password, account?.password_hash ?? DECOY_HASH);
  if (!account || !ok)
    throw new CloudError("unauthorized", "bad_credentials", "Email o contraseña incorrectos");
  const token = newToken("mos_");
  const sessionId = newId();
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await sql.withTenant(account.tenant_id, (q) =>
    q.query(
      `INSERT INTO account_sessions (id, tenant_id, account_id, token_hash, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [sessionId, account.tenant_id, account.account_id, hashToken(token), now, expiresAt],
    ),
  );
  return {
    token,
    expiresAt,
    principal: {
      sessionId,
      accountId: account.account_id,
      tenantId: account.tenant_id,
      role: account.role,
      email: normalizeEmail(email),
    },
  };
}

/** The session a bearer token belongs to, or null when unknown or expired. */
export async function resolveOwnerSession(
  sql: Sql,
  token: string,
  clock: Clock,
): Promise<OwnerPrincipal | null> {
  const [row] = await sql.query<{
    session_id: string;
    account_id: string;
    tenant_id: string;
    role: AccountRole;
    email: string;
  }>("SELECT session_id, account_id, tenant_id, role, email FROM auth_session($1, $2)", [
    hashToken(token),
    clock.now(),
  ]);
  if (!row) return null;
  return {
    sessionId: row.session_id,
    accountId: row.account_id,
    tenantId: row.tenant_id,
    role: row.role,
    email: row.email,
  };
}

/** Ends the session: its token stops working at once. */
export async function logout(sql: Sql, principal: OwnerPrincipal): Promise<void> {
  await sql.withTenant(principal.tenantId, (q) =>
    q.query("DELETE FROM account_sessions WHERE id = $1", [principal.sessionId]),
  );
}
