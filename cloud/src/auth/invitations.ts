import type { AccountRole, InvitationPreview, InvitationView } from "@mostrador/contracts/http/cloud-account";
import type { Clock } from "../core/clock.js";
import { CloudError, isUniqueViolation } from "../core/errors.js";
import { newId } from "../core/ids.js";
import type { Queryable, Sql } from "../db/sql.js";
import { enqueueAccountMail } from "../messaging/account-mail.js";
import { TOKEN_UNKNOWN } from "./account-tokens.js";
import { invitationMail } from "./account-mail-texts.js";
import {
  createSession,
  EMAIL_TAKEN,
  normalizeEmail,
  type ClientInfo,
  type LoginResult,
  type OwnerPrincipal,
} from "./accounts.js";
import { checkPasswordStrength } from "./password-rule.js";
import { hashPassword } from "./passwords.js";
import { hashToken, newToken } from "./tokens.js";

/** An invitation link lasts a week; re-sending makes a new link and a new week. */
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

interface InvitationRow {
  id: string;
  email: string;
  role: AccountRole;
  created_at: Date;
  sent_at: Date;
  expires_at: Date;
  accepted_at: Date | null;
  revoked_at: Date | null;
}

const view = (r: InvitationRow, now: Date): InvitationView => ({
  id: r.id,
  email: r.email,
  role: r.role,
  createdAt: r.created_at.toISOString(),
  sentAt: r.sent_at.toISOString(),
  expiresAt: r.expires_at.toISOString(),
  expired: r.expires_at <= now,
});

const NOT_FOUND = () =>
  new CloudError("not_found", "invitation_not_found", "No existe esa invitación (o ya se aceptó o revocó)");

async function mailInvitation(
  q: Queryable,
  tenantId: string,
  me: OwnerPrincipal,
  invitation: { id: string; email: string; role: AccountRole },
  token: string,
  publicUrl: string,
  now: Date,
): Promise<void> {
  const [org] = await q.query<{ name: string }>("SELECT name FROM organizations");
  await enqueueAccountMail(
    q,
    tenantId,
    {
      email: invitation.email,
      ...invitationMail(publicUrl, org!.name, me.email, invitation.role, token),
      dedupeKey: `account:invitation:${token.slice(4, 20)}`,
      source: `invitation:${invitation.id}`,
    },
    now,
  );
}

/**
 * An owner invites a person by email with a role. Refused: an address that already has an account
 * (here: 409 `already_member`; in another organization: 409 `email_taken` — one person, one
 * organization, since login is by email), and a second open invitation for one address.
 */
export async function invite(
  sql: Sql,
  me: OwnerPrincipal,
  input: { email: string; role: AccountRole },
  clock: Clock,
  publicUrl: string,
): Promise<InvitationView> {
  const email = normalizeEmail(input.email);
  const [existing] = await sql.query<{ tenant_id: string }>(
    "SELECT tenant_id FROM auth_account_by_email($1)",
    [email],
  );
  if (existing?.tenant_id === me.tenantId)
    throw new CloudError("conflict", "already_member", "Esa persona ya es parte del equipo");
  if (existing) throw EMAIL_TAKEN();
  const token = newToken("moi_");
  const now = clock.now();
  const id = newId();
  try {
    return await sql.withTenant(me.tenantId, async (q) => {
      const [row] = await q.query<InvitationRow>(
        `INSERT INTO account_invitations (id, tenant_id, email, role, invited_by, token_hash, created_at, sent_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8) RETURNING *`,
        [
          id,
          me.tenantId,
          email,
          input.role,
          me.accountId,
          hashToken(token),
          now,
          new Date(now.getTime() + INVITATION_TTL_MS),
        ],
      );
      await mailInvitation(q, me.tenantId, me, { id, email, role: input.role }, token, publicUrl, now);
      return view(row!, now);
    });
  } catch (err) {
    if (isUniqueViolation(err))
      throw new CloudError(
        "conflict",
        "invitation_exists",
        "Ya hay una invitación abierta para ese email: reenviala desde la lista",
      );
    throw err;
  }
}

export async function listInvitations(sql: Sql, tenantId: string, clock: Clock): Promise<InvitationView[]> {
  const now = clock.now();
  const rows = await sql.withTenant(tenantId, (q) =>
    q.query<InvitationRow>(
      `SELECT * FROM account_invitations WHERE accepted_at IS NULL AND revoked_at IS NULL ORDER BY created_at DESC, id DESC`,
    ),
  );
  return rows.map((r) => view(r, now));
}

