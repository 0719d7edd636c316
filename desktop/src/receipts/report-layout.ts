import type { Report } from "../cash/reports.js";
import { formatMoney } from "@mostrador/contracts/money";
import { blank, centered, pair, type ReceiptBlock, type ReceiptDocument, rule, text } from "./document.js";
import { formatDateTime, formatRate, paymentMethodName, printable } from "./es-ar-format.js";
import { type ReceiptShop, shopHeader } from "./layout.js";

/** What prints: the X or Z report exactly as cash/reports.ts#buildReport (or the frozen Z copy) gives it. */
export type ReportInput = Report;

/** The cierre Z (or informe X) on paper: sales, discounts, returns, voids, per method, per IVA rate, the cash count. */
export function layoutReport(report: ReportInput, shop: ReceiptShop, printedAt: string): ReceiptDocument {
  // A report with a close time is the Z (the shift is over); without one it is a mid-shift X.
  const isZ = report.closedAt !== null;
  const when = (iso: string) => formatDateTime(iso, shop.timeZone);
  const blocks: ReceiptBlock[] = [
    ...shopHeader(shop),
    rule,
    centered(isZ ? "CIERRE Z" : "INFORME X", "large"),
    ...(isZ ? [] : [centered("(parcial, no cierra la caja)")]),
    pair("Caja", printable(report.terminal.name || `Caja ${report.terminal.code}`)),
    pair("Apertura", when(report.openedAt)),
    pair("Abrió", printable(report.openedBy || "-")),
  ];
  if (report.closedAt)
    blocks.push(pair("Cierre", when(report.closedAt)), pair("Cerró", printable(report.closedBy ?? "-")));
  blocks.push(
    pair("Impreso", when(printedAt)),
    rule,
    pair("Ventas", String(report.salesCount)),
    pair("Ventas brutas", formatMoney(report.grossSales)),
    pair("Descuentos", formatMoney(-report.discounts)),
    ...(report.pointsDiscounts ? [pair("Descuentos por puntos", formatMoney(-report.pointsDiscounts))] : []),
    pair(`Devoluciones (${report.returns.count})`, formatMoney(-report.returns.total)),
    pair(`Anulaciones (${report.voids.count})`, formatMoney(report.voids.total)),
  );
  // An exchange's credit moves no money (its sales and refunds cancel): printed apart, not as a method.
  if (report.exchanges && report.exchanges.count > 0)
    blocks.push(pair(`Cambios (${report.exchanges.count}), crédito`, formatMoney(report.exchanges.credit)));
  const methods = report.byMethod.filter((m) => m.method !== "exchange");
  if (methods.length > 0) {
    blocks.push(blank, text("Por medio de pago", "left", "bold"));
    for (const m of methods) {
      blocks.push(pair(paymentMethodName(m.method), formatMoney(m.net)));
      if (m.refunds > 0)
        blocks.push(pair("  ventas", formatMoney(m.sales)), pair("  reintegros", formatMoney(-m.refunds)));
    }
  }
  if (report.byIvaRate.length > 0) {
    blocks.push(blank, text("Por alícuota de IVA", "left", "bold"));
    for (const r of report.byIvaRate) {
      blocks.push(
        pair(r.rate === 0 ? "Exento" : `IVA ${formatRate(r.rate)}`, formatMoney(r.total)),
        pair("  neto", formatMoney(r.net)),
        pair("  IVA", formatMoney(r.iva)),
      );
    }
  }
  blocks.push(
    blank,
    text("Efectivo", "left", "bold"),
    pair("Fondo inicial", formatMoney(report.openingFloat)),
    pair("Ingresos", formatMoney(report.cashIn)),
    pair("Retiros", formatMoney(-report.cashOut)),
  );
  // Blind close: the expected cash is printed only on the Z, never on a mid-shift X a cashier could count against.
  if (isZ) blocks.push(pair("Esperado en caja", formatMoney(report.expectedCash)));
  if (report.countedCash !== null) blocks.push(pair("Contado", formatMoney(report.countedCash)));
  if (report.difference !== null) {
    const label = report.difference > 0 ? "Sobrante" : report.difference < 0 ? "Faltante" : "Diferencia";
    blocks.push(pair(label, formatMoney(report.difference), "bold"));
  }
  if (isZ) blocks.push(blank, blank, centered("____________________"), centered("Firma del responsable"));
  return { blocks, qr: null };
}
