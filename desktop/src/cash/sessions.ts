import type { Permission } from "@mostrador/contracts/http/staff";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { newId } from "@mostrador/kernel/db/ids";
import { formatMoney } from "@mostrador/contracts/money";
import { isAmount, MAX_AMOUNT } from "@mostrador/contracts/money";
import { enqueueOutbox } from "@mostrador/kernel/outbox/outbox";
import { recordAudit } from "@mostrador/kernel/staff/audit";
import { can } from "@mostrador/kernel/staff/permissions";
import type { Principal } from "@mostrador/kernel/staff/sessions";

// A session's view is the HTTP contract's (contracts/src/http/cash.ts).
import type { CashMovement, CashSession } from "@mostrador/contracts/http/cash";

export interface CashSessionRow {
  id: string;
  terminal_id: string;
  status: "open" | "closed";
  opened_by: string;
  opened_at: string;
  opening_float: number;
  closed_by: string | null;
  closed_at: string | null;
  counted_cash: number | null;
  expected_cash: number | null;
  z_report: string | null;
}

const REASON_MAX = 200;

export function assertCan(principal: Principal, permission: Permission): void {
  if (!can(principal.role, permission)) {
    throw new DomainError(
      "forbidden",
      "permission_denied",
      "Tu rol no permite esta operación; pedí a un encargado",
      { permission },
    );
  }
}

export function terminalIdOf(principal: Principal): string {
  if (!principal.terminalId)
    throw new DomainError("invalid", "no_terminal", "Esta sesión no está asociada a una caja");
  return principal.terminalId;
}

export function cleanReason(reason: unknown): string {
  const clean = typeof reason === "string" ? reason.trim() : "";
  if (clean.length === 0 || clean.length > REASON_MAX) {
    throw new DomainError("invalid", "invalid_reason", `Indicá el motivo (hasta ${REASON_MAX} caracteres)`);
  }
  return clean;
}

export function getSessionRow(ctx: Ctx, id: string): CashSessionRow {
  const row = ctx.db.prepare("SELECT * FROM cash_sessions WHERE id = ?").get(id) as
    CashSessionRow | undefined;
  if (!row) throw new DomainError("not_found", "cash_session_not_found", "Esa sesión de caja no existe");
  return row;
}

function openRowOf(ctx: Ctx, terminalId: string): CashSessionRow | undefined {
  return ctx.db
    .prepare("SELECT * FROM cash_sessions WHERE terminal_id = ? AND status = 'open'")
    .get(terminalId) as CashSessionRow | undefined;
}

/** The open session of a till, or a refusal: sales, returns and cash movements all need one. */
export function requireOpenSession(ctx: Ctx, terminalId: string): CashSessionRow {
  const row = openRowOf(ctx, terminalId);
  if (!row)
    throw new DomainError(
      "conflict",
      "no_open_session",
      "La caja está cerrada: abrila con el cambio inicial",
    );
  return row;
}

export function getCashSession(ctx: Ctx, id: string): CashSession {
  const row = getSessionRow(ctx, id);
  const names = ctx.db
    .prepare(
      `SELECT o.name AS openedBy, c.name AS closedBy FROM cash_sessions cs
         JOIN staff o ON o.id = cs.opened_by LEFT JOIN staff c ON c.id = cs.closed_by WHERE cs.id = ?`,
    )
    .get(id) as { openedBy: string; closedBy: string | null };
  const movements = ctx.db
    .prepare(
      `SELECT m.id, m.kind, m.amount, m.reason, s.name AS staffName, m.at
         FROM cash_movements m JOIN staff s ON s.id = m.staff_id
        WHERE m.session_id = ? ORDER BY m.at, m.id`,
    )
    .all(id) as CashMovement[];
  const sum = (kind: CashMovement["kind"]) =>
    movements.filter((m) => m.kind === kind).reduce((a, m) => a + m.amount, 0);
  return {
    id: row.id,
    terminalId: row.terminal_id,
    status: row.status,
    openedAt: row.opened_at,
    openedBy: names.openedBy,
    openingFloat: row.opening_float,
    closedAt: row.closed_at,
    closedBy: names.closedBy,
    cashIn: sum("in"),
    cashOut: sum("out"),
    movements,
  };
}

export function getCurrentSession(ctx: Ctx, terminalId: string): CashSession | null {
  const row = openRowOf(ctx, terminalId);
  return row ? getCashSession(ctx, row.id) : null;
}

