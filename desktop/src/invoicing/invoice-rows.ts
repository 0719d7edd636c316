import type { Invoice, InvoiceStatus } from "@mostrador/contracts/http/invoicing";
import type { Ctx } from "@mostrador/kernel/core/context";
import { enqueueOutbox } from "@mostrador/kernel/outbox/outbox";
import { stmt } from "@mostrador/kernel/db/statements";
import type { Letter } from "./voucher.js";

/** An invoices row as stored (invoices table, migration 0032). */
export interface InvoiceRow {
  id: string;
  sale_id: string;
  return_id: string | null;
  original_id: string | null;
  kind: "invoice" | "credit_note";
  status: InvoiceStatus;
  letter: Letter | null;
  cbte_tipo: number | null;
  authority: "CAE" | "CAEA" | null;
  point_of_sale: number | null;
  number: number | null;
  doc_tipo: number | null;
  doc_nro: string | null;
  receptor_iva_id: number | null;
  total: number | null;
  net: number | null;
  vat: number | null;
  vat_shares: string | null;
  invoice_date: string | null;
  generated_at: string | null;
  code: string | null;
  code_due: string | null;
  caea_grant_id: string | null;
  attempts: number;
  last_error: string | null;
  next_attempt_at: string;
  created_at: string;
}

export const invoiceRow = (ctx: Ctx, id: string): InvoiceRow | undefined =>
  stmt(ctx.db, "SELECT * FROM invoices WHERE id = ?").get(id) as InvoiceRow | undefined;

export function invoiceView(row: InvoiceRow): Invoice {
  return {
    id: row.id,
    saleId: row.sale_id,
    returnId: row.return_id,
    originalId: row.original_id,
    kind: row.kind,
    status: row.status,
    letter: row.letter,
    cbteTipo: row.cbte_tipo,
    pointOfSale: row.point_of_sale,
    number: row.number,
    authority: row.authority,
    code: row.code,
    codeDue: row.code_due,
    invoiceDate: row.invoice_date,
    docTipo: row.doc_tipo,
    docNro: row.doc_nro,
    total: row.total,
    lastError: row.last_error,
    createdAt: row.created_at,
  };
}

/** Every comprobante of a sale (its invoice, then credit notes), oldest first. */
export function invoicesOfSale(ctx: Ctx, saleId: string): Invoice[] {
  const rows = stmt(ctx.db, "SELECT * FROM invoices WHERE sale_id = ? ORDER BY created_at, id").all(
    saleId,
  ) as InvoiceRow[];
  return rows.map(invoiceView);
}

/** Tells the cloud (outbox, in the caller's transaction) that a comprobante got its CAE or CAEA. */
export function enqueueInvoiceOp(
  ctx: Ctx,
  id: string,
  op: "authorised" | "caea_issued" | "caea_reported",
  at: string,
): void {
  const row = invoiceRow(ctx, id)!;
  enqueueOutbox(ctx.db, {
    entity: "invoice",
    entityId: row.id,
    op,
    at,
    payload: {
      id: row.id,
      saleId: row.sale_id,
      returnId: row.return_id,
      originalId: row.original_id,
      kind: row.kind,
      status: op,
      letter: row.letter!,
      cbteTipo: row.cbte_tipo!,
      pointOfSale: row.point_of_sale!,
      number: row.number!,
      authority: row.authority!,
      code: row.code!,
      codeDue: row.code_due!,
      docTipo: row.doc_tipo!,
      docNro: row.doc_nro!,
      total: row.total!,
      net: row.net!,
      vat: row.vat!,
      invoiceDate: row.invoice_date!,
      at,
    },
  });
}
