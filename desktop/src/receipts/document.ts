/**
 * A receipt as a printer-independent document: the layout decides *what* is printed,
 * the renderers (preview.ts for the screen, escpos.ts for the printer) decide *how*, at a given width.
 * Both renderers wrap text the same way (preview.ts#renderBlock), so the preview is exactly what prints.
 */

/** "large" is double height (same width), used for the shop name and the TOTAL so they stand out on paper. */
export type Emphasis = "normal" | "bold" | "large";

export type ReceiptBlock =
  | { kind: "text"; text: string; align: "left" | "center"; emphasis: Emphasis }
  /** A label on the left and an amount on the right, e.g. "IVA 21%" ... "$ 1.234,50". */
  | { kind: "pair"; left: string; right: string; emphasis: Emphasis }
  /** A full-width line of dashes. */
  | { kind: "rule" }
  | { kind: "blank" }
  /** A QR code, centred; the preview leaves it to the UI (the `qr` field of the answer). */
  | { kind: "qr"; data: string };

export interface ReceiptDocument {
  blocks: ReceiptBlock[];
  /** What the QR encodes (the sale id, so a return can find the sale), or null when there is none. */
  qr: string | null;
}

/** Small builders so layouts read like the paper they describe. */
export const text = (
  value: string,
  align: "left" | "center" = "left",
  emphasis: Emphasis = "normal",
): ReceiptBlock => ({
  kind: "text",
  text: value,
  align,
  emphasis,
});
export const centered = (value: string, emphasis: Emphasis = "normal"): ReceiptBlock =>
  text(value, "center", emphasis);
export const pair = (left: string, right: string, emphasis: Emphasis = "normal"): ReceiptBlock => ({
  kind: "pair",
  left,
  right,
  emphasis,
});
export const rule: ReceiptBlock = { kind: "rule" };
export const blank: ReceiptBlock = { kind: "blank" };

/** Characters per line of the thermal paper with the standard font A (12×24 dots at 203 dpi). */
export function widthChars(widthMm: 58 | 80): number {
  return widthMm === 58 ? 32 : 48;
}
