import { randomInt } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import type { TotpEnrollment } from "@mostrador/contracts/http/cloud-account";
import type { Clock } from "../core/clock.js";
import { CloudError } from "../core/errors.js";
import type { Queryable, Sql } from "../db/sql.js";
import type { SecretBox } from "../messaging/secrets.js";
import { checkOwnPassword, type OwnerPrincipal } from "./accounts.js";
import { hashToken } from "./tokens.js";

// RFC 6238 as every authenticator app reads it: SHA-1, 6 digits, 30 s steps. One step either side is
// accepted (a phone's clock a little off), and each step's code only once (totp_last_step).
const PERIOD = 30;
const WINDOW = 1;
const RECOVERY_CODES = 10;
const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

const totpOf = (secret: string, label: string) =>
  new TOTP({ issuer: "Mostrador", label, secret: Secret.fromBase32(secret), period: PERIOD });

export const BAD_CODE = () =>
  new CloudError(
    "unauthorized",
    "bad_code",
    "El código no es correcto (o ya se usó): probá con el siguiente",
  );

/** A recovery code as typed: case, spaces and dashes do not matter. */
const normalizeRecovery = (code: string) => code.toLowerCase().replace(/[\s-]/g, "");

function newRecoveryCode(): string {
  const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]);
  return `${chars.slice(0, 5).join("")}-${chars.slice(5).join("")}`;
}

/** Starts enrolment (owners, with their password): a new secret, pending until a first code confirms it. */
export async function enrollTotp(
  sql: Sql,
  me: OwnerPrincipal,
  password: string,
  box: SecretBox,
): Promise<TotpEnrollment> {
  const secret = new Secret({ size: 20 }).base32;
  await sql.withTenant(me.tenantId, async (q) => {
    await checkOwnPassword(q, me.accountId, password);
    const [row] = await q.query<{ on: boolean }>(
      "SELECT totp_enabled_at IS NOT NULL AS on FROM accounts WHERE id = $1",
      [me.accountId],
    );
    if (row?.on)
      throw new CloudError(
        "conflict",
        "totp_already_on",
        "El segundo factor ya está activo: desactivalo primero",
      );
    await q.query("UPDATE accounts SET totp_pending_ciphertext = $2 WHERE id = $1", [
      me.accountId,
      box.seal(secret),
    ]);
  });
  return { secret, uri: totpOf(secret, me.email).toString() };
}

/** The step a code belongs to if it is right for `secret` at `now` and newer than `lastStep`, else null. */
export function acceptedStep(
  secret: string,
  code: string,
  now: Date,
  lastStep: number | null,
): number | null {
  const totp = totpOf(secret, "");
  const token = code.replace(/\s/g, "");
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totp.validate({ token, timestamp: now.getTime(), window: WINDOW });
  if (delta === null) return null;
  const step = totp.counter({ timestamp: now.getTime() }) + delta;
  return lastStep !== null && step <= lastStep ? null : step;
}

/** The first code from the app turns the factor on; the recovery codes are answered once. */
export async function confirmTotp(
  sql: Sql,
  me: OwnerPrincipal,
  code: string,
  box: SecretBox,
  clock: Clock,
): Promise<string[]> {
  const now = clock.now();
  const result = await sql.withTenant(me.tenantId, async (q) => {
    const [row] = await q.query<{ pending: string | null }>(
      "SELECT totp_pending_ciphertext AS pending FROM accounts WHERE id = $1 FOR UPDATE",
      [me.accountId],
    );
    if (!row?.pending)
      throw new CloudError("conflict", "totp_not_enrolling", "Primero pedí el código QR para tu app");
    const secret = box.open(row.pending);
    const step = acceptedStep(secret, code, now, null);
    if (step === null) return null;
    await q.query(
      `UPDATE accounts SET totp_secret_ciphertext = totp_pending_ciphertext, totp_pending_ciphertext = NULL,
         totp_enabled_at = $2, totp_last_step = $3 WHERE id = $1`,
      [me.accountId, now, step],
    );
    const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
    await q.query("DELETE FROM account_recovery_codes WHERE account_id = $1", [me.accountId]);
    for (const c of codes)
      await q.query(
        "INSERT INTO account_recovery_codes (tenant_id, account_id, code_hash) VALUES ($1, $2, $3)",
        [me.tenantId, me.accountId, hashToken(normalizeRecovery(c))],
      );
    return codes;
  });
  if (!result) throw BAD_CODE();
  return result;
}

/**
 * Checks a second-factor code of an account with TOTP on, in the caller's transaction: a TOTP code
 * (each step once) or an unused recovery code (spent). False when neither.
 */
export async function checkSecondFactor(
  q: Queryable,
  accountId: string,
  code: string,
  box: SecretBox,
  now: Date,
): Promise<boolean> {
  const [row] = await q.query<{ secret: string | null; last: string | number | null }>(
    "SELECT totp_secret_ciphertext AS secret, totp_last_step AS last FROM accounts WHERE id = $1 FOR UPDATE",
    [accountId],
  );
  if (!row?.secret) return false;
  const step = acceptedStep(box.open(row.secret), code, now, row.last === null ? null : Number(row.last));
  if (step !== null) {
    await q.query("UPDATE accounts SET totp_last_step = $2 WHERE id = $1", [accountId, step]);
    return true;
  }
  const spent = await q.query(
    `UPDATE account_recovery_codes SET used_at = $3
     WHERE account_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING code_hash`,
    [accountId, hashToken(normalizeRecovery(code)), now],
  );
  return spent.length > 0;
}

/** Turns the factor off with a current code (or a recovery code); the recovery codes go with it. */
export async function disableTotp(
  sql: Sql,
  me: OwnerPrincipal,
  code: string,
  box: SecretBox,
  clock: Clock,
): Promise<void> {
  const ok = await sql.withTenant(me.tenantId, async (q) => {
    const [row] = await q.query<{ on: boolean }>(
      "SELECT totp_enabled_at IS NOT NULL AS on FROM accounts WHERE id = $1",
      [me.accountId],
    );
    if (!row?.on) throw new CloudError("conflict", "totp_off", "El segundo factor no está activo");
    if (!(await checkSecondFactor(q, me.accountId, code, box, clock.now()))) return false;
    await q.query(
      `UPDATE accounts SET totp_secret_ciphertext = NULL, totp_pending_ciphertext = NULL, totp_enabled_at = NULL,
         totp_last_step = NULL WHERE id = $1`,
      [me.accountId],
    );
    await q.query("DELETE FROM account_recovery_codes WHERE account_id = $1", [me.accountId]);
    return true;
  });
  if (!ok) throw BAD_CODE();
}
