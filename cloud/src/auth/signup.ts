import type { Rubro } from "@mostrador/contracts/http/cloud-account";
import type { Clock } from "../core/clock.js";
import { CloudError, isUniqueViolation } from "../core/errors.js";
import { newId } from "../core/ids.js";
import type { Queryable, Sql } from "../db/sql.js";
import { startTrial } from "../billing/trial.js";
import { leadFromSignUp } from "../operator/signup-lead.js";
import { enqueueAccountMail } from "../messaging/account-mail.js";
import { issueAccountToken, spendAccountToken } from "./account-tokens.js";
import { verificationMail } from "./account-mail-texts.js";
import {
  createSession,
  EMAIL_TAKEN,
  insertTenant,
  normalizeEmail,
  type ClientInfo,
  type LoginResult,
} from "./accounts.js";
import { checkPasswordStrength } from "./password-rule.js";
import { hashPassword } from "./passwords.js";

export interface SignUp {
  businessName: string;
  rubro: Rubro;
  email: string;
  password: string;
}

/**
 * Self-service sign-up: the organization, its first store and its owner in ONE transaction, with the
 * verification email queued in it too (so it goes only if the account exists), and a session so the
 * person lands in the dashboard at once (unverified: banner, no pairing, no invitations).
 * A taken email is 409 `email_taken` and nothing is created (decision in cloud/README.md, "Accounts").
 */
export async function signUp(
  sql: Sql,
  input: SignUp,
  clock: Clock,
  client: ClientInfo,
  publicUrl: string,
): Promise<LoginResult> {
  const email = normalizeEmail(input.email);
  const businessName = input.businessName.trim();
  checkPasswordStrength(input.password, { email, name: businessName });
  const [taken] = await sql.query("SELECT 1 FROM auth_account_by_email($1)", [email]);
  if (taken) throw EMAIL_TAKEN();
  const passwordHash = await hashPassword(input.password);
  const tenantId = newId();
  const accountId = newId();
  try {
    return await sql.withTenant(tenantId, async (q) => {
      const now = clock.now();
      await insertTenant(
        q,
        tenantId,
        accountId,
        { orgName: businessName, ownerEmail: email, password: "", rubro: input.rubro, emailVerified: false },
        passwordHash,
        now,
      );
      // The first store, named after the business (renamed or joined by more in Locales).
      await q.query("INSERT INTO stores (id, tenant_id, name, created_at) VALUES ($1, $2, $3, $4)", [
        newId(),
        tenantId,
        businessName,
        now,
      ]);
      await startTrial(q, tenantId, now);
      await leadFromSignUp(q, tenantId, { businessName, email, rubro: input.rubro }, now);
      await sendVerification(q, tenantId, accountId, email, businessName, publicUrl, now);
      return createSession(q, { tenantId, accountId }, client, now);
    });
  } catch (err) {
    // Two sign-ups with one email at once: the unique index decides, the loser gets the same answer.
    if (isUniqueViolation(err)) throw EMAIL_TAKEN();
    throw err;
  }
}

async function sendVerification(
  q: Queryable,
  tenantId: string,
  accountId: string,
  email: string,
  org: string,
  publicUrl: string,
  now: Date,
): Promise<void> {
  const token = await issueAccountToken(q, tenantId, accountId, "verify_email", now);
  await enqueueAccountMail(
    q,
    tenantId,
    {
      email,
      ...verificationMail(publicUrl, org, token),
      dedupeKey: `account:verify_email:${token.slice(4, 20)}`,
      source: `account:${accountId}`,
    },
    now,
  );
}

/** "Reenviar el email": a new link (the old one stops working). 409 when already verified. */
export async function resendVerification(
  sql: Sql,
  tenantId: string,
  accountId: string,
  clock: Clock,
  publicUrl: string,
): Promise<void> {
  await sql.withTenant(tenantId, async (q) => {
    const [row] = await q.query<{ email: string; verified: boolean; org: string }>(
      `SELECT a.email, a.email_verified_at IS NOT NULL AS verified, o.name AS org
       FROM accounts a JOIN organizations o ON o.id = a.tenant_id WHERE a.id = $1`,
      [accountId],
    );
    if (!row) throw new CloudError("not_found", "account_not_found", "No existe la cuenta");
    if (row.verified)
      throw new CloudError("conflict", "email_already_verified", "Tu email ya está confirmado");
    await sendVerification(q, tenantId, accountId, row.email, row.org, publicUrl, clock.now());
  });
}

/** The emailed link: marks the account's email verified (single use, 7 days). */
export async function verifyEmail(sql: Sql, token: string, clock: Clock): Promise<{ email: string }> {
  const now = clock.now();
  return spendAccountToken(sql, token, "verify_email", now, async (q, account) => {
    const [row] = await q.query<{ email: string }>(
      "UPDATE accounts SET email_verified_at = COALESCE(email_verified_at, $2) WHERE id = $1 RETURNING email",
      [account.accountId, now],
    );
    return { email: row!.email };
  });
}
