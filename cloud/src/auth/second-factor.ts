import type { Clock } from "../core/clock.js";
import { CloudError } from "../core/errors.js";
import type { Sql } from "../db/sql.js";
import type { SecretBox } from "../messaging/secrets.js";
import { TOKEN_UNKNOWN } from "./account-tokens.js";
import { createSession, type ClientInfo, type LoginResult } from "./accounts.js";
import { BAD_CODE, checkSecondFactor } from "./totp.js";
import { hashToken } from "./tokens.js";

/** Wrong codes one login challenge tolerates before it is spent (the password must be typed again). */
const MAX_FAILURES = 5;

/**
 * The login's second step: the challenge from the password step plus a TOTP or recovery code → the
 * session. A wrong code is counted on the challenge (committed, so it survives the refusal); the fifth
 * spends it. Expired (5 minutes) or spent challenges are refused like unknown ones are not: each says so.
 */
export async function completeSecondFactor(
  sql: Sql,
  challenge: string,
  code: string,
  box: SecretBox,
  clock: Clock,
  client: ClientInfo,
): Promise<LoginResult> {
  const [found] = await sql.query<{ token_id: string; tenant_id: string; account_id: string }>(
    "SELECT token_id, tenant_id, account_id FROM auth_account_token($1, 'second_factor')",
    [hashToken(challenge)],
  );
  if (!found) throw TOKEN_UNKNOWN();
  const now = clock.now();
  const outcome = await sql.withTenant(found.tenant_id, async (q) => {
    const [row] = await q.query<{ used_at: Date | null; expires_at: Date; failures: number }>(
      "SELECT used_at, expires_at, failures FROM account_tokens WHERE id = $1 FOR UPDATE",
      [found.token_id],
    );
    if (!row || row.used_at || row.expires_at <= now)
      throw new CloudError("gone", "challenge_expired", "El ingreso venció: volvé a escribir tu contraseña");
    if (!(await checkSecondFactor(q, found.account_id, code, box, now))) {
      await q.query(
        `UPDATE account_tokens SET failures = failures + 1,
           used_at = CASE WHEN failures + 1 >= ${MAX_FAILURES} THEN $2::timestamptz END WHERE id = $1`,
        [found.token_id, now],
      );
      return null;
    }
    await q.query("UPDATE account_tokens SET used_at = $2 WHERE id = $1", [found.token_id, now]);
    return createSession(q, { tenantId: found.tenant_id, accountId: found.account_id }, client, now);
  });
  if (!outcome) throw BAD_CODE();
  return outcome;
}
