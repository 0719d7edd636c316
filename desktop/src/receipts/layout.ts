import type { ShopSettings } from "@mostrador/contracts/http/settings";
import type { Ctx } from "@mostrador/kernel/core/context";
import { formatMoney } from "@mostrador/contracts/money";
import { displayNumber } from "../pos/numbering.js";
import { getSettings } from "@mostrador/kernel/shop/settings";
import { blank, centered, pair, type ReceiptBlock, type ReceiptDocument, rule, text } from "./document.js";
import {
  formatCuit,
  formatDateTime,
  formatKg,
  formatRate,
  paymentMethodName,
  printable,
} from "./es-ar-format.js";
import { fiscalFooter, fiscalHeader } from "./fiscal-blocks.js";
import { loadReceiptSale, type ReceiptLine, type ReceiptSale } from "./sale-data.js";

export type ReceiptShop = Pick<
  ShopSettings,
  "name" | "legalName" | "taxId" | "address" | "receiptFooter" | "timeZone"
>;

/** The receipt of a committed sale, as the printer and the preview will show it. */
export function buildSaleReceipt(ctx: Ctx, saleId: string): ReceiptDocument {
  return layoutSale(loadReceiptSale(ctx.db, saleId), getSettings(ctx.db));
}

/** The shop's letterhead, shared by tickets and cash reports. */
export function shopHeader(shop: ReceiptShop): ReceiptBlock[] {
  const blocks: ReceiptBlock[] = [centered(printable(shop.name), "large")];
  if (shop.legalName.trim()) blocks.push(centered(printable(shop.legalName)));
  if (shop.taxId.trim()) blocks.push(centered(`CUIT ${formatCuit(shop.taxId)}`));
  if (shop.address.trim()) blocks.push(centered(printable(shop.address)));
  return blocks;
}

export function layoutSale(sale: ReceiptSale, shop: ReceiptShop): ReceiptDocument {
  const blocks: ReceiptBlock[] = [...shopHeader(shop), rule];
  // A ticket is a fiscal document only once ARCA authorised its invoice (invoicing module); else it says so.
  if (sale.fiscal) blocks.push(...fiscalHeader(sale.fiscal));
  else blocks.push(centered("DOCUMENTO NO VÁLIDO COMO FACTURA"));
  if (sale.status === "voided") blocks.push(centered("*** ANULADA ***", "large"));
  blocks.push(
    pair("Ticket", displayNumber(sale.terminalCode, sale.number), "bold"),
    pair("Fecha", formatDateTime(sale.createdAt, shop.timeZone)),
    pair("Caja", printable(sale.terminalName)),
    pair("Atendió", printable(sale.staffName)),
  );
  if (sale.customerName) blocks.push(pair("Cliente", printable(sale.customerName)));
  blocks.push(rule);
  for (const line of sale.lines) blocks.push(...lineBlocks(line));
  blocks.push(rule, pair("Subtotal", formatMoney(sale.subtotal)));
  if (sale.lineDiscountTotal > 0)
    blocks.push(pair("Descuentos por ítem", formatMoney(-sale.lineDiscountTotal)));
  if (sale.ticketDiscountTotal > 0)
    blocks.push(pair(ticketDiscountLabel(sale), formatMoney(-sale.ticketDiscountTotal)));
  if (sale.pointsDiscountTotal) {
    const pts = (sale.pointsDiscountPoints ?? 0).toLocaleString("es-AR");
    blocks.push(pair(`Descuento por puntos (${pts} pts)`, formatMoney(-sale.pointsDiscountTotal)));
  }
  blocks.push(pair("TOTAL", formatMoney(sale.total), "large"));
  blocks.push(...paymentBlocks(sale));
  blocks.push(...customerBlocks(sale));
  blocks.push(...ivaBlocks(sale));
  blocks.push(...returnBlocks(sale, shop));
  if (sale.status === "voided") {
    blocks.push(rule, centered("VENTA ANULADA", "bold"));
    if (sale.voidedAt) blocks.push(pair("Anulada el", formatDateTime(sale.voidedAt, shop.timeZone)));
    if (sale.voidReason) blocks.push(text(`Motivo: ${printable(sale.voidReason)}`));
  }
  // The footer is typed in Ajustes on several lines ("¡Gracias!" / "Cambios con este ticket"): each stays a line.
  const footerLines = shop.receiptFooter.split(/\r\n|\r|\n/).map((line) => printable(line).trim());
  if (footerLines.some(Boolean))
    blocks.push(blank, ...footerLines.map((line) => (line ? centered(line) : blank)));
  if (sale.fiscal) blocks.push(...fiscalFooter(sale.fiscal));
  // The QR carries the sale id: scanning it at any till finds the sale for a return or an exchange.
  blocks.push(blank, centered("Conservá tu ticket para cambios"), { kind: "qr", data: sale.id });
  // The screen draws one QR: ARCA's on a fiscal ticket (the paper carries both).
  return { blocks, qr: sale.fiscal?.qrUrl ?? sale.id };
}

