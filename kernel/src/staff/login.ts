import { type Ctx, isoNow } from "../core/context.js";
import { DomainError } from "../core/errors.js";
import { assertTerminalInService } from "../shop/terminals.js";
import { recordAudit } from "./audit.js";
import { permissionsOf } from "./permissions.js";
import { checkStaffPin } from "./pin-check.js";
import { isValidPin } from "./pins.js";
import { createSession, type Principal } from "./sessions.js";

// What a login and the session answer are the HTTP contract's (contracts/src/http/staff.ts).
export type LoginResult = LoginAnswer;
import type { LoginAnswer, SessionStaff } from "@mostrador/contracts/http/staff";

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
 * 423 `staff_locked` (details.lockedUntil), 401 `staff_inactive`, 409 `terminal_retired`. Failures and lockouts are audited.
 */
export function login(ctx: Ctx, input: { staffId: string; pin: string; terminalId: string }): LoginResult {
  if (!isValidPin(input.pin))
    throw new DomainError("invalid", "invalid_pin", "El PIN debe tener entre 4 y 8 dígitos");
  const terminal = assertTerminalInService(ctx, input.terminalId);
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
