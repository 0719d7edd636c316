import type { Return } from "@mostrador/contracts/http/sales";
import type { Ctx } from "@mostrador/kernel/core/context";
import { stmt } from "@mostrador/kernel/db/statements";
import { formatMoney } from "@mostrador/contracts/money";
import { getReturn } from "../pos/return-view.js";
import { getSettings } from "@mostrador/kernel/shop/settings";
import {
  blank,
  centered,
  pair,
  type ReceiptBlock,
  type ReceiptDocument,
  rule,
  text,
  widthChars,
} from "./document.js";
import { renderEscpos } from "./escpos.js";
import { formatDateTime, formatKg, paymentMethodName, printable } from "./es-ar-format.js";
import { type FiscalReceipt, fiscalReceiptOfReturn } from "../invoicing/fiscal-receipt.js";
import { fiscalFooter, fiscalHeader } from "./fiscal-blocks.js";
import { type ReceiptShop, shopHeader } from "./layout.js";
import { DRAWER_WITH_SALE_WINDOW_MS } from "./printer.js";
import { sendToPrinter } from "./transport.js";

/** A return as its slip prints it: the return itself plus the names a person reads on paper. */
export interface ReturnSlipData {
  saleReturn: Return;
  terminalName: string;
  /** Who authorised it (a manager's PIN), when it needed that. */
  approvedByName: string | null;
  /** Its ARCA credit note, once issued (invoicing module); absent or null: not a fiscal document. */
  fiscal?: FiscalReceipt | null;
}

export function loadReturnSlip(ctx: Ctx, returnId: string): ReturnSlipData {
  const saleReturn = getReturn(ctx, returnId);
  const terminal = stmt(ctx.db, "SELECT name FROM terminals WHERE id = ?").get(saleReturn.terminalId) as
    { name: string } | undefined;
  const approver = saleReturn.approvedBy
    ? (stmt(ctx.db, "SELECT name FROM staff WHERE id = ?").get(saleReturn.approvedBy) as
        { name: string } | undefined)
    : undefined;
  return {
    saleReturn,
    terminalName: terminal?.name ?? `Caja ${saleReturn.terminalCode}`,
    approvedByName: approver?.name ?? null,
    fiscal: fiscalReceiptOfReturn(ctx.db, returnId),
  };
}

/**
 * The nota de devolución: what came back, of which ticket, how the money went back and why, and who did
 * it. Not a fiscal document (no ARCA credit note yet), and it says so, like the sale ticket.
 */
export function layoutReturnSlip(data: ReturnSlipData, shop: ReceiptShop): ReceiptDocument {
  const r = data.saleReturn;
  const blocks: ReceiptBlock[] = [
    ...shopHeader(shop),
    rule,
    centered("NOTA DE DEVOLUCIÓN", "large"),
    // With its ARCA credit note the slip is the fiscal comprobante; without, it says it is not one.
    ...(data.fiscal ? fiscalHeader(data.fiscal) : [centered("DOCUMENTO NO VÁLIDO COMO FACTURA")]),
    pair("Devolución", r.displayNumber, "bold"),
    pair("Ticket original", r.saleDisplayNumber, "bold"),
    pair("Fecha", formatDateTime(r.createdAt, shop.timeZone)),
    pair("Caja", printable(data.terminalName)),
    pair("Atendió", printable(r.staffName)),
  ];
  if (data.approvedByName) blocks.push(pair("Autorizó", printable(data.approvedByName)));
  blocks.push(rule);
  for (const line of r.lines) {
    const description = printable(line.description);
    if (line.unit === "each" && line.quantity === 1) {
      blocks.push(pair(description, formatMoney(-line.total)));
    } else {
      const quantity = line.unit === "kg" ? formatKg(line.quantity) : `${line.quantity} u.`;
      blocks.push(text(description), pair(`  ${quantity}`, formatMoney(-line.total)));
    }
  }
  blocks.push(rule, pair("TOTAL DEVUELTO", formatMoney(r.total), "large"), blank, text("Reintegro"));
  for (const refund of r.refunds) {
    blocks.push(pair(`  ${paymentMethodName(refund.method)}`, formatMoney(refund.amount)));
    if (refund.reference?.trim()) blocks.push(text(`    Ref. ${printable(refund.reference.trim())}`));
  }
  blocks.push(blank, text(`Motivo: ${printable(r.reason)}`));
  if (data.fiscal) blocks.push(...fiscalFooter(data.fiscal));
  blocks.push(blank, blank, centered("____________________"), centered("Firma del cliente"));
  return { blocks, qr: data.fiscal?.qrUrl ?? null };
}

export function buildReturnSlip(ctx: Ctx, returnId: string): ReceiptDocument {
  return layoutReturnSlip(loadReturnSlip(ctx, returnId), getSettings(ctx.db));
}

/**
 * Prints the return slip. It only reads the return: a printer that is off or missing throws DomainError
 * "printer_unavailable" (HTTP 503) and the return stays recorded. Like a sale's ticket, a fresh return
 * that gives cash back opens the drawer (the shop's openDrawerOnCash, or `openDrawer`); a reprint later
 * never does.
 */
export async function printReturnSlip(
  ctx: Ctx,
  returnId: string,
  options: { openDrawer?: boolean } = {},
): Promise<void> {
  const settings = getSettings(ctx.db);
  const data = loadReturnSlip(ctx, returnId);
  const r = data.saleReturn;
  const fresh = ctx.clock.now().getTime() - Date.parse(r.createdAt) <= DRAWER_WITH_SALE_WINDOW_MS;
  const cashBack = r.refunds.some((x) => x.method === "cash");
  const bytes = renderEscpos(layoutReturnSlip(data, settings), {
    type: settings.printer.type,
    width: widthChars(settings.printer.widthMm),
    openDrawer: (options.openDrawer ?? settings.printer.openDrawerOnCash) && cashBack && fresh,
  });
  await sendToPrinter(settings.printer.interface, bytes);
}
