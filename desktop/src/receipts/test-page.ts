import type { ShopSettings } from "@mostrador/contracts/http/settings";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { getSettings } from "@mostrador/kernel/shop/settings";
import { blank, centered, pair, type ReceiptDocument, rule, text, widthChars } from "./document.js";
import { formatDateTime, printable } from "./es-ar-format.js";
import { renderEscpos } from "./escpos.js";
import { shopHeader } from "./layout.js";
import { sendToPrinterRecorded } from "./printer.js";

/** The line that shows the code page is right: every accented letter a Spanish ticket may carry. */
export const ACCENTS_LINE = "áéíóú ÁÉÍÓÚ ñÑ üÜ ¿¡";

/**
 * "Probar impresora" on paper: the shop's letterhead, the date and time in the shop's zone, the accented
 * letters (a wrong code page shows at once), the printer settings in use, and the cut.
 */
export function layoutTestPage(settings: ShopSettings, printedAt: string): ReceiptDocument {
  const { printer } = settings;
  return {
    qr: null,
    blocks: [
      ...shopHeader(settings),
      rule,
      centered("PRUEBA DE IMPRESORA", "large"),
      pair("Fecha", formatDateTime(printedAt, settings.timeZone)),
      blank,
      text("Acentos:"),
      text(ACCENTS_LINE),
      blank,
      pair("Conexión", printable(printer.interface)),
      pair("Comandos", printer.type === "star" ? "Star" : "Epson (ESC/POS)"),
      pair("Papel", `${printer.widthMm} mm (${widthChars(printer.widthMm)} columnas)`),
      pair("Cajón con efectivo", printer.openDrawerOnCash ? "sí" : "no"),
      rule,
      centered("Si lee bien esta hoja, la impresora está lista"),
    ],
  };
}

/**
 * Prints the test page; the drawer is kicked only when asked (a separate choice: the drawer may be open
 * on purpose). Throws DomainError printer_unavailable (503) like any print.
 */
export async function printTestPage(ctx: Ctx, options: { openDrawer?: boolean } = {}): Promise<void> {
  const settings = getSettings(ctx.db);
  const bytes = renderEscpos(layoutTestPage(settings, isoNow(ctx)), {
    type: settings.printer.type,
    width: widthChars(settings.printer.widthMm),
    openDrawer: options.openDrawer === true,
  });
  await sendToPrinterRecorded(ctx, settings.printer.interface, bytes);
}
