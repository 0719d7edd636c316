import type { Ctx } from "@mostrador/kernel/core/context";
import { isoNow } from "@mostrador/kernel/core/context";
import { newId } from "@mostrador/kernel/db/ids";
import { stmt } from "@mostrador/kernel/db/statements";
import { enqueueOutbox } from "@mostrador/kernel/outbox/outbox";
import { DomainError } from "@mostrador/kernel/core/errors";
import { lastPointsBalance } from "../loyalty/entries.js";
import { requireCustomer } from "./customer.js";
import { lastAccountBalance } from "./entries.js";
import { storeLink } from "./store-link.js";

/**
 * Allowances (docs/ownership.md, "The one rule for anything that can be spent"). A customer's credit and
 * points are tenant scope: the cloud owns them and grants each store an allowance it spends offline.
 * This store may spend:
 *
 *   credit: SUM(allowance credit) − SUM(this store's account entries)   (a payment here frees credit here)
 *   points: SUM(allowance points) + SUM(this store's loyalty entries)   (points earned here are spendable here)
 *
 * Unlinked (no cloud), the limit a manager sets IS the allowance ('limit' entries), so credit available is
 * limit − debt and points available is the balance: the same formula, no special case.
 */
export type AllowanceKind = "credit" | "points";

const HELD = "SELECT COALESCE(SUM(amount), 0) AS n FROM allowance_entries WHERE customer_id = ? AND kind = ?";

const one = (ctx: Ctx, sql: string, ...args: unknown[]) =>
  (stmt(ctx.db, sql).get(...args) as { n: number }).n;

export const allowanceHeld = (ctx: Ctx, customerId: string, kind: AllowanceKind): number =>
  one(ctx, HELD, customerId, kind);

/** The customer's debt on this store's ledger (the whole debt when the appliance is not linked). */
export const accountBalance = (ctx: Ctx, customerId: string): number => lastAccountBalance(ctx, customerId);

/** The customer's points on this store's ledger (all of them when the appliance is not linked). */
export const pointsBalance = (ctx: Ctx, customerId: string): number => lastPointsBalance(ctx, customerId);

/** What this store may still charge to the customer's account, on its own. Never negative. */
export function availableCredit(ctx: Ctx, customerId: string): number {
  return Math.max(0, allowanceHeld(ctx, customerId, "credit") - accountBalance(ctx, customerId));
}

/** The customer's points this store may redeem, on its own. Never negative. */
export function availablePoints(ctx: Ctx, customerId: string): number {
  return Math.max(0, allowanceHeld(ctx, customerId, "points") + pointsBalance(ctx, customerId));
}

const available = (ctx: Ctx, customerId: string, kind: AllowanceKind) =>
  kind === "credit" ? availableCredit(ctx, customerId) : availablePoints(ctx, customerId);

