import { ROLES, type Role } from "@mostrador/contracts/http/staff";
import { type Ctx, isoNow } from "../core/context.js";
import { DomainError } from "../core/errors.js";
import { newId } from "../db/ids.js";
import { enqueueOutbox } from "../outbox/outbox.js";
import { recordAudit } from "./audit.js";

import type { StaffRow } from "./pin-check.js";
import { assertValidPin, hashPin } from "./pins.js";
import type { Principal } from "./sessions.js";
import type { StaffMember } from "@mostrador/contracts/http/staff";

/** A staff member as the API shows them: the HTTP contract's StaffMember (contracts/src/http/staff.ts). */
export type Staff = StaffMember;

export interface NewStaff {
  name: string;
  role: Role;
  pin: string;
}

export interface StaffPatch {
  name?: string;
  role?: Role;
  pin?: string;
  active?: boolean;
}

const NAME_MAX = 60;

function toStaff(row: StaffRow, now: string): Staff {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    active: row.active === 1,
    lockedUntil: row.locked_until && row.locked_until > now ? row.locked_until : null,
  };
}

function cleanName(name: unknown): string {
  const clean = typeof name === "string" ? name.trim().replace(/\s+/g, " ") : "";
  if (clean.length === 0 || clean.length > NAME_MAX) {
    throw new DomainError(
      "invalid",
      "invalid_staff_name",
      `El nombre debe tener entre 1 y ${NAME_MAX} caracteres`,
    );
  }
  return clean;
}

function checkRole(role: unknown): Role {
  if (!ROLES.includes(role as Role))
    throw new DomainError("invalid", "invalid_role", "El rol debe ser cajero, encargado o dueño");
  return role as Role;
}

/** Two active people with the same name would be indistinguishable on the login screen. */
function assertNameFree(ctx: Ctx, name: string, exceptId: string | null): void {
  const clash = ctx.db
    .prepare("SELECT 1 FROM staff WHERE active = 1 AND name = ? COLLATE NOCASE AND id IS NOT ?")
    .get(name, exceptId);
  if (clash) throw new DomainError("conflict", "staff_name_taken", `Ya hay alguien activo llamado ${name}`);
}

function readRow(ctx: Ctx, id: string): StaffRow {
  const row = ctx.db.prepare("SELECT * FROM staff WHERE id = ?").get(id) as StaffRow | undefined;
  if (!row) throw new DomainError("not_found", "staff_not_found", "Ese usuario no existe");
  return row;
}

export function getStaff(ctx: Ctx, id: string): Staff {
  return toStaff(readRow(ctx, id), isoNow(ctx));
}

export function listStaff(ctx: Ctx, options: { activeOnly?: boolean } = {}): Staff[] {
  const rows = ctx.db
    .prepare(
      `SELECT * FROM staff ${options.activeOnly ? "WHERE active = 1" : ""} ORDER BY name COLLATE NOCASE, id`,
    )
    .all() as StaffRow[];
  const now = isoNow(ctx);
  return rows.map((r) => toStaff(r, now));
}

/** Adds a staff member. `actor` (who did it) is recorded in the audit log; the seed passes none. */
export function createStaff(ctx: Ctx, input: NewStaff, actor?: Principal): Staff {
  const name = cleanName(input.name);
  const role = checkRole(input.role);
  assertValidPin(input.pin);
  const pinHash = hashPin(input.pin); // slow: done before the transaction so it holds no lock meanwhile
  const id = newId();
  const at = isoNow(ctx);
  ctx.db.transaction(() => {
    assertNameFree(ctx, name, null);
    ctx.db
      .prepare(
        "INSERT INTO staff (id, name, role, pin_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
      )
      .run(id, name, role, pinHash, at, at);
    recordAudit(ctx.db, {
      at,
      staffId: actor?.staffId ?? null,
      terminalId: actor?.terminalId ?? null,
      action: "staff.created",
      entity: "staff",
      entityId: id,
      details: { name, role },
    });
    enqueueOutbox(ctx.db, {
      entity: "staff",
      entityId: id,
      op: "created",
      payload: { id, name, role, active: true },
      at,
    });
  })();
  return getStaff(ctx, id);
}

