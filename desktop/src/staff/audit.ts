import { newId } from "../db/ids.js";
import type { Db } from "../db/open.js";

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
  db.prepare(
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
