import type { Clock } from "../core/clock.js";
import { CloudError, isUniqueViolation } from "../core/errors.js";
import { newId } from "../core/ids.js";
import type { Queryable, Sql } from "../db/sql.js";
import { decoyHash, hashPassword, needsRehash, verifyPassword } from "./passwords.js";
import { hashToken, newToken } from "./tokens.js";

export type AccountRole = "owner" | "manager" | "accountant";

/** Who is calling with an owner/manager/accountant bearer token. */
export interface OwnerPrincipal {
  sessionId: string;
  accountId: string;
  tenantId: string;
  role: AccountRole;
  email: string;
  /** False until the emailed link is followed: some actions wait for it (http/auth.ts, `verified`). */
  emailVerified: boolean;
}

/** Dashboard sessions last a week; a new login is needed after that. */
export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** A session's "last used" is written at most this often (one write per minute, not per request). */
const TOUCH_EVERY_MS = 60 * 1000;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Where a login came from, shown in the session list. */
export interface ClientInfo {
  userAgent: string | null;
  ip: string | null;
}

export interface NewTenant {
  orgName: string;
  ownerEmail: string;
  password: string;
  rubro?: string;
  /** Sign-up leaves it unverified (the emailed link verifies it); the CLI and the demo, verified. */
  emailVerified?: boolean;
}

export interface CreatedTenant {
  tenantId: string;
  accountId: string;
}

export const EMAIL_TAKEN = () =>
  new CloudError(
    "conflict",
    "email_taken",
    "Ese email ya tiene una cuenta: ingresá con él o pedí una contraseña nueva",
  );

/**
 * A new organization with its owner account, inside the caller's transaction (`q` has the new tenant
 * set). Runs as the service role: the organization's id is the tenant, so its own rows pass WITH CHECK.
 */
export async function insertTenant(
  q: Queryable,
  tenantId: string,
  accountId: string,
  input: NewTenant,
  passwordHash: string,
  now: Date,
): Promise<void> {
  await q.query("INSERT INTO organizations (id, name, rubro, created_at) VALUES ($1, $2, $3, $4)", [
    tenantId,
    input.orgName.trim(),
    input.rubro?.trim() || null,
    now,
  ]);
  await q.query(
    `INSERT INTO accounts (id, tenant_id, email, password_hash, role, created_at, email_verified_at)
     VALUES ($1, $2, $3, $4, 'owner', $5, $6)`,
    [
      accountId,
      tenantId,
      normalizeEmail(input.ownerEmail),
      passwordHash,
      now,
      input.emailVerified === false ? null : now,
    ],
  );
}

/** A new organization with its owner account (the CLI, the demo tenant, tests): verified by default. */
export async function createTenant(sql: Sql, input: NewTenant, clock: Clock): Promise<CreatedTenant> {
  const tenantId = newId();
  const accountId = newId();
  const passwordHash = await hashPassword(input.password);
  try {
    await sql.withTenant(tenantId, (q) =>
      insertTenant(q, tenantId, accountId, input, passwordHash, clock.now()),
    );
  } catch (err) {
    if (isUniqueViolation(err)) throw EMAIL_TAKEN();
    throw err;
  }
  return { tenantId, accountId };
}

export interface LoginResult {
  token: string;
  expiresAt: Date;
  principal: OwnerPrincipal;
}

/** The password was right and the account has a second factor: the login goes on with a code. */
export interface SecondFactorNeeded {
  challenge: string;
  expiresAt: Date;
}

/** The 5 minutes between the password and the TOTP code of a login. */
export const SECOND_FACTOR_TTL_MS = 5 * 60 * 1000;

const BAD_CREDENTIALS = () =>
  new CloudError("unauthorized", "bad_credentials", "Email o contraseña incorrectos");

/** A new session for an account (login, sign-up, an accepted invitation): only the token's hash is stored. */
export async function createSession(
  q: Queryable,
  account: { tenantId: string; accountId: string },
  client: ClientInfo,
  now: Date,
): Promise<LoginResult> {
  const token = newToken("mos_");
  const sessionId = newId();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await q.query(
    `INSERT INTO account_sessions (id, tenant_id, account_id, token_hash, created_at, expires_at, user_agent, ip, last_used_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $5)`,
    [
      sessionId,
      account.tenantId,
      account.accountId,
      hashToken(token),
      now,
      expiresAt,
      client.userAgent?.slice(0, 300) ?? null,
      client.ip?.slice(0, 64) ?? null,
    ],
  );
  const [row] = await q.query<{ role: AccountRole; email: string; verified: boolean }>(
    "SELECT role, email, email_verified_at IS NOT NULL AS verified FROM accounts WHERE id = $1",
    [account.accountId],
  );
  return {
    token,
    expiresAt,
    principal: {
      sessionId,
      accountId: account.accountId,
      tenantId: account.tenantId,
      role: row!.role,
      email: row!.email,
      emailVerified: row!.verified,
    },
  };
}

