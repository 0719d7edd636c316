import type { AuditAction } from "@mostrador/contracts/audit-actions";
import { newId } from "../db/ids.js";
import type { Db } from "../db/open.js";
import { stmt } from "../db/statements.js";

export interface AuditEntry {
  at: string;
  staffId: string | null;
  terminalId: string | null;
  /** Dotted verb: "auth.login_failed", "sale.void", "sale.discount_approved", "drawer.open", "cash.close_z", ... */
  action: AuditAction;
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
import { AUDIT_PAGE_MAX, type AuditView } from "@mostrador/contracts/http/staff";

export interface AuditFilter {
  from?: string;
  to?: string;
  limit?: number;
  offset?: number;
  staffId?: string;
  action?: string;
}

/**
 * Newest first, within [from, to) when given (ISO-8601 UTC), by one staff member and one action or family
 * of actions ("sale" → "sale.*") when given; `limit` rows (default 100) after `offset`.
 */
export function listAudit(db: Db, query: AuditFilter = {}): AuditView[] {
  const limit = Math.min(Math.max(Math.trunc(query.limit ?? 100), 1), AUDIT_PAGE_MAX);
  const rows = db
    .prepare(
      `SELECT a.at, s.name AS staffName, a.action, a.entity, a.entity_id AS entityId, a.details
         FROM audit_log a LEFT JOIN staff s ON s.id = a.staff_id
        WHERE (@from IS NULL OR a.at >= @from) AND (@to IS NULL OR a.at < @to)
          AND (@staffId IS NULL OR a.staff_id = @staffId)
          AND (@action IS NULL OR a.action = @action OR substr(a.action, 1, length(@action) + 1) = @action || '.')
        ORDER BY a.at DESC, a.id DESC LIMIT @limit OFFSET @offset`,
    )
    .all({
      from: query.from ?? null,
      to: query.to ?? null,
      staffId: query.staffId ?? null,
      action: query.action ?? null,
      limit,
      offset: Math.max(Math.trunc(query.offset ?? 0), 0),
    }) as (Omit<AuditView, "details"> & { details: string })[];
  return rows.map((r) => ({ ...r, details: JSON.parse(r.details) as Record<string, unknown> }));
}

/** Every action the log holds, alphabetically: the audit screen offers them as a filter. */
export function auditActions(db: Db): string[] {
  return (
    db.prepare("SELECT DISTINCT action FROM audit_log ORDER BY action").all() as { action: string }[]
  ).map((r) => r.action);
}
