import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { formatMoney } from "@mostrador/contracts/money";
import { isAmount, MAX_AMOUNT } from "@mostrador/contracts/money";
import { enqueueOutbox } from "@mostrador/kernel/outbox/outbox";
import { recordAudit } from "@mostrador/kernel/staff/audit";
import type { Principal } from "@mostrador/kernel/staff/sessions";
import { notifyCashDifference } from "./difference-alert.js";
import { buildReport, type Report } from "./reports.js";
import { assertCan, getSessionRow, requireOpenSession, terminalIdOf } from "./sessions.js";

/**
 * Blind close (cierre Z): the person closing counts the drawer and submits the count BEFORE the system reveals
 * what it expected, so the count cannot be "adjusted" to match. Expected cash, the difference and the whole
 * Z report are computed and frozen in the same transaction that closes the session; nothing can sell into it after.
 */
export function closeSession(ctx: Ctx, principal: Principal, countedCash: number): Report {
  assertCan(principal, "cash.close_z");
  if (!isAmount(countedCash)) {
    throw new DomainError(
      "invalid",
      "invalid_amount",
      `El efectivo contado debe ser un importe de ${formatMoney(0)} a ${formatMoney(MAX_AMOUNT)}`,
    );
  }
  const terminalId = terminalIdOf(principal);
  const closedAt = isoNow(ctx);
  const report = ctx.db.transaction(() => {
    const session = requireOpenSession(ctx, terminalId);
    const z = buildReport(ctx, session.id, { closedAt, closedBy: principal.staffId, countedCash });
    ctx.db
      .prepare(
        `UPDATE cash_sessions SET status = 'closed', closed_by = ?, closed_at = ?, counted_cash = ?, expected_cash = ?, z_report = ?
          WHERE id = ? AND status = 'open'`,
      )
      .run(principal.staffId, closedAt, countedCash, z.expectedCash, JSON.stringify(z), session.id);
    recordAudit(ctx.db, {
      at: closedAt,
      staffId: principal.staffId,
      terminalId,
      action: "cash.close_z",
      entity: "cash_session",
      entityId: session.id,
      details: { countedCash, expectedCash: z.expectedCash, difference: z.difference },
    });
    enqueueOutbox(ctx.db, {
      entity: "cash_session",
      entityId: session.id,
      op: "closed",
      payload: z,
      at: closedAt,
    });
    notifyCashDifference(ctx, z, closedAt);
    return z;
  })();
  ctx.bus.emit("cash.changed", { sessionId: report.sessionId, terminalId, status: "closed" });
  return report;
}

/** Mid-shift figures of the principal's open session (informe X). Reads only. */
export function getXReport(ctx: Ctx, principal: Principal): Report {
  const session = requireOpenSession(ctx, terminalIdOf(principal));
  return buildReport(ctx, session.id);
}

/** The Z report exactly as it was at close, for reprints and the owner. */
export function getZReport(ctx: Ctx, sessionId: string): Report {
  const session = getSessionRow(ctx, sessionId);
  if (session.status !== "closed" || !session.z_report) {
    throw new DomainError(
      "conflict",
      "session_still_open",
      "La caja sigue abierta: el cierre Z se genera al cerrarla",
    );
  }
  return JSON.parse(session.z_report) as Report;
}
