import type { AuditEntry } from "@mostrador/contracts/http/cloud-operator";
import { newId } from "../core/ids.js";
import type { Queryable } from "../db/sql.js";

/**
 * One row per access of the console: who (the operator), what (the action), which tenant (when the
 * access was about one), when and from where. Appended in the access's own transaction, so a read
 * that returned data is never missing from the log.
 */
export async function recordAudit(
  q: Queryable,
  entry: {
    operatorId: string | null;
    action: string;
    tenantId?: string | null;
    detail?: Record<string, unknown> | null;
    ip?: string | null;
    at: Date;
  },
): Promise<void> {
  await q.query(
    `INSERT INTO operator_audit (id, operator_id, action, organization_id, detail, ip, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      newId(),
      entry.operatorId,
      entry.action,
      entry.tenantId ?? null,
      entry.detail ? JSON.stringify(entry.detail) : null,
      entry.ip ?? null,
      entry.at,
    ],
  );
}

/** The newest entries first, optionally of one tenant. */
export async function readAudit(
  q: Queryable,
  options: { limit: number; tenantId?: string | undefined },
): Promise<AuditEntry[]> {
  const rows = await q.query<{
    id: string;
    email: string | null;
    action: string;
    tenant_id: string | null;
    tenant_name: string | null;
    ip: string | null;
    at: Date;
  }>(
    `SELECT a.id, o.email, a.action, a.organization_id AS tenant_id, org.name AS tenant_name, a.ip, a.at
     FROM operator_audit a
     LEFT JOIN operators o ON o.id = a.operator_id
     LEFT JOIN organizations org ON org.id = a.organization_id
     WHERE ($2::uuid IS NULL OR a.organization_id = $2::uuid)
     ORDER BY a.at DESC, a.id DESC LIMIT $1`,
    [options.limit, options.tenantId ?? null],
  );
  return rows.map((r) => ({
    id: r.id,
    operatorEmail: r.email,
    action: r.action,
    tenantId: r.tenant_id,
    tenantName: r.tenant_name,
    ip: r.ip,
    at: r.at.toISOString(),
  }));
}
