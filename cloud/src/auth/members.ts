import type { AccountRole, MemberView } from "@mostrador/contracts/http/cloud-account";
import { CloudError } from "../core/errors.js";
import type { Sql } from "../db/sql.js";

/** The people who can log in to the organization's dashboard. */
export async function listMembers(sql: Sql, tenantId: string): Promise<MemberView[]> {
  const rows = await sql.withTenant(tenantId, (q) =>
    q.query<{
      id: string;
      email: string;
      role: AccountRole;
      verified: boolean;
      totp: boolean;
      created_at: Date;
    }>(
      `SELECT id, email, role, email_verified_at IS NOT NULL AS verified, totp_enabled_at IS NOT NULL AS totp, created_at
       FROM accounts ORDER BY created_at, id`,
    ),
  );
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    role: r.role,
    emailVerified: r.verified,
    totpEnabled: r.totp,
    createdAt: r.created_at.toISOString(),
  }));
}

/**
 * Removes a person from the organization: their account, sessions, tokens and recovery codes go (the
 * sessions at once: their token stops working). Never the last owner — the organization would be left
 * with nobody who can manage it: 409 `last_owner`. The owners' rows are locked first, so two owners
 * removing each other at once cannot both succeed.
 */
export async function removeMember(sql: Sql, tenantId: string, accountId: string): Promise<void> {
  await sql.withTenant(tenantId, async (q) => {
    const owners = await q.query<{ id: string }>(
      "SELECT id FROM accounts WHERE role = 'owner' ORDER BY id FOR UPDATE",
    );
    const [target] = await q.query<{ role: AccountRole }>(
      "SELECT role FROM accounts WHERE id = $1 FOR UPDATE",
      [accountId],
    );
    if (!target) throw new CloudError("not_found", "member_not_found", "No existe esa persona en el equipo");
    if (target.role === "owner" && owners.length <= 1)
      throw new CloudError(
        "conflict",
        "last_owner",
        "Es la única persona dueña de la cuenta: invitá a otra como dueña antes de quitarla",
      );
    await q.query("DELETE FROM accounts WHERE id = $1", [accountId]);
  });
}