/**
 * Changes a staff member. A new PIN also lifts a running lockout (the owner resetting a forgotten PIN).
 * Refuses to demote or deactivate the last active owner: nobody could manage staff or settings afterwards.
 */
export function updateStaff(ctx: Ctx, id: string, patch: StaffPatch, actor?: Principal): Staff {
  const current = readRow(ctx, id);
  const name = patch.name === undefined ? current.name : cleanName(patch.name);
  const role = patch.role === undefined ? current.role : checkRole(patch.role);
  if (patch.active !== undefined && typeof patch.active !== "boolean") {
    throw new DomainError("invalid", "invalid_active", "El campo active debe ser verdadero o falso");
  }
  const active = patch.active === undefined ? current.active === 1 : patch.active;
  if (patch.pin !== undefined) assertValidPin(patch.pin);
  const pinHash = patch.pin === undefined ? null : hashPin(patch.pin);
  const at = isoNow(ctx);
  ctx.db.transaction(() => {
    if (active) assertNameFree(ctx, name, id);
    if (current.role === "owner" && current.active === 1 && (role !== "owner" || !active)) {
      const owners = ctx.db
        .prepare("SELECT COUNT(*) AS n FROM staff WHERE role = 'owner' AND active = 1")
        .get() as { n: number };
      if (owners.n <= 1) {
        throw new DomainError(
          "conflict",
          "last_owner",
          "No se puede quitar al último dueño activo: nadie podría administrar el local",
        );
      }
    }
    ctx.db
      .prepare(
        `UPDATE staff SET name = ?, role = ?, active = ?, updated_at = ?,
           pin_hash = COALESCE(?, pin_hash),
           failed_attempts = CASE WHEN ? IS NULL THEN failed_attempts ELSE 0 END,
           locked_until = CASE WHEN ? IS NULL THEN locked_until ELSE NULL END
         WHERE id = ?`,
      )
      .run(name, role, active ? 1 : 0, at, pinHash, pinHash, pinHash, id);
    const changed: Record<string, unknown> = {};
    if (name !== current.name) changed.name = name;
    if (role !== current.role) changed.role = role;
    if (active !== (current.active === 1)) changed.active = active;
    if (pinHash) changed.pinChanged = true;
    recordAudit(ctx.db, {
      at,
      staffId: actor?.staffId ?? null,
      terminalId: actor?.terminalId ?? null,
      action: "staff.updated",
      entity: "staff",
      entityId: id,
      details: changed,
    });
    enqueueOutbox(ctx.db, {
      entity: "staff",
      entityId: id,
      op: "updated",
      payload: { id, name, role, active },
      at,
    });
  })();
  return getStaff(ctx, id);
}

/**
 * A new PIN for someone who forgot theirs (or whose PIN others learnt): lifts a running lockout, audited as
 * `staff.pin_reset` with who did it. An owner may reset anyone's; a manager only a cashier's, since taking
 * over an owner's or another manager's PIN would hand out their rights. An inactive person is refused
 * (reactivate first).
 */
export function resetStaffPin(ctx: Ctx, id: string, pin: string, actor: Principal): Staff {
  const target = readRow(ctx, id);
  if (actor.role !== "owner" && target.role !== "cashier")
    throw new DomainError(
      "forbidden",
      "pin_reset_not_allowed",
      "Un encargado solo puede cambiar el PIN de un cajero; el de un encargado o un dueño lo cambia un dueño",
    );
  if (target.active !== 1)
    throw new DomainError("conflict", "staff_inactive", `${target.name} está inactivo: reactívelo primero`);
  assertValidPin(pin);
  const pinHash = hashPin(pin);
  const at = isoNow(ctx);
  ctx.db.transaction(() => {
    ctx.db
      .prepare(
        "UPDATE staff SET pin_hash = ?, failed_attempts = 0, locked_until = NULL, updated_at = ? WHERE id = ?",
      )
      .run(pinHash, at, id);
    recordAudit(ctx.db, {
      at,
      staffId: actor.staffId,
      terminalId: actor.terminalId,
      action: "staff.pin_reset",
      entity: "staff",
      entityId: id,
      details: { name: target.name },
    });
  })();
  return getStaff(ctx, id);
}
