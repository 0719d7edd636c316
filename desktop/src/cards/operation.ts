import type { Ctx } from "@mostrador/kernel/core/context";
import type { Principal } from "@mostrador/kernel/staff/sessions";
import { requireOpenCashSession, terminalOfPrincipal } from "../pos/open-cash-session.js";
import { findCard } from "./cards.js";
import { appliedRequest, type CardOp, recordRequest, type RequestRow, requestId } from "./requests.js";

/** Where money moves: the principal's terminal and its open cash session (refused when it is closed). */
export function moneyPlace(ctx: Ctx, principal: Principal): { terminalId: string; cashSessionId: string } {
  const terminalId = terminalOfPrincipal(principal);
  return { terminalId, cashSessionId: requireOpenCashSession(ctx, terminalId) };
}

/**
 * Runs one card operation once per request id: a retry (same id) writes nothing and answers from what
 * the first one recorded. `write` runs inside an IMMEDIATE transaction (the write lock taken at BEGIN, so
 * balances read in it are the ones the writes follow, whichever terminal asks at the same moment) and
 * returns what to record. After the commit, the cards it touched are announced on the bus.
 */
export function runCardOperation(
  ctx: Ctx,
  rawId: unknown,
  op: CardOp,
  write: (id: string) => RequestRow,
): { row: RequestRow; created: boolean } {
  const id = requestId(rawId);
  const done = appliedRequest(ctx, id, op);
  if (done) return { row: done, created: false };
  const result = ctx.db
    .transaction((): { row: RequestRow; created: boolean } => {
      const again = appliedRequest(ctx, id, op);
      if (again) return { row: again, created: false };
      const row = write(id);
      recordRequest(ctx, id, row);
      return { row, created: true };
    })
    .immediate();
  if (result.created) {
    announceCard(ctx, result.row.cardId);
    if (result.row.otherCardId) announceCard(ctx, result.row.otherCardId);
  }
  return result;
}

/** Tells tills and the bar that a card changed (after the commit). */
export function announceCard(ctx: Ctx, cardId: string): void {
  const card = findCard(ctx, cardId);
  if (!card) return;
  const balance = (
    ctx.db
      .prepare("SELECT balance_after AS b FROM card_entries WHERE card_id = ? ORDER BY rowid DESC LIMIT 1")
      .get(cardId) as { b: number } | undefined
  )?.b;
  ctx.bus.emit("card.changed", { cardId, uid: card.uid, balance: balance ?? 0, status: card.status });
}
