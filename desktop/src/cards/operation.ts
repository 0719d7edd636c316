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

/** Where an operation that moves no money happened: the terminal and its open cash session, if any. */
export function placeIfOpen(
  ctx: Ctx,
  principal: Principal,
): { terminalId: string | null; cashSessionId: string | null } {
  const terminalId = principal.terminalId;
  if (!terminalId) return { terminalId: null, cashSessionId: null };
  const row = ctx.db
    .prepare("SELECT id FROM cash_sessions WHERE terminal_id = ? AND status = 'open'")
    .get(terminalId) as { id: string } | undefined;
  return { terminalId, cashSessionId: row?.id ?? null };
}

/**
 * What a request already did, checked FIRST (before a closed till or a missing approval could refuse a
 * retry of something that was applied): a retry answers what the first attempt did.
 */
export function replayed<A>(ctx: Ctx, rawId: unknown, op: CardOp): { answer: A; created: false } | undefined {
  const row = appliedRequest(ctx, requestId(rawId), op);
  return row ? { answer: JSON.parse(row.answer) as A, created: false } : undefined;
}

/**
 * Runs one card operation once per request id: a retry (same id) writes nothing and answers from what
 * the first one recorded. `write` runs inside an IMMEDIATE transaction (the write lock taken at BEGIN, so
 * balances read in it are the ones the writes follow, whichever terminal asks at the same moment) and
 * returns what to record; `answerOf` builds the answer in the same transaction, and it is stored, so a
 * retry gets exactly it. After the commit, the cards it touched are announced on the bus.
 */
export function runCardOperation<A>(
  ctx: Ctx,
  rawId: unknown,
  op: CardOp,
  write: (id: string) => RequestRow,
  answerOf: (row: RequestRow) => A,
): { answer: A; created: boolean } {
  const id = requestId(rawId);
  const done = replayed<A>(ctx, id, op);
  if (done) return done;
  const result = ctx.db
    .transaction((): { answer: A; created: boolean; row: RequestRow | null } => {
      const again = replayed<A>(ctx, id, op);
      if (again) return { ...again, row: null };
      const row = write(id);
      const answer = answerOf(row);
      recordRequest(ctx, id, row, answer);
      return { answer, created: true, row };
    })
    .immediate();
  if (result.row) {
    announceCard(ctx, result.row.cardId);
    if (result.row.otherCardId) announceCard(ctx, result.row.otherCardId);
  }
  return { answer: result.answer, created: result.created };
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