const INSERT = `INSERT INTO allowance_entries (id, customer_id, kind, amount, reason, grant_id, returns_grant, expires_at, created_at, answers_recall)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/**
 * An allowance change born at this store ('limit': the limit set here while the store holds the whole
 * allowance; 'return': handed back), with its outbox op, inside the caller's transaction.
 */
export function writeAllowanceEntry(
  ctx: Ctx,
  e: {
    customerId: string;
    kind: AllowanceKind;
    amount: number;
    reason: "limit" | "return";
    returnsGrant?: string | null;
    answersRecall?: string | null;
  },
): void {
  const id = newId();
  const at = isoNow(ctx);
  stmt(ctx.db, INSERT).run(
    id,
    e.customerId,
    e.kind,
    e.amount,
    e.reason,
    null,
    e.returnsGrant ?? null,
    null,
    at,
    e.answersRecall ?? null,
  );
  enqueueOutbox(ctx.db, {
    entity: "allowance_entry",
    entityId: id,
    op: "created",
    payload: {
      id,
      customerId: e.customerId,
      kind: e.kind,
      amount: e.amount,
      reason: e.reason,
      returnsGrant: e.returnsGrant ?? null,
      createdAt: at,
      answersRecall: e.answersRecall ?? null,
    },
    at,
  });
}

// Grants come down from the cloud: sync/src/download/allowance-apply.ts writes them here.

const EXPIRED = `SELECT g.grant_id AS grantId, g.customer_id AS customerId, g.kind, g.amount
                   FROM allowance_entries g
                  WHERE g.reason = 'grant' AND g.expires_at IS NOT NULL AND g.expires_at <= ?
                    AND (? IS NULL OR g.customer_id = ?)
                    AND NOT EXISTS (SELECT 1 FROM allowance_entries r WHERE r.returns_grant = g.grant_id)`;

/**
 * Hands back what is left of every expired grant (of one customer, or all): at most the grant, at most
 * what this store could still spend. Runs in the spending path (so an expired grant is never spent) and
 * in the daily job. Must run inside a transaction. The cloud takes the allowance back only when this
 * return reaches it, never on its own clock: the store cannot have spent what it handed back.
 */
export function returnExpiredGrants(ctx: Ctx, customerId: string | null = null): number {
  const rows = stmt(ctx.db, EXPIRED).all(isoNow(ctx), customerId, customerId) as {
    grantId: string;
    customerId: string;
    kind: AllowanceKind;
    amount: number;
  }[];
  for (const g of rows) {
    const back = Math.min(g.amount, available(ctx, g.customerId, g.kind));
    writeAllowanceEntry(ctx, {
      customerId: g.customerId,
      kind: g.kind,
      amount: -back,
      reason: "return",
      returnsGrant: g.grantId,
    });
  }
  return rows.length;
}

/**
 * Hands back to the cloud what this store could spend of a customer's credit or points (a store that
 * saw the customer last a while ago lets another store that asks have it). Linked stores only.
 */
export function handBack(ctx: Ctx, customerId: string, kind: AllowanceKind): number {
  return ctx.db
    .transaction((): number => {
      const back = available(ctx, customerId, kind);
      if (back > 0) writeAllowanceEntry(ctx, { customerId, kind, amount: -back, reason: "return" });
      return back;
    })
    .immediate();
}

/**
 * What this store holds of a customer's credit beyond the credit limit it knows (a lower limit came down
 * the cloud's `credit_limits` shape, sync/src/download/credit-limit-apply.ts), handed back as far as it
 * has not lent it yet (a 'limit' entry, uploaded, so the cloud may grant it elsewhere): never money
 * already lent, so the store never spends more than it holds. A raised limit changes nothing here: the
 * store asks the cloud for more (`POST /api/sync/allowances`). Of one customer or all; inside a
 * transaction. Runs when a limit arrives, before every charge on account, and in the daily job.
 */
export function trimToLimit(ctx: Ctx, customerId: string | null = null): number {
  if (!storeLink(ctx)) return 0; // Unlinked, the limit IS the allowance: they never differ.
  const over = stmt(
    ctx.db,
    `SELECT a.customer_id AS customerId, SUM(a.amount) - COALESCE(l.credit_limit, 0) AS excess
       -- No limit row: this store has not heard of one yet (a grant may come down before it): keep all.
       FROM allowance_entries a JOIN customer_credit_limits l ON l.customer_id = a.customer_id
      WHERE a.kind = 'credit' AND (? IS NULL OR a.customer_id = ?)
      GROUP BY a.customer_id HAVING excess > 0`,
  ).all(customerId, customerId) as { customerId: string; excess: number }[];
  let handed = 0;
  for (const o of over) {
    const back = Math.min(o.excess, availableCredit(ctx, o.customerId));
    if (back <= 0) continue;
    writeAllowanceEntry(ctx, { customerId: o.customerId, kind: "credit", amount: -back, reason: "limit" });
    handed++;
  }
  return handed;
}

/**
 * A manager hands back, from the till, what this store could still spend of a customer's credit or
 * points, so the cloud can grant it to another store that asks. Only when linked to a cloud: unlinked,
 * the appliance owns the balance and there is nobody to hand it to.
 */
export function handBackToCloud(ctx: Ctx, customerId: string, kind: AllowanceKind): number {
  requireCustomer(ctx, customerId);
  if (!storeLink(ctx)) {
    throw new DomainError(
      "conflict",
      "not_linked",
      "Este equipo no está vinculado a la nube: no hay a quién devolver el cupo",
    );
  }
  const back = handBack(ctx, customerId, kind);
  ctx.bus.emit("account.changed", { customerId });
  return back;
}

const PENDING_RECALLS = `SELECT r.id, r.customer_id AS customerId, r.kind, r.amount
                           FROM allowance_recalls r
                          WHERE (? IS NULL OR r.customer_id = ?)
                            AND NOT EXISTS (SELECT 1 FROM allowance_entries e WHERE e.answers_recall = r.id)
                          ORDER BY r.id`;

/**
 * Answers the owner's recalls (they came down the `allowance_recalls` shape): each once, with what this
 * store has not spent of it, at most the amount recalled — never money already lent or points already
 * redeemed. The 'return' entry names the recall and is uploaded; the cloud counts the allowance back only
 * when it arrives. Of one customer or all; inside a transaction. Runs when a recall arrives (the
 * account.changed the download raises) and in the daily job. Returns the customers answered for.
 */
export function answerRecalls(ctx: Ctx, customerId: string | null = null): string[] {
  const rows = stmt(ctx.db, PENDING_RECALLS).all(customerId, customerId) as {
    id: string;
    customerId: string;
    kind: AllowanceKind;
    amount: number;
  }[];
  for (const r of rows) {
    const back = Math.min(r.amount, available(ctx, r.customerId, r.kind));
    writeAllowanceEntry(ctx, {
      customerId: r.customerId,
      kind: r.kind,
      amount: -back,
      reason: "return",
      answersRecall: r.id,
    });
  }
  return [...new Set(rows.map((r) => r.customerId))];
}