/** Opens the principal's till with the float counted into the drawer. One open session per till. */
export function openSession(ctx: Ctx, principal: Principal, openingFloat: number): CashSession {
  const terminalId = terminalIdOf(principal);
  if (!isAmount(openingFloat)) {
    throw new DomainError(
      "invalid",
      "invalid_amount",
      `El cambio inicial debe ser un importe de ${formatMoney(0)} a ${formatMoney(MAX_AMOUNT)}`,
    );
  }
  const id = newId();
  const at = isoNow(ctx);
  ctx.db.transaction(() => {
    if (openRowOf(ctx, terminalId))
      throw new DomainError("conflict", "session_already_open", "Esta caja ya está abierta");
    ctx.db
      .prepare(
        "INSERT INTO cash_sessions (id, terminal_id, status, opened_by, opened_at, opening_float) VALUES (?, ?, 'open', ?, ?, ?)",
      )
      .run(id, terminalId, principal.staffId, at, openingFloat);
    recordAudit(ctx.db, {
      at,
      staffId: principal.staffId,
      terminalId,
      action: "cash.open",
      entity: "cash_session",
      entityId: id,
      details: { openingFloat },
    });
    enqueueOutbox(ctx.db, {
      entity: "cash_session",
      entityId: id,
      op: "opened",
      payload: { id, terminalId, openedBy: principal.staffId, openedAt: at, openingFloat },
      at,
    });
  })();
  ctx.bus.emit("cash.changed", { sessionId: id, terminalId, status: "open" });
  return getCashSession(ctx, id);
}

function insertMovement(
  ctx: Ctx,
  principal: Principal,
  session: CashSessionRow,
  kind: CashMovement["kind"],
  amount: number,
  reason: string,
): string {
  const id = newId();
  const at = isoNow(ctx);
  ctx.db
    .prepare(
      "INSERT INTO cash_movements (id, session_id, kind, amount, reason, staff_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .run(id, session.id, kind, amount, reason, principal.staffId, at);
  const action = kind === "drawer_open" ? "drawer.open" : "cash.move";
  recordAudit(ctx.db, {
    at,
    staffId: principal.staffId,
    terminalId: session.terminal_id,
    action,
    entity: "cash_session",
    entityId: session.id,
    details: { kind, amount, reason },
  });
  enqueueOutbox(ctx.db, {
    entity: "cash_movement",
    entityId: id,
    op: "created",
    payload: { id, sessionId: session.id, kind, amount, reason, staffId: principal.staffId, at },
    at,
  });
  return id;
}

/** Cash put into ("in") or taken out of ("out") the drawer outside a sale: change brought in, a supplier paid. */
export function addCashMovement(
  ctx: Ctx,
  principal: Principal,
  input: { kind: "in" | "out"; amount: number; reason: string },
): CashSession {
  assertCan(principal, "cash.move");
  if (input.kind !== "in" && input.kind !== "out") {
    throw new DomainError(
      "invalid",
      "invalid_kind",
      'El movimiento debe ser "in" (ingreso) u "out" (retiro)',
    );
  }
  if (!isAmount(input.amount) || input.amount === 0) {
    throw new DomainError(
      "invalid",
      "invalid_amount",
      `El importe debe ser mayor que ${formatMoney(0)} y no superar ${formatMoney(MAX_AMOUNT)}`,
    );
  }
  const reason = cleanReason(input.reason);
  const session = ctx.db.transaction(() => {
    const open = requireOpenSession(ctx, terminalIdOf(principal));
    insertMovement(ctx, principal, open, input.kind, input.amount, reason);
    return open;
  })();
  ctx.bus.emit("cash.changed", { sessionId: session.id, terminalId: session.terminal_id, status: "open" });
  return getCashSession(ctx, session.id);
}

/**
 * Records the drawer opened without a sale (drawer.open_without_sale): always audited, and listed in the
 * session's movements (amount 0) when the till has one open. The physical kick is receipts/' job.
 */
export function recordDrawerOpen(
  ctx: Ctx,
  principal: Principal,
  reason: string,
): { sessionId: string | null } {
  assertCan(principal, "drawer.open_without_sale");
  const clean = cleanReason(reason);
  const terminalId = terminalIdOf(principal);
  const sessionId = ctx.db.transaction(() => {
    const open = openRowOf(ctx, terminalId);
    if (open) {
      insertMovement(ctx, principal, open, "drawer_open", 0, clean);
      return open.id;
    }
    recordAudit(ctx.db, {
      at: isoNow(ctx),
      staffId: principal.staffId,
      terminalId,
      action: "drawer.open",
      details: { reason: clean },
    });
    return null;
  })();
  if (sessionId) ctx.bus.emit("cash.changed", { sessionId, terminalId, status: "open" });
  return { sessionId };
}
