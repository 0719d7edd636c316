import { assertCan, cleanReason, recordDrawerOpen, terminalIdOf } from "../cash/sessions.js";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { getSettings } from "@mostrador/kernel/shop/settings";
import type { Principal } from "@mostrador/kernel/staff/sessions";
import { widthChars } from "./document.js";
import { renderDrawerKick, renderEscpos } from "./escpos.js";
import { layoutSale } from "./layout.js";
import { layoutReport, type ReportInput } from "./report-layout.js";
import { loadReceiptSale } from "./sale-data.js";
import { parseInterface, probePrinter, sendToPrinter } from "./transport.js";

/**
 * A ticket may pulse the drawer only while its sale is fresh. A reprint later that opened the drawer
 * would be an opening without a sale, which needs drawer.open_without_sale and a reason (openDrawer below).
 */
export const DRAWER_WITH_SALE_WINDOW_MS = 5 * 60 * 1000;

export interface PrintSaleOptions {
  /** Open the drawer with the ticket; default: the shop's openDrawerOnCash setting. Only for a fresh cash sale. */
  openDrawer?: boolean;
}

/** The last print that failed on this appliance, for the owner (Ajustes → Impresora); cleared by a print that works. */
import type { PrintFailure, PrinterStatus } from "@mostrador/contracts/http/receipts";

/** sendToPrinter, announcing the outcome ("printer.outcome"): the owner sees the last error in the printer's status. */
export async function sendToPrinterRecorded(ctx: Ctx, configured: string, bytes: Buffer): Promise<void> {
  try {
    await sendToPrinter(configured, bytes);
    ctx.bus.emit("printer.outcome", { at: isoNow(ctx), error: null });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    ctx.bus.emit("printer.outcome", { at: isoNow(ctx), error: message });
    throw err;
  }
}

/**
 * Prints the receipt of a committed sale. It only reads the sale: a printer that is off or missing
 * throws DomainError "printer_unavailable" (HTTP 503) and the sale stays exactly as it was.
 */
export async function printSale(ctx: Ctx, saleId: string, options: PrintSaleOptions = {}): Promise<void> {
  const sale = loadReceiptSale(ctx.db, saleId);
  const settings = getSettings(ctx.db);
  const fresh = ctx.clock.now().getTime() - Date.parse(sale.createdAt) <= DRAWER_WITH_SALE_WINDOW_MS;
  const tookCash = sale.payments.some((p) => p.method === "cash");
  const kick =
    (options.openDrawer ?? settings.printer.openDrawerOnCash) &&
    sale.status === "completed" &&
    tookCash &&
    fresh;
  const bytes = renderEscpos(layoutSale(sale, settings), {
    type: settings.printer.type,
    width: widthChars(settings.printer.widthMm),
    openDrawer: kick,
  });
  await sendToPrinterRecorded(ctx, settings.printer.interface, bytes);
}

/** Prints an X or Z report (cash/reports.ts builds it). */
export async function printReport(ctx: Ctx, report: ReportInput): Promise<void> {
  const settings = getSettings(ctx.db);
  const bytes = renderEscpos(layoutReport(report, settings, isoNow(ctx)), {
    type: settings.printer.type,
    width: widthChars(settings.printer.widthMm),
  });
  await sendToPrinterRecorded(ctx, settings.printer.interface, bytes);
}

/**
 * Opens the drawer without a sale (change for a customer, a count). Checks come first (permission,
 * reason, a till); then the kick; the opening is recorded (cash/sessions.ts#recordDrawerOpen: a
 * drawer_open movement in the open session, or an audit entry) only once the printer took the pulse,
 * so a failed kick leaves no record of an opening that never happened.
 */
export async function openDrawer(ctx: Ctx, principal: Principal, reason: string): Promise<void> {
  assertCan(principal, "drawer.open_without_sale");
  const why = cleanReason(reason);
  terminalIdOf(principal);
  const settings = getSettings(ctx.db);
  await sendToPrinterRecorded(ctx, settings.printer.interface, renderDrawerKick(settings.printer.type));
  recordDrawerOpen(ctx, principal, why);
}

/** `lastError`: what the receipts module heard last (print-failures.ts); none when not given. */
export async function printerStatus(ctx: Ctx, lastError: PrintFailure | null = null): Promise<PrinterStatus> {
  return { ...(await currentStatus(ctx)), lastError };
}

async function currentStatus(ctx: Ctx): Promise<Omit<PrinterStatus, "lastError">> {
  const configured = getSettings(ctx.db).printer.interface;
  let target: ReturnType<typeof parseInterface>;
  try {
    target = parseInterface(configured);
  } catch {
    return {
      configured: true,
      reachable: false,
      message: "La interfaz configurada no es válida: usá tcp://IP:9100 o la ruta del dispositivo",
    };
  }
  if (!target)
    return {
      configured: false,
      reachable: false,
      // Points to where the owner fixes it: the till's Ajustes screen has an "Impresora" section.
      message: "No hay impresora configurada: cargala en Ajustes, sección Impresora",
    };
  const reachable = await probePrinter(configured);
  return {
    configured: true,
    reachable,
    message: reachable
      ? "Impresora lista"
      : "La impresora no responde: revisá que esté encendida y conectada",
  };
}
