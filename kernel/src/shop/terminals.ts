import type { AuditAction } from "@mostrador/contracts/audit-actions";
import { type Ctx, isoNow } from "../core/context.js";
import { DomainError } from "../core/errors.js";
import { newId } from "../db/ids.js";
import { recordAudit } from "../staff/audit.js";
import type { Principal } from "../staff/sessions.js";

// A till as the API answers it (contracts/src/http/settings.ts).
import type { ManagedTerminal, Terminal } from "@mostrador/contracts/http/settings";
import { assertUnderPlanLimit } from "../entitlements/limits.js";

const NAME_MAX = 40;

function cleanName(name: unknown, code: number): string {
  const clean = typeof name === "string" ? name.trim().replace(/\s+/g, " ") : "";
  if (clean.length > NAME_MAX)
    throw new DomainError(
      "invalid",
      "invalid_terminal_name",
      `El nombre de la caja admite hasta ${NAME_MAX} caracteres`,
      {
        field: "name",
      },
    );
  return clean || `Caja ${code}`;
}

function audit(
  ctx: Ctx,
  actor: Principal | undefined,
  action: AuditAction,
  id: string,
  details: object,
): void {
  recordAudit(ctx.db, {
    at: isoNow(ctx),
    staffId: actor?.staffId ?? null,
    terminalId: actor?.terminalId ?? null,
    action,
    entity: "terminal",
    entityId: id,
    details: { ...details },
  });
}

/**
 * Registers a till. Its code (punto de venta) prefixes its sale numbers, so it must be unique in the shop —
 * retired tills included: their numbers are on receipts already printed.
 */
export function createTerminal(ctx: Ctx, input: { code: number; name: string }, actor?: Principal): Terminal {
  if (!Number.isInteger(input.code) || input.code < 1 || input.code > 9999) {
    throw new DomainError("invalid", "invalid_terminal_code", "El número de caja debe estar entre 1 y 9999", {
      field: "code",
    });
  }
  const name = cleanName(input.name, input.code);
  const clash = ctx.db.prepare("SELECT 1 FROM terminals WHERE code = ?").get(input.code);
  if (clash)
    throw new DomainError("conflict", "terminal_code_taken", `Ya existe la caja número ${input.code}`, {
      field: "code",
    });
  const inService = ctx.db.prepare("SELECT count(*) AS n FROM terminals WHERE retired_at IS NULL").get() as {
    n: number;
  };
  assertUnderPlanLimit(ctx, "tills", inService.n);
  const terminal = { id: newId(), code: input.code, name };
  ctx.db.transaction(() => {
    ctx.db
      .prepare("INSERT INTO terminals (id, code, name, created_at) VALUES (?, ?, ?, ?)")
      .run(terminal.id, terminal.code, terminal.name, isoNow(ctx));
    if (actor) audit(ctx, actor, "terminal.created", terminal.id, { code: terminal.code, name });
  })();
  return terminal;
}

/** The tills people can log in at (the login screen's list). */
export function listTerminals(ctx: Ctx): Terminal[] {
  return ctx.db
    .prepare("SELECT id, code, name FROM terminals WHERE retired_at IS NULL ORDER BY code")
    .all() as Terminal[];
}

/** Every till, retired ones too (Ajustes). */
export function listManagedTerminals(ctx: Ctx): ManagedTerminal[] {
  return ctx.db
    .prepare("SELECT id, code, name, retired_at AS retiredAt FROM terminals ORDER BY code")
    .all() as ManagedTerminal[];
}

/** A till, retired or not: its sales and sessions still name it. */
export function getTerminal(ctx: Ctx, id: string): Terminal {
  const { retiredAt: _, ...terminal } = getManagedTerminal(ctx, id);
  return terminal;
}

function getManagedTerminal(ctx: Ctx, id: string): ManagedTerminal {
  const row = ctx.db
    .prepare("SELECT id, code, name, retired_at AS retiredAt FROM terminals WHERE id = ?")
    .get(id) as ManagedTerminal | undefined;
  if (!row) throw new DomainError("not_found", "terminal_not_found", "La caja no existe");
  return row;
}

/** Refuses a till that was retired: nobody logs in or sells there any more. */
export function assertTerminalInService(ctx: Ctx, id: string): Terminal {
  const terminal = getManagedTerminal(ctx, id);
  if (terminal.retiredAt)
    throw new DomainError(
      "conflict",
      "terminal_retired",
      `La ${terminal.name} fue dada de baja; elija otra caja`,
    );
  return getTerminal(ctx, id);
}

/** Renames a till; its number stays (it is printed on every receipt it issued). */
export function renameTerminal(ctx: Ctx, id: string, name: string, actor?: Principal): ManagedTerminal {
  const current = getManagedTerminal(ctx, id);
  const next = cleanName(name, current.code);
  ctx.db.transaction(() => {
    ctx.db.prepare("UPDATE terminals SET name = ? WHERE id = ?").run(next, id);
    audit(ctx, actor, "terminal.renamed", id, { from: current.name, to: next });
  })();
  return getManagedTerminal(ctx, id);
}

/**
 * Retires a till: it leaves the login screen and its open sessions end; its sales, returns and audit
 * entries keep pointing at it. Not the till the person retiring it is logged in at (they would cut the
 * branch they sit on), and never the last one in service (nobody could log in anywhere).
 */
export function retireTerminal(ctx: Ctx, id: string, actor?: Principal): ManagedTerminal {
  const at = isoNow(ctx);
  ctx.db.transaction(() => {
    const current = getManagedTerminal(ctx, id);
    if (current.retiredAt) return;
    if (actor?.terminalId === id)
      throw new DomainError(
        "conflict",
        "terminal_in_use",
        "No se puede dar de baja la caja en la que usted está trabajando; hágalo desde otra caja",
      );
    const inService = ctx.db
      .prepare("SELECT COUNT(*) AS n FROM terminals WHERE retired_at IS NULL")
      .get() as { n: number };
    if (inService.n <= 1)
      throw new DomainError(
        "conflict",
        "last_terminal",
        "No se puede dar de baja la única caja que queda en uso",
      );
    ctx.db.prepare("UPDATE terminals SET retired_at = ? WHERE id = ?").run(at, id);
    ctx.db
      .prepare("UPDATE staff_sessions SET revoked_at = ? WHERE terminal_id = ? AND revoked_at IS NULL")
      .run(at, id);
    audit(ctx, actor, "terminal.retired", id, { code: current.code, name: current.name });
  })();
  return getManagedTerminal(ctx, id);
}
