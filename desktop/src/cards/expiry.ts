import type { CardsExpiry } from "@mostrador/contracts/http/cards";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { stmt } from "@mostrador/kernel/db/statements";
import { enqueueCard } from "./cards.js";
import { appendCardEntry } from "./ledger.js";
import { announceCard } from "./operation.js";
import { getCardSettings } from "./settings.js";

// Cards issued before the event's end that are still live (active or blocked), with their balance.
const DUE = `SELECT c.id,
                    COALESCE((SELECT balance_after FROM card_entries e WHERE e.card_id = c.id ORDER BY e.rowid DESC LIMIT 1), 0) AS balance
               FROM cards c
              WHERE c.status IN ('active', 'blocked') AND c.issued_at < ?`;

/**
 * Expires unused balance once the shop's expiry instant (an event's end) has passed: each live card
 * issued before it gets one 'expire' entry taking its balance to zero, and the status 'expired'. Run by
 * the module's timer and from the cash desk; idempotent (an expired card is not live any more, and the
 * ledger allows one 'expire' per card). Returns how many cards it expired.
 */
export function runExpiry(ctx: Ctx): number {
  const { expiresAt } = getCardSettings(ctx);
  if (!expiresAt || isoNow(ctx) < expiresAt) return 0;
  const expired = ctx.db
    .transaction((): string[] => {
      const due = stmt(ctx.db, DUE).all(expiresAt) as { id: string; balance: number }[];
      for (const card of due) {
        if (card.balance > 0) {
          appendCardEntry(ctx, {
            cardId: card.id,
            kind: "expire",
            amount: -card.balance,
            note: `Vencimiento ${expiresAt}`,
          });
        }
        stmt(ctx.db, "UPDATE cards SET status = 'expired', updated_at = ? WHERE id = ?").run(
          isoNow(ctx),
          card.id,
        );
        enqueueCard(ctx, card.id, "updated");
      }
      return due.map((c) => c.id);
    })
    .immediate();
  for (const id of expired) announceCard(ctx, id);
  return expired.length;
}

/** The unused balance at the event's expiry: what expired, and what live cards still hold. */
export function expiryReport(ctx: Ctx): CardsExpiry {
  const { expiresAt } = getCardSettings(ctx);
  const expired = stmt(
    ctx.db,
    "SELECT COUNT(*) AS n, COALESCE(-SUM(amount), 0) AS total FROM card_entries WHERE kind = 'expire'",
  ).get() as { n: number; total: number };
  const pending = expiresAt
    ? (stmt(
        ctx.db,
        `SELECT COUNT(*) AS n, COALESCE(SUM(balance), 0) AS total FROM (${DUE}) WHERE balance > 0`,
      ).get(expiresAt) as { n: number; total: number })
    : { n: 0, total: 0 };
  return {
    expiresAt,
    done: expiresAt !== null && isoNow(ctx) >= expiresAt,
    expiredCards: expired.n,
    expiredTotal: expired.total,
    pendingCards: pending.n,
    pendingTotal: pending.total,
  };
}
