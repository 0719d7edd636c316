import { CloudError } from "../core/errors.js";
import { newId } from "../core/ids.js";
import type { Queryable, Sql } from "../db/sql.js";
import { hashToken, newToken, type TokenPrefix } from "./tokens.js";

export type TokenPurpose = "verify_email" | "reset_password" | "second_factor";

const PREFIX: Record<TokenPurpose, TokenPrefix> = {
  verify_email: "mov_",
  reset_password: "mor_",
  second_factor: "mof_",
};

/** Verification links last a week (people sign up and read their mail days later); resets one hour. */
export const TOKEN_TTL_MS: Record<TokenPurpose, number> = {
  verify_email: 7 * 24 * 60 * 60 * 1000,
  reset_password: 60 * 60 * 1000,
  second_factor: 5 * 60 * 1000,
};

/**
 * A new single-use token for an account (256 random bits; only the sha256 is kept, so a database dump
 * hands out no live link). Earlier unspent tokens of the same purpose stop working: the newest email wins.
 */
export async function issueAccountToken(
  q: Queryable,
  tenantId: string,
  accountId: string,
  purpose: TokenPurpose,
  now: Date,
): Promise<string> {
  await q.query(
    `UPDATE account_tokens SET used_at = $3 WHERE account_id = $1 AND purpose = $2 AND used_at IS NULL`,
    [accountId, purpose, now],
  );
  const token = newToken(PREFIX[purpose]);
  await q.query(
    `INSERT INTO account_tokens (id, tenant_id, account_id, purpose, token_hash, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      newId(),
      tenantId,
      accountId,
      purpose,
      hashToken(token),
      now,
      new Date(now.getTime() + TOKEN_TTL_MS[purpose]),
    ],
  );
  return token;
}

export const TOKEN_UNKNOWN = () =>
  new CloudError("not_found", "token_unknown", "El enlace no es válido: pedí uno nuevo");

/**
 * Spends a token and runs `fn` in the same tenant transaction (a refusal inside `fn` leaves the token
 * unspent). Unknown → 404 `token_unknown`, already used → 409 `token_used`, past its expiry → 410
 * `token_expired`. The UPDATE ... WHERE used_at IS NULL makes two simultaneous uses take turns.
 */
export async function spendAccountToken<T>(
  sql: Sql,
  token: string,
  purpose: TokenPurpose,
  now: Date,
  fn: (q: Queryable, account: { tenantId: string; accountId: string }) => Promise<T>,
): Promise<T> {
  const [found] = await sql.query<{ token_id: string; tenant_id: string; account_id: string }>(
    "SELECT token_id, tenant_id, account_id FROM auth_account_token($1, $2)",
    [hashToken(token), purpose],
  );
  if (!found) throw TOKEN_UNKNOWN();
  return sql.withTenant(found.tenant_id, async (q) => {
    const [row] = await q.query<{ used_at: Date | null; expires_at: Date }>(
      "SELECT used_at, expires_at FROM account_tokens WHERE id = $1 FOR UPDATE",
      [found.token_id],
    );
    if (!row) throw TOKEN_UNKNOWN();
    if (row.used_at)
      throw new CloudError("conflict", "token_used", "Ese enlace ya se usó: pedí uno nuevo si hace falta");
    if (row.expires_at <= now)
      throw new CloudError("gone", "token_expired", "El enlace venció: pedí uno nuevo");
    await q.query("UPDATE account_tokens SET used_at = $2 WHERE id = $1", [found.token_id, now]);
    return fn(q, { tenantId: found.tenant_id, accountId: found.account_id });
  });
}
