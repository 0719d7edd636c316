import type { Clock } from "../core/clock.js";
import type { Sql } from "../db/sql.js";
import { enqueueAccountMail } from "../messaging/account-mail.js";
import { issueAccountToken, spendAccountToken } from "./account-tokens.js";
import { resetMail } from "./account-mail-texts.js";
import { checkOwnPassword, normalizeEmail, type OwnerPrincipal } from "./accounts.js";
import { checkPasswordStrength } from "./password-rule.js";
import { hashPassword } from "./passwords.js";

/**
 * "Olvidé mi contraseña": when the email has an account, a reset link (1 hour, single use) is queued.
 * The caller answers the same either way, so the form does not tell who has an account.
 */
export async function requestPasswordReset(
  sql: Sql,
  email: string,
  clock: Clock,
  publicUrl: string,
): Promise<void> {
  const address = normalizeEmail(email);
  const [account] = await sql.query<{ account_id: string; tenant_id: string }>(
    "SELECT account_id, tenant_id FROM auth_account_by_email($1)",
    [address],
  );
  if (!account) return;
  await sql.withTenant(account.tenant_id, async (q) => {
    const now = clock.now();
    const token = await issueAccountToken(q, account.tenant_id, account.account_id, "reset_password", now);
    await enqueueAccountMail(
      q,
      account.tenant_id,
      {
        email: address,
        ...resetMail(publicUrl, token),
        dedupeKey: `account:reset_password:${token.slice(4, 20)}`,
        source: `account:${account.account_id}`,
      },
      now,
    );
  });
}

/**
 * The reset link's form: the new password replaces the old one and EVERY session of the account ends
 * (whoever knew the old password is out). Following the link also proves the address: verified.
 */
export async function confirmPasswordReset(
  sql: Sql,
  token: string,
  password: string,
  clock: Clock,
): Promise<void> {
  const now = clock.now();
  // The strength rule needs the email: checked inside, before anything is written (a refusal rolls back).
  const hash = await hashPassword(password);
  await spendAccountToken(sql, token, "reset_password", now, async (q, account) => {
    const [row] = await q.query<{ email: string }>("SELECT email FROM accounts WHERE id = $1", [
      account.accountId,
    ]);
    checkPasswordStrength(password, { email: row!.email });
    await q.query(
      `UPDATE accounts SET password_hash = $2, password_changed_at = $3,
         email_verified_at = COALESCE(email_verified_at, $3) WHERE id = $1`,
      [account.accountId, hash, now],
    );
    await q.query("DELETE FROM account_sessions WHERE account_id = $1", [account.accountId]);
  });
}

/** Change password while logged in: the current one is asked again; the OTHER sessions end. */
export async function changePassword(
  sql: Sql,
  principal: OwnerPrincipal,
  currentPassword: string,
  newPassword: string,
  clock: Clock,
): Promise<void> {
  checkPasswordStrength(newPassword, { email: principal.email });
  const hash = await hashPassword(newPassword);
  await sql.withTenant(principal.tenantId, async (q) => {
    await checkOwnPassword(q, principal.accountId, currentPassword);
    await q.query("UPDATE accounts SET password_hash = $2, password_changed_at = $3 WHERE id = $1", [
      principal.accountId,
      hash,
      clock.now(),
    ]);
    await q.query("DELETE FROM account_sessions WHERE account_id = $1 AND id <> $2", [
      principal.accountId,
      principal.sessionId,
    ]);
  });
}
