import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { getSettings } from "@mostrador/kernel/shop/settings";
import { recordAudit } from "@mostrador/kernel/staff/audit";
import type { Principal } from "@mostrador/kernel/staff/sessions";
import { centered, type ReceiptDocument, widthChars } from "./document.js";
import { formatDateTime } from "./es-ar-format.js";
import { renderEscpos } from "./escpos.js";
import { displayNumber } from "../pos/numbering.js";
import { layoutSale } from "./layout.js";
import { sendToPrinterRecorded } from "./printer.js";
import { layoutReturnSlip, loadReturnSlip } from "./return-slip.js";
import { loadReceiptSale } from "./sale-data.js";

/**
 * A ticket printed again from the sales history says so on paper, under the letterhead: a copy must never
 * pass for the original (a second "original" could back a second return). It never opens the drawer.
 */
export function markAsReprint(doc: ReceiptDocument, printedAt: string, timeZone: string): ReceiptDocument {
  const afterHeader = doc.blocks.findIndex((b) => b.kind === "rule") + 1;
  const mark = [
    centered("*** REIMPRESIÓN ***", "large"),
    centered(`COPIA — impresa el ${formatDateTime(printedAt, timeZone)}`),
  ];
  return { ...doc, blocks: [...doc.blocks.slice(0, afterHeader), ...mark, ...doc.blocks.slice(afterHeader)] };
}

/** What is reprinted: a sale's ticket or a return's slip. */
export type ReprintTarget = { kind: "sale"; id: string } | { kind: "return"; id: string };

/**
 * Prints a past ticket or return slip again, marked as a copy, and records who did it (audit
 * "receipt.reprint"). An unknown id is `sale_not_found` / `return_not_found` (404); a printer that is off
 * throws `printer_unavailable` (503) and nothing is recorded, since nothing was printed.
 */
export async function reprint(ctx: Ctx, principal: Principal, target: ReprintTarget): Promise<void> {
  const settings = getSettings(ctx.db);
  let original: ReceiptDocument;
  let number: string;
  if (target.kind === "sale") {
    const sale = loadReceiptSale(ctx.db, target.id);
    original = layoutSale(sale, settings);
    number = displayNumber(sale.terminalCode, sale.number);
  } else {
    const slip = loadReturnSlip(ctx, target.id);
    original = layoutReturnSlip(slip, settings);
    number = slip.saleReturn.displayNumber;
  }
  const at = isoNow(ctx);
  const bytes = renderEscpos(markAsReprint(original, at, settings.timeZone), {
    type: settings.printer.type,
    width: widthChars(settings.printer.widthMm),
    openDrawer: false,
  });
  await sendToPrinterRecorded(ctx, settings.printer.interface, bytes);
  recordAudit(ctx.db, {
    at,
    staffId: principal.staffId,
    terminalId: principal.terminalId,
    action: "receipt.reprint",
    entity: target.kind,
    entityId: target.id,
    // The printed number, so the audit screen says which ticket without looking the id up.
    details: { number },
  });
}
