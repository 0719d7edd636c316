import thermal from "node-thermal-printer";
import type { ReceiptDocument } from "./document.js";
import { renderBlock } from "./preview.js";

const { ThermalPrinter, PrinterTypes, CharacterSet } = thermal;

/** ESC @: clears the printer's buffer and modes. Same bytes in ESC/POS and Star Line Mode (the typings omit initHardware). */
const ESC_INIT = Buffer.from([0x1b, 0x40]);

export type PrinterKind = "epson" | "star";

export interface EscposOptions {
  type: PrinterKind;
  /** Characters per line: 32 on 58 mm paper, 48 on 80 mm. */
  width: number;
  /** Pulse the cash drawer (wired to the printer's DK port) before the ticket prints. */
  openDrawer?: boolean;
}

/**
 * A command builder with no interface: we only want its bytes (getBuffer); transport.ts sends them.
 * Order matters: ESC @ (initialise) resets the code table, so the code page is selected after it.
 * PC858 is PC850 (Latin-1 letters: á é í ó ú ñ ü ¿ ¡) with the euro sign; node-thermal-printer encodes
 * text with iconv into the selected page (ñ → 0xA4, á → 0xA0).
 */
function commandBuilder(options: EscposOptions): InstanceType<typeof ThermalPrinter> {
  const printer = new ThermalPrinter({
    type: options.type === "star" ? PrinterTypes.STAR : PrinterTypes.EPSON,
    interface: "",
    width: options.width,
    // Lines arrive already wrapped (preview.ts); the library must not re-fold them.
    breakLine: thermal.BreakLine.NONE,
  });
  printer.add(ESC_INIT);
  printer.setCharacterSet(CharacterSet.PC858_EURO);
  return printer;
}

/** The document as ESC/POS (Epson) or Star Line Mode bytes: text, QR, feed and full cut. */
export function renderEscpos(doc: ReceiptDocument, options: EscposOptions): Buffer {
  const printer = commandBuilder(options);
  if (options.openDrawer) printer.openCashDrawer();
  for (const block of doc.blocks) {
    if (block.kind === "qr") {
      printer.alignCenter();
      printer.printQR(block.data, { cellSize: options.width >= 48 ? 6 : 5, correction: "M", model: 2 });
      printer.newLine();
      printer.alignLeft();
      continue;
    }
    const emphasis = block.kind === "text" || block.kind === "pair" ? block.emphasis : "normal";
    if (emphasis !== "normal") printer.bold(true);
    if (emphasis === "large") printer.setTextDoubleHeight();
    for (const line of renderBlock(block, options.width)) printer.println(line);
    if (emphasis === "large") printer.setTextNormal();
    if (emphasis !== "normal") printer.bold(false);
  }
  printer.cut();
  return printer.getBuffer();
}

/** Only the drawer pulse: ESC p on Epson-compatible printers, BEL-style kick on Star. */
export function renderDrawerKick(type: PrinterKind): Buffer {
  const printer = commandBuilder({ type, width: 48 });
  printer.openCashDrawer();
  return printer.getBuffer();
}
