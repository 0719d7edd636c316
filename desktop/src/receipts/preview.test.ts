import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, type TestCore } from "../appliance/test-core.js";
import { updateSettings } from "@mostrador/kernel/shop/settings";
import { widthChars } from "./document.js";
import { buildSaleReceipt } from "./layout.js";
import { renderPreview, wrap } from "./preview.js";
import { insertTestSale } from "./test-sale.js";

describe("receipt preview", () => {
  let core: TestCore;
  beforeEach(() => {
    core = openTestCore();
    updateSettings(core.db, {
      name: "Almacén Don Ñato",
      legalName: "Ñato Hermanos S.R.L.",
      taxId: "30712345671",
      address: "Av. Corrientes 1234, CABA",
      receiptFooter:
        "¡Gracias por su compra! Cambios de lunes a viernes con este ticket, dentro de los 30 días",
    });
  });
  afterEach(() => core.close());

  it("never prints a line wider than 58 mm (32) or 80 mm (48) paper, even with a very long product name", () => {
    const { saleId } = insertTestSale(core);
    core.db
      .prepare("UPDATE sale_lines SET description = ? WHERE sale_id = ? AND line_no = 1")
      .run(`Galletitas ${"surtidas".repeat(12)} x 3 unidades`, saleId);
    const doc = buildSaleReceipt(core, saleId);
    for (const mm of [58, 80] as const) {
      const lines = renderPreview(doc, widthChars(mm));
      expect(lines.length).toBeGreaterThan(25);
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(widthChars(mm));
    }
  });

  it("shows header, number, items, discounts, TOTAL, IVA per rate, payments and the change in es-AR pesos", () => {
    const { saleId } = insertTestSale(core);
    const lines = renderPreview(buildSaleReceipt(core, saleId), 48);
    const text = lines.join("\n");
    expect(lines[0]?.trim()).toBe("Almacén Don Ñato");
    expect(text).toContain("CUIT 30-71234567-1");
    expect(text).toMatch(/Ticket +0001-00000042/);
    expect(text).toMatch(/Fecha +21\/11\/2026 10:00/); // 13:00 UTC is 10:00 in Buenos Aires
    expect(text).toMatch(/Atendió +Ana Cajera/);
    expect(text).toMatch(/ {2}2 x \$ 4\.500,00 +\$ 9\.000,00/);
    expect(text).toMatch(/ {2}Descuento 5% +-\$ 450,00/);
    expect(text).toMatch(/ {2}0,750 kg x \$ 12\.000,00\/kg +\$ 9\.000,00/);
    expect(text).toMatch(/Descuento 10% +-\$ 2\.005,00/);
    expect(text).toMatch(/TOTAL +\$ 18\.045,00/);
    expect(text).toMatch(/IVA 21% +\$ [\d.]+,\d\d/);
    expect(text).toMatch(/IVA 10,5% +\$ [\d.]+,\d\d/);
    expect(text).toMatch(/Tarjeta de débito +\$ 5\.000,00\n {2}Ref\. Lote 12 cupón 3456/);
    expect(text).toMatch(/Efectivo +\$ 15\.000,00/);
    expect(text).toMatch(/Su vuelto +\$ 1\.955,00/);
    expect(text).not.toContain("ANULADA");
  });

  it("adds up: the IVA lines printed are the IVA stored on the sale lines", () => {
    const { saleId } = insertTestSale(core);
    const stored = core.db
      .prepare("SELECT iva_rate AS rate, SUM(iva) AS iva FROM sale_lines WHERE sale_id = ? GROUP BY iva_rate")
      .all(saleId) as {
      rate: number;
      iva: number;
    }[];
    const text = renderPreview(buildSaleReceipt(core, saleId), 48).join("\n");
    for (const r of stored) {
      const label = r.rate === 2100 ? "IVA 21%" : "IVA 10,5%";
      const amount = `$ ${new Intl.NumberFormat("es-AR").format(Math.trunc(r.iva / 100))},${String(r.iva % 100).padStart(2, "0")}`;
      expect(text).toMatch(new RegExp(`${label} +${amount.replace(/[$.]/g, "\\$&")}`));
    }
  });

  it("marks a voided sale ANULADA with its reason", () => {
    const { saleId } = insertTestSale(core, { status: "voided" });
    const text = renderPreview(buildSaleReceipt(core, saleId), 32).join("\n");
    expect(text).toContain("*** ANULADA ***");
    expect(text).toContain("Motivo: Error de carga");
  });

  it("prints a footer typed on several lines as those lines, each centred, and drops control characters", () => {
    updateSettings(core.db, { receiptFooter: "¡Gracias por su compra!\r\n\nCambios con este ticket\u0007" });
    const { saleId } = insertTestSale(core);
    const lines = renderPreview(buildSaleReceipt(core, saleId), 32).map((line) => line.trim());
    const thanks = lines.indexOf("¡Gracias por su compra!");
    expect(thanks).toBeGreaterThan(0);
    expect(lines.slice(thanks, thanks + 3)).toEqual([
      "¡Gracias por su compra!",
      "",
      "Cambios con este ticket",
    ]);
  });

  it("carries the sale id as the QR payload so a return can find the sale", () => {
    const { saleId } = insertTestSale(core);
    const doc = buildSaleReceipt(core, saleId);
    expect(doc.qr).toBe(saleId);
    expect(doc.blocks.at(-1)).toEqual({ kind: "qr", data: saleId });
  });

  it("refuses an unknown sale with not_found", () => {
    expect(() => buildSaleReceipt(core, "no-such-sale")).toThrow(
      expect.objectContaining({ code: "sale_not_found", kind: "not_found" }),
    );
  });

  it("wraps words without splitting an amount from its peso sign, keeping the indentation", () => {
    expect(wrap("  0,750 kg x $ 12.000,00/kg and more", 16)).toEqual([
      "  0,750 kg x",
      "  $ 12.000,00/kg",
      "  and more",
    ]);
    expect(wrap("x".repeat(40), 16)).toEqual(["x".repeat(16), "x".repeat(16), "x".repeat(8)]);
  });
});
