import type { ReceiptBlock, ReceiptDocument } from "./document.js";

/**
 * Renders a receipt to the text lines the paper will carry, never wider than `width` characters.
 * escpos.ts prints these same lines, so the preview the UI shows is exactly what prints.
 * The QR block renders no text line: the UI draws it from the document's `qr` (the printer, as a QR code).
 */
export function renderPreview(doc: ReceiptDocument, width: number): string[] {
  return doc.blocks.flatMap((block) => renderBlock(block, width));
}

export function renderBlock(block: ReceiptBlock, width: number): string[] {
  switch (block.kind) {
    case "text": {
      const lines = wrap(block.text, width);
      return block.align === "center" ? lines.map((l) => center(l, width)) : lines;
    }
    case "pair":
      return renderPair(block.left, block.right, width);
    case "rule":
      return ["-".repeat(width)];
    case "blank":
      return [""];
    case "qr":
      return [];
  }
}

/** "Label .......... $ 1,00": the amount flush right on the label's last line, or on a line of its own. */
function renderPair(left: string, right: string, width: number): string[] {
  const rightText = right.length > width ? right.slice(0, width) : right;
  const room = width - rightText.length - 1;
  if (room >= Math.min(12, width / 2)) {
    const lines = wrap(left, room);
    const last = lines.pop() ?? "";
    return [...lines, last + " ".repeat(width - last.length - rightText.length) + rightText];
  }
  return [...wrap(left, width), rightText.padStart(width)];
}

function center(line: string, width: number): string {
  return " ".repeat(Math.floor((width - line.length) / 2)) + line;
}

/**
 * Word wrap at `width`, never breaking "$ 1.234,50" apart; continuation lines keep the first line's
 * indentation (item details stay under their item). A word longer than the line is cut.
 */
export function wrap(value: string, width: number): string[] {
  if (value.length <= width) return [value];
  const lines: string[] = [];
  const leading = /^ */.exec(value)?.[0] ?? "";
  const indent = leading.length < width / 2 ? leading : "";
  let current = indent;
  const hasWords = () => current.length > indent.length;
  for (const word of value.trimStart().split(/(?<!\$) +/)) {
    let rest = word;
    while (rest.length > 0) {
      const sep = hasWords() ? " " : "";
      if (current.length + sep.length + rest.length <= width) {
        current += sep + rest;
        rest = "";
      } else if (hasWords()) {
        lines.push(current);
        current = indent;
      } else {
        const take = width - current.length;
        lines.push(current + rest.slice(0, take));
        rest = rest.slice(take);
      }
    }
  }
  if (hasWords()) lines.push(current);
  return lines;
}
