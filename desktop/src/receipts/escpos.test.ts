import { describe, expect, it } from "vitest";
import { centered, pair, type ReceiptDocument, rule } from "./document.js";
import { renderDrawerKick, renderEscpos } from "./escpos.js";
import { renderPreview } from "./preview.js";

const doc: ReceiptDocument = {
  blocks: [
    centered("Panadería La Ñusta", "large"),
    rule,
    pair("TOTAL", "$ 1.234,50", "large"),
    { kind: "qr", data: "sale-1" },
  ],
  qr: "sale-1",
};
const bytes = (...b: number[]) => Buffer.from(b);

describe("ESC/POS rendering", () => {
  it("starts with ESC @, then selects code page PC858 so ñ and á print (0xA4, 0xA0)", () => {
    const out = renderEscpos(doc, { type: "epson", width: 32 });
    expect(out.subarray(0, 5)).toEqual(bytes(0x1b, 0x40, 0x1b, 0x74, 19));
    expect(out.includes(Buffer.from([0x50, 0x61, 0x6e, 0x61, 0x64, 0x65, 0x72, 0xa1, 0x61]))).toBe(true); // "Panadería": í = 0xA1
    expect(out.includes(bytes(0x4c, 0x61, 0x20, 0xa5, 0x75, 0x73, 0x74, 0x61))).toBe(true); // "La Ñusta": Ñ = 0xA5
    expect(out.includes(Buffer.from("TOTAL"))).toBe(true);
    expect(out.includes(Buffer.from("$ 1.234,50"))).toBe(true);
  });

  it("prints the same lines the preview shows", () => {
    const out = renderEscpos(doc, { type: "epson", width: 32 }).toString("latin1");
    for (const line of renderPreview(doc, 32))
      expect(out).toContain(line.replace("í", "\xa1").replace("Ñ", "\xa5"));
  });

  it("ends an Epson ticket with a full cut (GS V 0), prints the QR (GS ( k) and kicks the drawer with ESC p only when asked", () => {
    const plain = renderEscpos(doc, { type: "epson", width: 48 });
    expect(plain.includes(bytes(0x1d, 0x56, 0x00))).toBe(true);
    expect(plain.includes(bytes(0x1d, 0x28, 0x6b))).toBe(true);
    expect(plain.includes(bytes(0x1b, 0x70, 0x00))).toBe(false);
    const kicked = renderEscpos(doc, { type: "epson", width: 48, openDrawer: true });
    expect(kicked.includes(bytes(0x1b, 0x70, 0x00))).toBe(true);
  });

  it("speaks Star Line Mode to a Star printer: its code page, cut and drawer commands", () => {
    const out = renderEscpos(doc, { type: "star", width: 48, openDrawer: true });
    expect(out.subarray(0, 6)).toEqual(bytes(0x1b, 0x40, 0x1b, 0x1d, 0x74, 4));
    expect(out.includes(bytes(0x1b, 0x64, 0x02))).toBe(true); // ESC d 2: full cut
    expect(out.includes(bytes(0x1b, 0x07, 0x0b, 0x37, 0x07))).toBe(true); // drawer kick
    expect(out.includes(bytes(0x1d, 0x56, 0x00))).toBe(false); // no Epson cut
    expect(renderDrawerKick("star").includes(bytes(0x1b, 0x07, 0x0b, 0x37, 0x07))).toBe(true);
    expect(renderDrawerKick("epson").includes(bytes(0x1b, 0x70, 0x00))).toBe(true);
  });
});
