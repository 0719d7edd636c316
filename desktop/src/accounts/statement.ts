import type { AccountEntry, Debtors, PointsStatement, Statement } from "@mostrador/contracts/http/accounts";
import type { Ctx } from "@mostrador/kernel/core/context";
import { stmt } from "@mostrador/kernel/db/statements";
import { accountSummary } from "./summary.js";

const ENTRIES = `SELECT e.id, e.kind, e.amount, e.sale_id AS saleId, e.return_id AS returnId, e.method, e.note,
                        e.created_at AS createdAt, st.name AS staffName,
                        CASE WHEN s.id IS NULL THEN NULL
                             ELSE printf('%04d-%08d', t.code, s.number) END AS saleNumber
                   FROM account_entries e
                   LEFT JOIN staff st ON st.id = e.staff_id
                   LEFT JOIN sales s ON s.id = e.sale_id
                   LEFT JOIN terminals t ON t.id = s.terminal_id
                  WHERE e.customer_id = ?
                  ORDER BY e.created_at, e.id`;

/** The customer's account statement: every entry, oldest first, with the balance after each. */
export function accountStatement(ctx: Ctx, customerId: string): Statement {
  const account = accountSummary(ctx, customerId);
  let running = 0;
  const entries = (
    stmt(ctx.db, ENTRIES).all(account.customerId) as Omit<AccountEntry, "runningBalance">[]
  ).map((e): AccountEntry => {
    running += e.amount;
    return { ...e, runningBalance: running };
  });
  return { account, entries };
}

const POINTS = `SELECT id, kind, points, sale_id AS saleId, expires_at AS expiresAt, note, created_at AS createdAt
                  FROM loyalty_entries WHERE customer_id = ? AND NOT (kind = 'expire' AND points = 0)
                 ORDER BY created_at, id`;

/** The customer's points ledger, oldest first, with the balance after each entry. */
export function pointsStatement(ctx: Ctx, customerId: string): PointsStatement {
  const account = accountSummary(ctx, customerId);
  let running = 0;
  const entries = (
    stmt(ctx.db, POINTS).all(account.customerId) as Omit<
      PointsStatement["entries"][number],
      "runningBalance"
    >[]
  ).map((e) => {
    running += e.points;
    return { ...e, runningBalance: running };
  });
  return { account, entries };
}

const DEBTORS = `SELECT c.id AS customerId, c.name AS customerName, l.credit_limit AS creditLimit, SUM(e.amount) AS balance
                   FROM account_entries e JOIN customers c ON c.id = e.customer_id
                   LEFT JOIN customer_credit_limits l ON l.customer_id = c.id
                  GROUP BY c.id HAVING SUM(e.amount) > 0
                  ORDER BY balance DESC, c.name_key`;

const DEBITS = `SELECT amount, created_at AS createdAt FROM account_entries
                 WHERE customer_id = ? AND amount > 0 ORDER BY created_at DESC, id DESC`;

/**
 * Customers who owe, largest debt first, with the age of the debt: payments and credits settle the
 * oldest charges first, so what is still owed is the newest charges; the oldest of those dates the debt.
 */
export function listDebtors(ctx: Ctx): Debtors {
  const now = ctx.clock.now().getTime();
  const rows = stmt(ctx.db, DEBTORS).all() as Omit<
    Debtors["debtors"][number],
    "oldestUnpaidAt" | "ageDays"
  >[];
  const debtors = rows.map((r) => {
    let left = r.balance;
    let oldestUnpaidAt: string | null = null;
    for (const d of stmt(ctx.db, DEBITS).all(r.customerId) as { amount: number; createdAt: string }[]) {
      oldestUnpaidAt = d.createdAt;
      left -= d.amount;
      if (left <= 0) break;
    }
    const ageDays =
      oldestUnpaidAt === null ? null : Math.floor((now - Date.parse(oldestUnpaidAt)) / 86_400_000);
    return { ...r, oldestUnpaidAt, ageDays };
  });
  return { debtors, total: debtors.reduce((s, d) => s + d.balance, 0) };
}
