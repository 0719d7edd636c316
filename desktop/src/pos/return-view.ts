import type { Ctx } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { stmt } from "@mostrador/kernel/db/statements";
import { displayNumber } from "./numbering.js";

// A return's view is the HTTP contract's (contracts/src/http/sales.ts).
import type { Refund, Return, ReturnLine } from "@mostrador/contracts/http/sales";

type ReturnRow = Omit<Return, "displayNumber" | "saleDisplayNumber" | "lines" | "refunds"> & {
  saleNumber: number;
  saleTerminalCode: number;
};

const RETURN_SELECT = `
  SELECT r.id, r.sale_id AS saleId, r.number, r.terminal_id AS terminalId, t.code AS terminalCode,
         r.cash_session_id AS cashSessionId, r.created_at AS createdAt, r.staff_id AS staffId, st.name AS staffName,
         r.approved_by AS approvedBy, r.reason, r.total, r.net_total AS netTotal, r.iva_total AS ivaTotal,
         s.number AS saleNumber, st2.code AS saleTerminalCode
    FROM returns r
    JOIN terminals t ON t.id = r.terminal_id
    JOIN staff st ON st.id = r.staff_id
    JOIN sales s ON s.id = r.sale_id
    JOIN terminals st2 ON st2.id = s.terminal_id`;

function hydrate(ctx: Ctx, row: ReturnRow): Return {
  const lines = stmt(
    ctx.db,
    `SELECT rl.id, rl.sale_line_id AS saleLineId, sl.product_id AS productId, sl.description, sl.unit,
              rl.quantity, rl.total, rl.iva_rate AS ivaRate, rl.net, rl.iva
         FROM return_lines rl JOIN sale_lines sl ON sl.id = rl.sale_line_id
        WHERE rl.return_id = ? ORDER BY sl.line_no`,
  ).all(row.id) as ReturnLine[];
  const refunds = stmt(
    ctx.db,
    "SELECT id, method, amount, reference FROM return_refunds WHERE return_id = ? ORDER BY rowid",
  ).all(row.id) as Refund[];
  const { saleNumber, saleTerminalCode, ...rest } = row;
  return {
    ...rest,
    displayNumber: displayNumber(row.terminalCode, row.number),
    saleDisplayNumber: displayNumber(saleTerminalCode, saleNumber),
    lines,
    refunds,
  };
}

export function findReturn(ctx: Ctx, id: string): Return | null {
  const row = stmt(ctx.db, `${RETURN_SELECT} WHERE r.id = ?`).get(id) as ReturnRow | undefined;
  return row ? hydrate(ctx, row) : null;
}

export function getReturn(ctx: Ctx, id: string): Return {
  const found = findReturn(ctx, id);
  if (!found)
    throw new DomainError("not_found", "return_not_found", "La devolución no existe", { returnId: id });
  return found;
}

/** Every return made against a sale, oldest first. */
export function listReturnsOfSale(ctx: Ctx, saleId: string): Return[] {
  const rows = stmt(ctx.db, `${RETURN_SELECT} WHERE r.sale_id = ? ORDER BY r.created_at, r.number`).all(
    saleId,
  ) as ReturnRow[];
  return rows.map((r) => hydrate(ctx, r));
}