/** A new link and a new week for an open invitation; the previous link stops working. */
export async function resendInvitation(
  sql: Sql,
  me: OwnerPrincipal,
  id: string,
  clock: Clock,
  publicUrl: string,
): Promise<InvitationView> {
  const token = newToken("moi_");
  const now = clock.now();
  return sql.withTenant(me.tenantId, async (q) => {
    const [row] = await q.query<InvitationRow>(
      `UPDATE account_invitations SET token_hash = $2, sent_at = $3, expires_at = $4
       WHERE id = $1 AND accepted_at IS NULL AND revoked_at IS NULL RETURNING *`,
      [id, hashToken(token), now, new Date(now.getTime() + INVITATION_TTL_MS)],
    );
    if (!row) throw NOT_FOUND();
    await mailInvitation(q, me.tenantId, me, row, token, publicUrl, now);
    return view(row, now);
  });
}

/** Revokes an open invitation: its link stops working. */
export async function revokeInvitation(sql: Sql, tenantId: string, id: string, clock: Clock): Promise<void> {
  const rows = await sql.withTenant(tenantId, (q) =>
    q.query(
      `UPDATE account_invitations SET revoked_at = $2 WHERE id = $1 AND accepted_at IS NULL AND revoked_at IS NULL RETURNING id`,
      [id, clock.now()],
    ),
  );
  if (rows.length === 0) throw NOT_FOUND();
}

/** The open invitation a link names, checked (used, revoked, expired), inside its tenant's transaction. */
async function openInvitation<T>(
  sql: Sql,
  token: string,
  now: Date,
  fn: (q: Queryable, row: InvitationRow, tenantId: string) => Promise<T>,
): Promise<T> {
  const [found] = await sql.query<{ invitation_id: string; tenant_id: string }>(
    "SELECT invitation_id, tenant_id FROM auth_invitation($1)",
    [hashToken(token)],
  );
  if (!found) throw TOKEN_UNKNOWN();
  return sql.withTenant(found.tenant_id, async (q) => {
    const [row] = await q.query<InvitationRow>("SELECT * FROM account_invitations WHERE id = $1 FOR UPDATE", [
      found.invitation_id,
    ]);
    if (!row) throw TOKEN_UNKNOWN();
    if (row.accepted_at)
      throw new CloudError("conflict", "token_used", "Esa invitación ya se aceptó: ingresá con tu email");
    if (row.revoked_at)
      throw new CloudError(
        "gone",
        "invitation_revoked",
        "La invitación fue revocada: pedile una nueva a quien te invitó",
      );
    if (row.expires_at <= now)
      throw new CloudError(
        "gone",
        "token_expired",
        "La invitación venció: pedile a quien te invitó que la reenvíe",
      );
    return fn(q, row, found.tenant_id);
  });
}

/** What the invitation page shows: who invites, to which address and with which role. */
export async function previewInvitation(sql: Sql, token: string, clock: Clock): Promise<InvitationPreview> {
  return openInvitation(sql, token, clock.now(), async (q, row) => {
    const [org] = await q.query<{ name: string }>("SELECT name FROM organizations");
    return {
      organization: org!.name,
      email: row.email,
      role: row.role,
      expiresAt: row.expires_at.toISOString(),
    };
  });
}

/**
 * The invitee sets a password: their account is created with the invitation's role (the email is
 * verified: the link came to it), the invitation is spent, and they are logged in.
 */
export async function acceptInvitation(
  sql: Sql,
  token: string,
  password: string,
  clock: Clock,
  client: ClientInfo,
): Promise<LoginResult> {
  const now = clock.now();
  const hash = await hashPassword(password);
  try {
    return await openInvitation(sql, token, now, async (q, row, tenantId) => {
      checkPasswordStrength(password, { email: row.email });
      const accountId = newId();
      await q.query(
        `INSERT INTO accounts (id, tenant_id, email, password_hash, role, created_at, email_verified_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6)`,
        [accountId, tenantId, row.email, hash, row.role, now],
      );
      await q.query("UPDATE account_invitations SET accepted_at = $2 WHERE id = $1", [row.id, now]);
      return createSession(q, { tenantId, accountId }, client, now);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw EMAIL_TAKEN();
    throw err;
  }
}
