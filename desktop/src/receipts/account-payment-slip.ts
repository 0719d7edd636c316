import { formatMoney } from "@mostrador/contracts/money";
import type { Ctx } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { stmt } from "@mostrador/kernel/db/statements";
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
import { formatDateTime, paymentMethodName, printable } from "./es-ar-format.js";
import { type ReceiptShop, shopHeader } from "./layout.js";
import { DRAWER_WITH_SALE_WINDOW_MS } from "./printer.js";
import { sendToPrinter } from "./transport.js";

/** A payment on account ("Cobrar cuenta", accounts/payments.ts) as its slip prints it. */
export interface AccountPaymentSlipData {
  id: string;
  customerName: string;
  /** What the payment took off the debt (> 0). */
  amount: number;
  method: string;
  reference: string | null;
  /** Cash only: what the customer handed over; the change is tendered − amount. */
  tendered: number | null;
  /** The customer's debt on this store's ledger right after this payment (the entry's balance_after). */
  balanceAfter: number;
  createdAt: string;
  terminalName: string | null;
  staffName: string | null;
}

const LOAD = `SELECT e.id, c.name AS customerName, -e.amount AS amount, e.method, e.reference, e.tendered,
                     e.balance_after AS balanceAfter, e.created_at AS createdAt, t.name AS terminalName,
                     s.name AS staffName
                FROM account_entries e JOIN customers c ON c.id = e.customer_id
                LEFT JOIN terminals t ON t.id = e.terminal_id
                LEFT JOIN staff s ON s.id = e.staff_id
               WHERE e.id = ? AND e.kind = 'payment'`;

export function loadAccountPaymentSlip(ctx: Ctx, entryId: string): AccountPaymentSlipData {
  const row = stmt(ctx.db, LOAD).get(entryId) as AccountPaymentSlipData | undefined;
  if (!row) throw new DomainError("not_found", "account_payment_not_found", "El pago de cuenta no existe");
  return row;
}

/**
 * The comprobante of a payment on account: who paid, how much, by which method (with the cash handed
 * over and the change) and what they still owe after it. Not a sale and not a fiscal document: it says so.
 */
export function layoutAccountPaymentSlip(data: AccountPaymentSlipData, shop: ReceiptShop): ReceiptDocument {
  const blocks: ReceiptBlock[] = [
    ...shopHeader(shop),
    rule,
    centered("PAGO DE CUENTA CORRIENTE", "large"),
    centered("DOCUMENTO NO VÁLIDO COMO FACTURA"),
    pair("Cliente", printable(data.customerName || "Anónimo"), "bold"),
    pair("Fecha", formatDateTime(data.createdAt, shop.timeZone)),
  ];
  if (data.terminalName) blocks.push(pair("Caja", printable(data.terminalName)));
  if (data.staffName) blocks.push(pair("Atendió", printable(data.staffName)));
  blocks.push(
    rule,
    pair("PAGO", formatMoney(data.amount), "large"),
    pair("Medio", paymentMethodName(data.method)),
  );
  if (data.reference?.trim()) blocks.push(text(`  Ref. ${printable(data.reference.trim())}`));
  if (data.tendered !== null) {
    blocks.push(pair("Entregó", formatMoney(data.tendered)));
    if (data.tendered > data.amount)
      blocks.push(pair("Su vuelto", formatMoney(data.tendered - data.amount), "bold"));
  }
  blocks.push(
    rule,
    pair(data.balanceAfter > 0 ? "SALDO ADEUDADO" : "SALDO", formatMoney(data.balanceAfter), "bold"),
  );
  if (data.balanceAfter <= 0) blocks.push(centered("Cuenta al día. ¡Gracias!"));
  blocks.push(blank, centered(`Comprobante ${data.id.slice(-8)}`));
  return { blocks, qr: null };
}

export function buildAccountPaymentSlip(ctx: Ctx, entryId: string): ReceiptDocument {
  return layoutAccountPaymentSlip(loadAccountPaymentSlip(ctx, entryId), getSettings(ctx.db));
}

/**
 * Prints the slip (reads only: a printer that is off throws "printer_unavailable" and the payment stays
 * recorded). A fresh payment in cash opens the drawer, as a sale's ticket does; a later print never does.
 */
export async function printAccountPaymentSlip(
  ctx: Ctx,
  entryId: string,
  options: { openDrawer?: boolean } = {},
): Promise<void> {
  const settings = getSettings(ctx.db);
  const data = loadAccountPaymentSlip(ctx, entryId);
  const fresh = ctx.clock.now().getTime() - Date.parse(data.createdAt) <= DRAWER_WITH_SALE_WINDOW_MS;
  const bytes = renderEscpos(layoutAccountPaymentSlip(data, settings), {
    type: settings.printer.type,
    width: widthChars(settings.printer.widthMm),
    openDrawer: (options.openDrawer ?? settings.printer.openDrawerOnCash) && data.method === "cash" && fresh,
  });
  await sendToPrinter(settings.printer.interface, bytes);
}
