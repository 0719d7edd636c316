import type { Ctx } from "@mostrador/kernel/core/context";
import { isoNow } from "@mostrador/kernel/core/context";
import { newId } from "@mostrador/kernel/db/ids";
import { stmt } from "@mostrador/kernel/db/statements";
import { enqueueOutbox } from "@mostrador/kernel/outbox/outbox";

export type LoyaltyEntryKind =
  "earn" | "redeem" | "return_earn" | "return_redeem" | "void" | "expire" | "birthday" | "adjustment";

export interface NewLoyaltyEntry {
  customerId: string;
  kind: LoyaltyEntryKind;
  points: number;
  amount?: number | null;
  saleId?: string | null;
  returnId?: string | null;
  expiresAt?: string | null;
  ref?: string | null;
  staffId?: string | null;
  note?: string | null;
}

const INSERT = `INSERT INTO loyalty_entries (id, customer_id, kind, points, amount, sale_id, return_id, expires_at, ref,
                  staff_id, note, created_at, balance_after)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

const LAST =
  "SELECT balance_after AS b FROM loyalty_entries WHERE customer_id = ? ORDER BY rowid DESC LIMIT 1";

/** The customer's points: the latest entry's balance_after (0 with no entries). */
export function lastPointsBalance(ctx: Ctx, customerId: string): number {
  return (stmt(ctx.db, LAST).get(customerId) as { b: number } | undefined)?.b ?? 0;
}

/** Appends one entry to the points ledger and its outbox op, inside the caller's transaction. */
export function appendLoyaltyEntry(ctx: Ctx, e: NewLoyaltyEntry): string {
  const id = newId();
  const at = isoNow(ctx);
  const row = {
    amount: e.amount ?? null,
    saleId: e.saleId ?? null,
    returnId: e.returnId ?? null,
    expiresAt: e.expiresAt ?? null,
    ref: e.ref ?? null,
    staffId: e.staffId ?? null,
    note: e.note ?? null,
  };
  stmt(ctx.db, INSERT).run(
    id,
    e.customerId,
    e.kind,
    e.points,
    row.amount,
    row.saleId,
    row.returnId,
    row.expiresAt,
    row.ref,
    row.staffId,
    row.note,
    at,
    lastPointsBalance(ctx, e.customerId) + e.points,
  );
  enqueueOutbox(ctx.db, {
    entity: "loyalty_entry",
    entityId: id,
    op: "created",
    payload: { id, customerId: e.customerId, kind: e.kind, points: e.points, ...row, createdAt: at },
    at,
  });
  return id;
}

/** `iso` plus `months` calendar months (UTC), clamped to the month's last day (31 Jan + 1 = 28/29 Feb). */
export function addMonths(iso: string, months: number): string {
  const d = new Date(iso);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.toISOString();
}
