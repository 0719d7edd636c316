import type { Ctx } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { stmt } from "@mostrador/kernel/db/statements";
import type { Principal } from "@mostrador/kernel/staff/sessions";

/** The till the principal works on; selling and refunding need one. */
export function terminalOfPrincipal(principal: Principal): string {
  if (!principal.terminalId)
    throw new DomainError("invalid", "no_terminal", "Esta sesión no está asociada a una caja");
  return principal.terminalId;
}

/**
 * The open cash session (caja) of a terminal. Money only moves through an open caja, so the Z report
 * accounts for every sale and refund; without one the sale is refused before anything is written.
 */
export function requireOpenCashSession(ctx: Ctx, terminalId: string): string {
  const row = stmt(ctx.db, "SELECT id FROM cash_sessions WHERE terminal_id = ? AND status = 'open'").get(
    terminalId,
  ) as { id: string } | undefined;
  if (!row)
    throw new DomainError("conflict", "no_open_cash_session", "La caja está cerrada: abrila antes de cobrar");
  return row.id;
}
