import type { AuditAction } from "@mostrador/contracts/audit-actions";
import type { Role } from "@mostrador/contracts/http/staff";
import { type Ctx, isoNow } from "../core/context.js";
import { DomainError } from "../core/errors.js";
import { getSettings } from "../shop/settings.js";
import { recordAudit } from "./audit.js";

import { hashPin, needsRehash, verifyPin } from "./pins.js";

export interface StaffRow {
  id: string;
  name: string;
  role: Role;
  pin_hash: string;
  failed_attempts: number;
  locked_until: string | null;
  active: number;
}

export interface PinCheckContext {
  terminalId: string | null;
  /** Which audit verb a failure is recorded under: "auth.login_failed" or "auth.approval_failed". */
  purpose: "login" | "approval";
}

const minutesUntil = (fromIso: string, toIso: string) =>
  Math.max(1, Math.ceil((Date.parse(toIso) - Date.parse(fromIso)) / 60_000));

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

// The staff's gender is not recorded: sentences about a person take a neutral form ("Lucía: usuario
// bloqueado"), never a masculine default ("Lucía quedó bloqueado").

/**
 * Checks a staff member's PIN, with the lockout rule shared by login and manager approvals:
 * after `pinMaxAttempts` wrong PINs in a row the member is locked for `pinLockoutMinutes`; while locked even
 * the right PIN is refused (otherwise the lock would not slow a guesser down); a correct PIN resets the count.
 *
 * The failure is written in its own (possibly nested) transaction and only then thrown. If the caller runs this
 * inside its own transaction and lets the error roll that back, the failure is rolled back too: call it BEFORE
 * opening the write transaction (better-sqlite3 is synchronous, so nothing can slip in between).
 */
export function checkStaffPin(ctx: Ctx, staffId: string, pin: string, context: PinCheckContext): StaffRow {
  const staff = ctx.db.prepare("SELECT * FROM staff WHERE id = ?").get(staffId) as StaffRow | undefined;
  if (!staff) throw new DomainError("not_found", "staff_not_found", "Ese usuario no existe");
  if (!staff.active)
    throw new DomainError(
      "unauthorized",
      "staff_inactive",
      `${staff.name}: usuario desactivado; hablá con el dueño`,
    );

  const now = isoNow(ctx);
  const failedAction = context.purpose === "login" ? "auth.login_failed" : "auth.approval_failed";
  const audit = (action: AuditAction, details: Record<string, unknown>) =>
    recordAudit(ctx.db, {
      at: now,
      staffId: staff.id,
      terminalId: context.terminalId,
      action,
      entity: "staff",
      entityId: staff.id,
      details,
    });

  if (staff.locked_until && staff.locked_until > now) {
    const lockedUntil = staff.locked_until;
    ctx.db.transaction(() => audit(failedAction, { reason: "locked", lockedUntil }))();
    throw new DomainError(
      "locked",
      "staff_locked",
      `${staff.name}: usuario bloqueado por demasiados PIN incorrectos. Probá de nuevo en ${plural(minutesUntil(now, lockedUntil), "minuto", "minutos")}`,
      { lockedUntil },
    );
  }

  if (verifyPin(pin, staff.pin_hash)) {
    const rehash = needsRehash(staff.pin_hash) ? hashPin(pin) : null;
    if (staff.failed_attempts > 0 || staff.locked_until || rehash) {
      ctx.db
        .prepare(
          "UPDATE staff SET failed_attempts = 0, locked_until = NULL, pin_hash = COALESCE(?, pin_hash) WHERE id = ?",
        )
        .run(rehash, staff.id);
    }
    return { ...staff, failed_attempts: 0, locked_until: null, pin_hash: rehash ?? staff.pin_hash };
  }

  const settings = getSettings(ctx.db);
  const attempts = staff.failed_attempts + 1;
  if (attempts >= settings.pinMaxAttempts) {
    const lockedUntil = new Date(
      ctx.clock.now().getTime() + settings.pinLockoutMinutes * 60_000,
    ).toISOString();
    ctx.db.transaction(() => {
      // The count starts again after the lock expires: a fresh set of attempts, then a fresh lock.
      ctx.db
        .prepare("UPDATE staff SET failed_attempts = 0, locked_until = ? WHERE id = ?")
        .run(lockedUntil, staff.id);
      audit(failedAction, { reason: "wrong_pin", attemptsLeft: 0 });
      audit("auth.locked", { lockedUntil, minutes: settings.pinLockoutMinutes });
    })();
    throw new DomainError(
      "locked",
      "staff_locked",
      `PIN incorrecto. ${staff.name}: usuario bloqueado por ${plural(settings.pinLockoutMinutes, "minuto", "minutos")}`,
      { lockedUntil, attemptsLeft: 0 },
    );
  }

  const attemptsLeft = settings.pinMaxAttempts - attempts;
  ctx.db.transaction(() => {
    ctx.db
      .prepare("UPDATE staff SET failed_attempts = ?, locked_until = NULL WHERE id = ?")
      .run(attempts, staff.id);
    audit(failedAction, { reason: "wrong_pin", attemptsLeft });
  })();
  throw new DomainError(
    "unauthorized",
    "wrong_pin",
    `PIN incorrecto. ${attemptsLeft === 1 ? "Te queda 1 intento" : `Te quedan ${attemptsLeft} intentos`}`,
    { attemptsLeft },
  );
}
