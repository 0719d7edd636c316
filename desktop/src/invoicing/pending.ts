import type { InvoicingPending } from "@mostrador/contracts/http/invoicing";
import type { Ctx } from "@mostrador/kernel/core/context";
import { stmt } from "@mostrador/kernel/db/statements";
import { invoiceView, type InvoiceRow } from "./invoice-rows.js";

const rowsWith = (ctx: Ctx, where: string) =>
  (
    stmt(
      ctx.db,
      `SELECT * FROM invoices WHERE ${where} ORDER BY created_at, id LIMIT 200`,
    ).all() as InvoiceRow[]
  ).map(invoiceView);

/** What the owner must see: comprobantes waiting for ARCA, failed ones, CAEA ones to report and the CAEAs' deadlines. */
export function pendingInvoicing(ctx: Ctx): InvoicingPending {
  const caeas = stmt(
    ctx.db,
    `SELECT g.caea, g.periodo, g.orden, g.valid_from AS validFrom, g.valid_to AS validTo, g.report_by AS reportBy,
            (SELECT COUNT(*) FROM invoices i WHERE i.caea_grant_id = g.id AND i.status = 'caea_issued') AS toReport,
            g.no_movement_reported_at IS NOT NULL AS noMovementReported
       FROM caea_grants g ORDER BY g.periodo DESC, g.orden DESC LIMIT 6`,
  ).all() as (Omit<InvoicingPending["caeas"][number], "noMovementReported"> & {
    noMovementReported: number;
  })[];
  return {
    waiting: rowsWith(ctx, "status IN ('queued', 'sending')"),
    failed: rowsWith(ctx, "status = 'failed'"),
    caeaToReport: rowsWith(ctx, "status = 'caea_issued'"),
    caeas: caeas.map((c) => ({ ...c, noMovementReported: c.noMovementReported === 1 })),
  };
}
