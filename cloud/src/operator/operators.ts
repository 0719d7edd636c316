import { Secret, TOTP } from "otpauth";
import type { OperatorLoginAnswer, OperatorView } from "@mostrador/contracts/http/cloud-operator";
import type { Clock } from "../core/clock.js";
import { CloudError, isUniqueViolation } from "../core/errors.js";
import { newId } from "../core/ids.js";
import type { Queryable } from "../db/sql.js";
import { decoyHash, hashPassword, verifyPassword } from "../auth/passwords.js";
import { acceptedStep } from "../auth/totp.js";
import { hashToken, newToken } from "../auth/tokens.js";
import type { SecretBox } from "../messaging/secrets.js";
import type { OperatorDb } from "./operator-db.js";
import { recordAudit } from "./audit.js";

/** An operator's session lasts a working day, not a week: the console sees every tenant. */
const SESSION_MS = 12 * 3_600_000;

export interface OperatorPrincipal extends OperatorView {
  sessionId: string;
}

const BAD_LOGIN = () =>
  new CloudError(
    "unauthorized",
    "bad_credentials",
    "Email, contraseña o código incorrectos (el código del segundo factor es obligatorio)",
  );

/**
 * Creates an operator (the ops script, create-operator-cli.ts): the TOTP secret is born with it, so no
 * operator ever exists without a second factor. Returns the secret's otpauth URI, shown once.
 */
export async function createOperator(
  db: OperatorDb,
  box: SecretBox,
  input: { email: string; name: string; password: string },
  clock: Clock,
): Promise<{ id: string; uri: string; secret: string }> {
  const email = input.email.trim().toLowerCase();
  const secret = new Secret({ size: 20 }).base32;
  const passwordHash = await hashPassword(input.password);
  const id = newId();
  try {
    await db.run(async (q) => {
      await q.query(
        `INSERT INTO operators (id, email, name, password_hash, totp_secret_ciphertext, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [id, email, input.name.trim(), passwordHash, box.seal(secret), clock.now()],
      );
      await recordAudit(q, { operatorId: id, action: "operator.created", at: clock.now() });
    });
  } catch (err) {
    if (isUniqueViolation(err))
      throw new CloudError("conflict", "operator_exists", "Ya existe un operador con ese email");
    throw err;
  }
  const uri = new TOTP({
    issuer: "Mostrador operador",
    label: email,
    secret: Secret.fromBase32(secret),
  }).toString();
  return { id, uri, secret };
}

/**
 * Password AND a TOTP code (each 30-s step accepted once), or nothing: a wrong part is the same 401
 * whichever it was. Every attempt is audited, the failed ones without an operator when the email is
 * unknown.
 */
export async function loginOperator(
  db: OperatorDb,
  box: SecretBox,
  input: { email: string; password: string; code: string },
  ip: string,
  clock: Clock,
): Promise<OperatorLoginAnswer> {
  const email = input.email.trim().toLowerCase();
  const [row] = await db.run((q) =>
    q.query<{ id: string; name: string; password_hash: string; disabled: boolean }>(
      "SELECT id, name, password_hash, disabled_at IS NOT NULL AS disabled FROM operators WHERE email = $1",
      [email],
    ),
  );
  // The decoy keeps an unknown email as slow as a known one.
  const passwordOk = await verifyPassword(input.password, row?.password_hash ?? decoyHash());
  const now = clock.now();
  const answer = await db.run(async (q) => {
    if (!row || !passwordOk || row.disabled) return null;
    const [secret] = await q.query<{ secret: string; last: string | number | null }>(
      "SELECT totp_secret_ciphertext AS secret, totp_last_step AS last FROM operators WHERE id = $1 FOR UPDATE",
      [row.id],
    );
    if (!secret) return null;
    const step = acceptedStep(
      box.open(secret.secret),
      input.code,
      now,
      secret.last === null ? null : Number(secret.last),
    );
    if (step === null) return null;
    await q.query("UPDATE operators SET totp_last_step = $2 WHERE id = $1", [row.id, step]);
    const token = newToken("mop_");
    const sessionId = newId();
    const expiresAt = new Date(now.getTime() + SESSION_MS);
    await q.query(
      `INSERT INTO operator_sessions (id, operator_id, token_hash, ip, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [sessionId, row.id, hashToken(token), ip, now, expiresAt],
    );
    await recordAudit(q, { operatorId: row.id, action: "login", ip, at: now });
    return { token, expiresAt: expiresAt.toISOString(), operator: { id: row.id, email, name: row.name } };
  });
  if (answer) return answer;
  await db.run((q) =>
    recordAudit(q, { operatorId: row?.id ?? null, action: "login_failed", detail: { email }, ip, at: now }),
  );
  throw BAD_LOGIN();
}

/** The operator behind a `mop_` bearer token, while its session lives; null otherwise. */
export async function resolveOperatorSession(
  q: Queryable,
  token: string,
  now: Date,
): Promise<OperatorPrincipal | null> {
  if (!token.startsWith("mop_")) return null;
  const [row] = await q.query<{ session_id: string; id: string; email: string; name: string }>(
    `SELECT s.id AS session_id, o.id, o.email, o.name
     FROM operator_sessions s JOIN operators o ON o.id = s.operator_id
     WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND o.disabled_at IS NULL`,
    [hashToken(token), now],
  );
  return row ? { sessionId: row.session_id, id: row.id, email: row.email, name: row.name } : null;
}

export async function endOperatorSession(q: Queryable, sessionId: string, now: Date): Promise<void> {
  await q.query("UPDATE operator_sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL", [
    sessionId,
    now,
  ]);
}