/** One item: "Description  $ amount" for a single unit, otherwise the quantity on its own line. */
function lineBlocks(line: ReceiptLine): ReceiptBlock[] {
  const description = printable(line.description);
  const blocks: ReceiptBlock[] = [];
  if (line.unit === "each" && line.quantity === 1) {
    blocks.push(pair(description, formatMoney(line.gross)));
  } else {
    const quantity =
      line.unit === "kg"
        ? `${formatKg(line.quantity)} x ${formatMoney(line.unitPrice)}/kg`
        : `${line.quantity} x ${formatMoney(line.unitPrice)}`;
    blocks.push(text(description), pair(`  ${quantity}`, formatMoney(line.gross)));
  }
  if (line.lineDiscount > 0) {
    const label =
      line.discountKind === "percent" && line.discountValue !== null
        ? `  Descuento ${formatRate(line.discountValue)}`
        : "  Descuento";
    blocks.push(pair(label, formatMoney(-line.lineDiscount)));
  }
  return blocks;
}

function ticketDiscountLabel(sale: ReceiptSale): string {
  return sale.ticketDiscountKind === "percent" && sale.ticketDiscountValue !== null
    ? `Descuento ${formatRate(sale.ticketDiscountValue)}`
    : "Descuento";
}

/** Each payment with its method in Spanish; cash shows what was tendered, then the change (vuelto). */
function paymentBlocks(sale: ReceiptSale): ReceiptBlock[] {
  const blocks: ReceiptBlock[] = [];
  if (sale.payments.length > 0) blocks.push(blank);
  let cashTendered = false;
  for (const p of sale.payments) {
    const shown = p.method === "cash" && p.tendered !== null ? p.tendered : p.amount;
    if (p.method === "cash" && p.tendered !== null) cashTendered = true;
    blocks.push(pair(paymentMethodName(p.method), formatMoney(shown)));
    if (p.reference?.trim()) blocks.push(text(`  Ref. ${printable(p.reference.trim())}`));
  }
  if (cashTendered || sale.changeGiven > 0)
    blocks.push(pair("Su vuelto", formatMoney(sale.changeGiven), "bold"));
  return blocks;
}

/** The customer, with their account balance and points after this sale (accounts and loyalty modules). */
function customerBlocks(sale: ReceiptSale): ReceiptBlock[] {
  const c = sale.customer;
  if (!c) return [];
  const blocks: ReceiptBlock[] = [blank, text(`Cliente: ${printable(c.name)}`)];
  if (c.accountBalance !== null) blocks.push(pair("Saldo cuenta corriente", formatMoney(c.accountBalance)));
  if (c.points !== null) blocks.push(pair("Puntos", c.points.toLocaleString("es-AR")));
  return blocks;
}

/**
 * IVA contained in the price, per rate: consumer tickets must show it (Régimen de Transparencia
 * Fiscal al Consumidor, Ley 27.743). Exempt (0 %) lines carry no IVA and get no line.
 */
function ivaBlocks(sale: ReceiptSale): ReceiptBlock[] {
  const taxed = sale.ivaByRate.filter((r) => r.rate > 0);
  if (taxed.length === 0) return [];
  return [
    blank,
    text("Régimen de Transparencia Fiscal al Consumidor (Ley 27.743)"),
    ...taxed.map((r) => pair(`IVA ${formatRate(r.rate)}`, formatMoney(r.iva))),
  ];
}

function returnBlocks(sale: ReceiptSale, shop: ReceiptShop): ReceiptBlock[] {
  if (sale.returns.length === 0) return [];
  return [
    blank,
    text("Devoluciones"),
    ...sale.returns.flatMap((r) => [
      pair(`  ${displayNumber(r.terminalCode, r.number)}`, formatMoney(-r.total)),
      text(`  ${formatDateTime(r.createdAt, shop.timeZone)}`),
    ]),
  ];
}
