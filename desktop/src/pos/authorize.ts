import type { Permission } from "@mostrador/contracts/http/staff";
import type { Ctx } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { type Approval, verifyApproval } from "@mostrador/kernel/staff/approval";
import { can } from "@mostrador/kernel/staff/permissions";
import type { Principal } from "@mostrador/kernel/staff/sessions";

/**
 * Who allows a sensitive action: the principal when their role has the permission (returns null),
 * else the manager whose PIN came with the request (returns their staff id).
 * Call it BEFORE the write transaction: a wrong PIN's failed-attempt count must survive the refusal,
 * or the lockout would never trigger for PINs guessed through approvals (see staff/pin-check.ts).
 */
export function authorize(
  ctx: Ctx,
  principal: Principal,
  permission: Permission,
  approval: Approval | null | undefined,
  refusal: { message: string; details?: Record<string, unknown> },
): string | null {
  if (can(principal.role, permission)) return null;
  if (!approval) {
    throw new DomainError("forbidden", "approval_required", refusal.message, {
      permission,
      ...refusal.details,
    });
  }
  return verifyApproval(ctx, approval, permission, { terminalId: principal.terminalId }).staffId;
}
