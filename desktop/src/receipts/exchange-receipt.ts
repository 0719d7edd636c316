import type { Exchange } from "@mostrador/contracts/http/exchanges";
import { formatMoney } from "@mostrador/contracts/money";
import type { Ctx } from "@mostrador/kernel/core/context";
import { stmt } from "@mostrador/kernel/db/statements";
import { getSettings } from "@mostrador/kernel/shop/settings";
import { getExchange } from "../pos/exchanges.js";
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
import { type ReceiptShop, shopHeader } from "./layout.js";
import { DRAWER_WITH_SALE_WINDOW_MS } from "./printer.js";
import { sendToPrinter } from "./transport.js";

/** An exchange as its ticket prints it: both halves plus the till's name. */
export interface ExchangeReceiptData {
  exchange: Exchange;
  terminalName: string;
}

export function loadExchangeReceipt(ctx: Ctx, exchangeId: string): ExchangeReceiptData {
  const exchange = getExchange(ctx, exchangeId);
  const terminal = stmt(ctx.db, "SELECT name FROM terminals WHERE id = ?").get(exchange.sale.terminalId) as
    { name: string } | undefined;
  return { exchange, terminalName: terminal?.name ?? `Caja ${exchange.sale.terminalCode}` };
}

const item = (description: string, unit: "each" | "kg", quantity: number, amount: number): ReceiptBlock[] => {
  const name = printable(description);
  if (unit === "each" && quantity === 1) return [pair(name, formatMoney(amount))];
  const shown = unit === "kg" ? formatKg(quantity) : `${quantity} u.`;
  return [text(name), pair(`  ${shown}`, formatMoney(amount))];
};

/**
 * The ticket of a cambio: what came back (of which ticket), what the customer takes, the credit, and the
 * difference paid or given back by each method. One paper for one operation; not a fiscal document yet.
 */
export function layoutExchange(data: ExchangeReceiptData, shop: ReceiptShop): ReceiptDocument {
  const { returned, sale, credit, difference } = data.exchange;
  const blocks: ReceiptBlock[] = [
    ...shopHeader(shop),
    rule,
    centered("CAMBIO", "large"),
    centered("DOCUMENTO NO VÁLIDO COMO FACTURA"),
    pair("Ticket", sale.displayNumber, "bold"),
    pair("Devolución", returned.displayNumber),
    pair("Ticket original", returned.saleDisplayNumber),
    pair("Fecha", formatDateTime(sale.createdAt, shop.timeZone)),
    pair("Caja", printable(data.terminalName)),
    pair("Atendió", printable(sale.staffName)),
    rule,
    text("Devuelve", "left", "bold"),
  ];
  for (const l of returned.lines) blocks.push(...item(l.description, l.unit, l.quantity, -l.total));
  blocks.push(pair("Total devuelto", formatMoney(-returned.total)), blank, text("Lleva", "left", "bold"));
  for (const l of sale.lines) blocks.push(...item(l.description, l.unit, l.quantity, l.total));
  blocks.push(
    pair("Total nuevo", formatMoney(sale.total)),
    rule,
    pair("Crédito del cambio", formatMoney(credit)),
  );
  if (difference > 0) {
    blocks.push(pair("DIFERENCIA A PAGAR", formatMoney(difference), "large"));
    for (const p of sale.payments.filter((x) => x.method !== "exchange")) {
      const shown = p.method === "cash" && p.tendered !== null ? p.tendered : p.amount;
      blocks.push(pair(`  ${paymentMethodName(p.method)}`, formatMoney(shown)));
      if (p.reference?.trim()) blocks.push(text(`    Ref. ${printable(p.reference.trim())}`));
    }
    if (sale.changeGiven > 0) blocks.push(pair("Su vuelto", formatMoney(sale.changeGiven), "bold"));
  } else if (difference < 0) {
    blocks.push(pair("DIFERENCIA A FAVOR", formatMoney(-difference), "large"));
    for (const r of returned.refunds.filter((x) => x.method !== "exchange")) {
      blocks.push(pair(`  ${paymentMethodName(r.method)}`, formatMoney(r.amount)));
      if (r.reference?.trim()) blocks.push(text(`    Ref. ${printable(r.reference.trim())}`));
    }
  } else {
    blocks.push(pair("Sin diferencia", formatMoney(0), "bold"));
  }
  blocks.push(blank, text(`Motivo: ${printable(returned.reason)}`));
  // The QR is the NEW sale's id: a later return or exchange of what the customer took starts from it.
  blocks.push(blank, centered("Conservá tu ticket para cambios"), { kind: "qr", data: sale.id });
  return { blocks, qr: sale.id };
}

export function buildExchangeReceipt(ctx: Ctx, exchangeId: string): ReceiptDocument {
  return layoutExchange(loadExchangeReceipt(ctx, exchangeId), getSettings(ctx.db));
}

/**
 * Prints the exchange's ticket (reads only; a missing printer throws "printer_unavailable" and the exchange
 * stays recorded). A fresh exchange whose difference moved cash, either way, opens the drawer.
 */
export async function printExchangeReceipt(
  ctx: Ctx,
  exchangeId: string,
  options: { openDrawer?: boolean } = {},
): Promise<void> {
  const settings = getSettings(ctx.db);
  const data = loadExchangeReceipt(ctx, exchangeId);
  const { sale, returned } = data.exchange;
  const fresh = ctx.clock.now().getTime() - Date.parse(sale.createdAt) <= DRAWER_WITH_SALE_WINDOW_MS;
  const cash =
    sale.payments.some((p) => p.method === "cash") || returned.refunds.some((r) => r.method === "cash");
  const bytes = renderEscpos(layoutExchange(data, settings), {
    type: settings.printer.type,
    width: widthChars(settings.printer.widthMm),
    openDrawer: (options.openDrawer ?? settings.printer.openDrawerOnCash) && cash && fresh,
  });
  await sendToPrinter(settings.printer.interface, bytes);
}
