import { type Ctx, isoNow } from "../core/context.js";
import { DomainError } from "../core/errors.js";
import { getTerminal, type Terminal } from "../shop/terminals.js";
import { recordAudit } from "./audit.js";
import { type Permission, permissionsOf, type Role } from "./permissions.js";
import { checkStaffPin } from "./pin-check.js";
import { isValidPin } from "./pins.js";
import { createSession, type Principal } from "./sessions.js";

/** Who is logged in, with what they may do, so the UI can hide what would be refused anyway. */
export interface SessionStaff {
  id: string;
  name: string;
  role: Role;
  permissions: Permission[];
}

export interface LoginResult {
  token: string;
  staff: SessionStaff;
  terminal: Terminal;
}

export function sessionStaffOf(principal: Pick<Principal, "staffId" | "name" | "role">): SessionStaff {
  return {
    id: principal.staffId,
    name: principal.name,
    role: principal.role,
    permissions: permissionsOf(principal.role),
  };
}

/**
 * PIN login at a till. Refusals: 404 unknown staff or till, 401 `wrong_pin` (details.attemptsLeft),
 * 423 `staff_locked` (details.lockedUntil), 401 `staff_inactive`. Failures and lockouts are audited.
 */
export function login(ctx: Ctx, input: { staffId: string; pin: string; terminalId: string }): LoginResult {
  if (!isValidPin(input.pin))
    throw new DomainError("invalid", "invalid_pin", "El PIN debe tener entre 4 y 8 dígitos");
  const terminal = getTerminal(ctx, input.terminalId);
  const staff = checkStaffPin(ctx, input.staffId, input.pin, { terminalId: terminal.id, purpose: "login" });
  const token = ctx.db.transaction(() => {
    const issued = createSession(ctx, staff.id, terminal.id);
    recordAudit(ctx.db, {
      at: isoNow(ctx),
      staffId: staff.id,
      terminalId: terminal.id,
      action: "auth.login",
      entity: "staff",
      entityId: staff.id,
    });
    return issued;
  })();
  return {
    token,
    staff: sessionStaffOf({ staffId: staff.id, name: staff.name, role: staff.role }),
    terminal,
  };
}
