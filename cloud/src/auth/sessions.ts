import type { SessionView } from "@mostrador/contracts/http/cloud-account";
import type { Clock } from "../core/clock.js";
import { CloudError } from "../core/errors.js";
import type { Sql } from "../db/sql.js";
import type { OwnerPrincipal } from "./accounts.js";

/** The caller's own unexpired sessions, newest first, with where they came from. */
export async function listSessions(sql: Sql, me: OwnerPrincipal, clock: Clock): Promise<SessionView[]> {
  const rows = await sql.withTenant(me.tenantId, (q) =>
    q.query<{
      id: string;
      user_agent: string | null;
      ip: string | null;
      created_at: Date;
      last_used_at: Date | null;
      expires_at: Date;
    }>(
      `SELECT id, user_agent, ip, created_at, last_used_at, expires_at FROM account_sessions
       WHERE account_id = $1 AND expires_at > $2 ORDER BY created_at DESC, id DESC`,
      [me.accountId, clock.now()],
    ),
  );
  return rows.map((r) => ({
    id: r.id,
    userAgent: r.user_agent,
    ip: r.ip,
    createdAt: r.created_at.toISOString(),
    lastUsedAt: r.last_used_at?.toISOString() ?? null,
    expiresAt: r.expires_at.toISOString(),
    current: r.id === me.sessionId,
  }));
}

/** Ends one of the caller's sessions (another person's session id looks unknown). */
export async function revokeSession(sql: Sql, me: OwnerPrincipal, sessionId: string): Promise<void> {
  const rows = await sql.withTenant(me.tenantId, (q) =>
    q.query("DELETE FROM account_sessions WHERE id = $1 AND account_id = $2 RETURNING id", [
      sessionId,
      me.accountId,
    ]),
  );
  if (rows.length === 0) throw new CloudError("not_found", "session_not_found", "No existe esa sesión");
}

/** "Cerrar las demás": every session of the caller but this one. */
export async function revokeOtherSessions(sql: Sql, me: OwnerPrincipal): Promise<number> {
  const rows = await sql.withTenant(me.tenantId, (q) =>
    q.query("DELETE FROM account_sessions WHERE account_id = $1 AND id <> $2 RETURNING id", [
      me.accountId,
      me.sessionId,
    ]),
  );
  return rows.length;
}
