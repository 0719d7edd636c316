import type { SaleHooks } from "../pos/sale-hooks.js";
import { queueCreditNoteForReturn, queueCreditNoteForVoid, queueInvoiceForSale } from "./invoice-requests.js";

/**
 * In the sale's, the return's and the void's own transaction: only a row in the invoices queue is
 * written (never an ARCA call), so the sale is never blocked nor lost because of ARCA. The only refusal:
 * a till that named the buyer at payment (`invoiceBuyer`) for an invoice that cannot be issued (its own
 * check before payment failed to stop it). The module's runner sends the queue afterwards.
 */
export const invoicingSaleHooks: SaleHooks = {
  saleWritten: (ctx, _principal, sale, customerId, extras) =>
    queueInvoiceForSale(ctx, sale, customerId, extras.invoiceBuyer),
  returnWritten: (ctx, _principal, saleReturn, sale) => queueCreditNoteForReturn(ctx, saleReturn, sale),
  saleVoided: (ctx, _principal, sale) => queueCreditNoteForVoid(ctx, sale),
};
