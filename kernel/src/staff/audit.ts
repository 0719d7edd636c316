import { newId } from "../db/ids.js";
import type { Db } from "../db/open.js";
import { stmt } from "../db/statements.js";

export interface AuditEntry {
  at: string;
  staffId: string | null;
  terminalId: string | null;
  /** Dotted verb: "auth.login_failed", "sale.void", "sale.discount_approved", "drawer.open", "cash.close_z", ... */
  action: string;
  entity?: string;
  entityId?: string;
  details?: Record<string, unknown>;
}

/** Records a sensitive action. Call it inside the transaction of the action, so both happen or neither. */
export function recordAudit(db: Db, entry: AuditEntry): void {
  stmt(
    db,
    "INSERT INTO audit_log (id, at, staff_id, terminal_id, action, entity, entity_id, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
  ).run(
    newId(),
    entry.at,
    entry.staffId,
    entry.terminalId,
    entry.action,
    entry.entity ?? null,
    entry.entityId ?? null,
    JSON.stringify(entry.details ?? {}),
  );
}

/** One line of the audit log as the owner reads it (contracts/src/http/staff.ts). */
export { AUDIT_PAGE_MAX, type AuditView } from "@mostrador/contracts/http/staff";
import { AUDIT_PAGE_MAX, type AuditView } from "@mostrador/contracts/http/staff";

/** Newest first, within [from, to) when given (ISO-8601 UTC), at most `limit` rows (default 100). */
export function listAudit(db: Db, query: { from?: string; to?: string; limit?: number } = {}): AuditView[] {
  const limit = Math.min(Math.max(Math.trunc(query.limit ?? 100), 1), AUDIT_PAGE_MAX);
  const rows = db
    .prepare(
      `SELECT a.at, s.name AS staffName, a.action, a.entity, a.entity_id AS entityId, a.details
         FROM audit_log a LEFT JOIN staff s ON s.id = a.staff_id
        WHERE (@from IS NULL OR a.at >= @from) AND (@to IS NULL OR a.at < @to)
        ORDER BY a.at DESC, a.id DESC LIMIT @limit`,
    )
    .all({ from: query.from ?? null, to: query.to ?? null, limit }) as (Omit<AuditView, "details"> & {
    details: string;
  })[];
  return rows.map((r) => ({ ...r, details: JSON.parse(r.details) as Record<string, unknown> }));
}
