import type { AuditAction } from "@mostrador/contracts/audit-actions";
import type { Permission } from "@mostrador/contracts/http/staff";
import { type Ctx, isoNow } from "../core/context.js";
import { DomainError } from "../core/errors.js";
import { recordAudit } from "./audit.js";
import { can } from "./permissions.js";
import { checkStaffPin } from "./pin-check.js";
import { isValidPin } from "./pins.js";
import type { Principal } from "./sessions.js";

export interface Approval {
  staffId: string;
  pin: string;
}

/**
 * A manager's PIN typed at a cashier's till to allow one action (void, return, discount above the limit).
 * Returns the approver (terminalId is the till where it was typed, when given), or throws:
 * unauthorized `wrong_pin` (counted towards the lockout), locked `staff_locked`, forbidden `approver_lacks_permission`.
 * Synchronous so it can run inside a transaction; but call it BEFORE your write transaction, or a wrong PIN's
 * failed-attempt count is rolled back together with your refused operation (see checkStaffPin).
 */
export function verifyApproval(
  ctx: Ctx,
  approval: Approval,
  permission: Permission,
  where: { terminalId?: string | null } = {},
): Principal {
  const terminalId = where.terminalId ?? null;
  if (
    typeof approval?.staffId !== "string" ||
    approval.staffId.length === 0 ||
    approval.staffId.length > 64
  ) {
    throw new DomainError("invalid", "invalid_approval", "Falta indicar quién autoriza la operación");
  }
  if (!isValidPin(approval.pin)) {
    throw new DomainError("invalid", "invalid_pin", "El PIN de autorización debe tener entre 4 y 8 dígitos");
  }
  const staff = checkStaffPin(ctx, approval.staffId, approval.pin, { terminalId, purpose: "approval" });
  const at = isoNow(ctx);
  const audit = (action: AuditAction) =>
    recordAudit(ctx.db, {
      at,
      staffId: staff.id,
      terminalId,
      action,
      entity: "staff",
      entityId: staff.id,
      details: { permission },
    });
  if (!can(staff.role, permission)) {
    ctx.db.transaction(() => audit("auth.approval_denied"))();
    throw new DomainError(
      "forbidden",
      "approver_lacks_permission",
      `${staff.name} no tiene permiso para autorizar esta operación; pedí a un encargado`,
      { permission },
    );
  }
  ctx.db.transaction(() => audit("auth.approval_granted"))();
  return { staffId: staff.id, name: staff.name, role: staff.role, terminalId };
}
