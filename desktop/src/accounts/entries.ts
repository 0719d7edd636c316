import type { Ctx } from "@mostrador/kernel/core/context";
import { isoNow } from "@mostrador/kernel/core/context";
import { newId } from "@mostrador/kernel/db/ids";
import { stmt } from "@mostrador/kernel/db/statements";
import { enqueueOutbox } from "@mostrador/kernel/outbox/outbox";

export type AccountEntryKind = "charge" | "payment" | "return_credit" | "void_credit" | "adjustment";

export interface NewAccountEntry {
  /** The till's id (an account payment, resent after a network failure); a new UUIDv7 otherwise. */
  id?: string;
  customerId: string;
  kind: AccountEntryKind;
  /** > 0 the customer owes more; < 0 less. */
  amount: number;
  saleId?: string | null;
  returnId?: string | null;
  method?: string | null;
  cashSessionId?: string | null;
  tendered?: number | null;
  reference?: string | null;
  terminalId?: string | null;
  staffId?: string | null;
  note?: string | null;
}

const INSERT = `INSERT INTO account_entries (id, customer_id, kind, amount, sale_id, return_id, method, cash_session_id,
                  tendered, reference, terminal_id, staff_id, note, created_at, balance_after)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

const LAST =
  "SELECT balance_after AS b FROM account_entries WHERE customer_id = ? ORDER BY rowid DESC LIMIT 1";

/** The customer's balance: the latest entry's balance_after (0 with no entries). */
export function lastAccountBalance(ctx: Ctx, customerId: string): number {
  return (stmt(ctx.db, LAST).get(customerId) as { b: number } | undefined)?.b ?? 0;
}

/** Appends one entry to the account ledger and its outbox op, inside the caller's transaction. */
export function appendAccountEntry(ctx: Ctx, e: NewAccountEntry): string {
  const id = e.id ?? newId();
  const at = isoNow(ctx);
  const row = {
    saleId: e.saleId ?? null,
    returnId: e.returnId ?? null,
    method: e.method ?? null,
    cashSessionId: e.cashSessionId ?? null,
    staffId: e.staffId ?? null,
    note: e.note ?? null,
  };
  stmt(ctx.db, INSERT).run(
    id,
    e.customerId,
    e.kind,
    e.amount,
    row.saleId,
    row.returnId,
    row.method,
    row.cashSessionId,
    e.tendered ?? null,
    e.reference ?? null,
    e.terminalId ?? null,
    row.staffId,
    row.note,
    at,
    lastAccountBalance(ctx, e.customerId) + e.amount,
  );
  enqueueOutbox(ctx.db, {
    entity: "account_entry",
    entityId: id,
    op: "created",
    payload: { id, customerId: e.customerId, kind: e.kind, amount: e.amount, ...row, createdAt: at },
    at,
  });
  return id;
}
