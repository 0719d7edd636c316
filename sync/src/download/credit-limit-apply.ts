import type { ChangeMessage, Row } from "@electric-sql/client";
import type { Ctx } from "@mostrador/kernel/core/context";
import { stmt } from "@mostrador/kernel/db/statements";
import { observeHlc } from "./appliance-hlc.js";
import { isoOfPgTime } from "./pg-time.js";
import { parkUnlessKnown, unpark } from "./waiting.js";

/** A customer's credit limit as the cloud sends it down (cloud/src/accounts/limits.ts). */
export interface CloudLimit {
  customerId: string;
  /** Centavos; null: no account. */
  creditLimit: number | null;
  setAt: string;
  /** The write's hybrid logical clock; none: a limit set before clocks (its setAt, as the cloud's). */
  hlc?: string;
}

const clockOfTime = (at: string): string => `${String(Date.parse(at)).padStart(15, "0")}-00000-cloud`;

/**
 * Writes a limit into the accounts module's customer_credit_limits (appliance 0023, clock 0026) if its
 * clock is later than this store's (last writer wins, as customers' fields): a limit the owner set in
 * the dashboard and one a manager set at the birth store end the same at every store, in any order. The
 * store's own write coming back is a no-op (same clock). What this store holds above a lowered limit is
 * handed back by the accounts module (`trimToLimit`, on the `account.changed` this batch emits and
 * before every charge). Returns whether the limit changed.
 */
export function applyCloudLimit(ctx: Ctx, l: CloudLimit): boolean {
  if (l.creditLimit !== null && (!Number.isSafeInteger(l.creditLimit) || l.creditLimit < 0)) return false;
  const hlc = l.hlc ?? clockOfTime(l.setAt);
  observeHlc(ctx.db, hlc);
  const { changes } = stmt(
    ctx.db,
    `INSERT INTO customer_credit_limits (customer_id, credit_limit, set_by, set_at, hlc)
     SELECT ?, ?, NULL, ?, ? WHERE EXISTS (SELECT 1 FROM customers WHERE id = ?)
     ON CONFLICT (customer_id) DO UPDATE SET credit_limit = excluded.credit_limit, set_by = NULL,
       set_at = excluded.set_at, hlc = excluded.hlc
      WHERE customer_credit_limits.hlc IS NULL OR customer_credit_limits.hlc < excluded.hlc`,
  ).run(l.customerId, l.creditLimit, l.setAt, hlc, l.customerId);
  return changes === 1;
}

/**
 * Applies one batch of the `credit_limits` shape (tenant scope: every store gets every customer's
 * limit). A limit of a customer this appliance does not know yet waits in download_waiting and is
 * applied when the customer arrives (waiting.ts). Returns the customers whose limit changed.
 */
export function applyCreditLimitMessages(ctx: Ctx, messages: ChangeMessage<Row>[]): string[] {
  const changed: string[] = [];
  for (const m of messages) {
    const v = m.value;
    const customerId = String(v.customer_id);
    // Limits are never deleted in the cloud (null is "no account"); a delete only drops a waiting one.
    if (m.headers.operation === "delete") {
      unpark(ctx, "credit_limits", customerId);
      continue;
    }
    if (parkUnlessKnown(ctx, "credit_limits", customerId, v, { entity: "customer", id: customerId }))
      continue;
    const applied = applyCloudLimit(ctx, {
      customerId,
      creditLimit: v.credit_limit === null || v.credit_limit === undefined ? null : Number(v.credit_limit),
      setAt: isoOfPgTime(v.set_at),
      hlc: String(v.hlc),
    });
    if (applied) changed.push(customerId);
  }
  return changed;
}