/**
 * Email + password → a bearer token, or (TOTP on) a second-factor challenge. One refusal for both
 * wrong cases, in the same time (the decoy hash). A hash made with older KDF parameters is replaced.
 */
export async function login(
  sql: Sql,
  email: string,
  password: string,
  clock: Clock,
  client: ClientInfo = { userAgent: null, ip: null },
): Promise<LoginResult | SecondFactorNeeded> {
  const [account] = await sql.query<{
    account_id: string;
    tenant_id: string;
    password_hash: string;
  }>("SELECT account_id, tenant_id, password_hash FROM auth_account_by_email($1)", [normalizeEmail(email)]);
  const ok = await verifyPassword(password, account?.password_hash ?? decoyHash());
  if (!account || !ok) throw BAD_CREDENTIALS();
  const rehashed = needsRehash(account.password_hash) ? await hashPassword(password) : null;
  const ids = { tenantId: account.tenant_id, accountId: account.account_id };
  return sql.withTenant(account.tenant_id, async (q) => {
    const now = clock.now();
    if (rehashed)
      await q.query("UPDATE accounts SET password_hash = $2 WHERE id = $1 AND password_hash = $3", [
        account.account_id,
        rehashed,
        account.password_hash,
      ]);
    const [mfa] = await q.query<{ on: boolean }>(
      "SELECT totp_enabled_at IS NOT NULL AS on FROM accounts WHERE id = $1",
      [account.account_id],
    );
    if (mfa?.on) {
      const challenge = newToken("mof_");
      const expiresAt = new Date(now.getTime() + SECOND_FACTOR_TTL_MS);
      await q.query(
        `INSERT INTO account_tokens (id, tenant_id, account_id, purpose, token_hash, created_at, expires_at)
         VALUES ($1, $2, $3, 'second_factor', $4, $5, $6)`,
        [newId(), account.tenant_id, account.account_id, hashToken(challenge), now, expiresAt],
      );
      return { challenge, expiresAt };
    }
    return createSession(q, ids, client, now);
  });
}

/** The session a bearer token belongs to, or null when unknown or expired. Notes when it was used. */
export async function resolveOwnerSession(
  sql: Sql,
  token: string,
  clock: Clock,
): Promise<OwnerPrincipal | null> {
  const now = clock.now();
  const [row] = await sql.query<{
    session_id: string;
    account_id: string;
    tenant_id: string;
    role: AccountRole;
    email: string;
    email_verified: boolean;
    last_used_at: Date | null;
  }>(
    "SELECT session_id, account_id, tenant_id, role, email, email_verified, last_used_at FROM auth_session($1, $2)",
    [hashToken(token), now],
  );
  if (!row) return null;
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() >= TOUCH_EVERY_MS)
    await sql.withTenant(row.tenant_id, (q) =>
      q.query("UPDATE account_sessions SET last_used_at = $2 WHERE id = $1", [row.session_id, now]),
    );
  return {
    sessionId: row.session_id,
    accountId: row.account_id,
    tenantId: row.tenant_id,
    role: row.role,
    email: row.email,
    emailVerified: row.email_verified,
  };
}

/** Ends the session: its token stops working at once. */
export async function logout(sql: Sql, principal: OwnerPrincipal): Promise<void> {
  await sql.withTenant(principal.tenantId, (q) =>
    q.query("DELETE FROM account_sessions WHERE id = $1", [principal.sessionId]),
  );
}

/** The password check of a logged-in person (change password, TOTP changes): 403 when wrong. */
export async function checkOwnPassword(q: Queryable, accountId: string, password: string): Promise<void> {
  const [row] = await q.query<{ password_hash: string }>("SELECT password_hash FROM accounts WHERE id = $1", [
    accountId,
  ]);
  if (!row || !(await verifyPassword(password, row.password_hash)))
    throw new CloudError("forbidden", "wrong_password", "La contraseña actual no es correcta");
}
