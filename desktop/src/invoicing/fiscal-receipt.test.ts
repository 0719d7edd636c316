import type { Terminal } from "@mostrador/contracts/http/settings";
import { newId } from "@mostrador/kernel/db/ids";
import { createTerminal } from "@mostrador/kernel/shop/terminals";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, type TestCore } from "../appliance/test-core.js";
import { commitReturn } from "../pos/returns.js";
import { commitSale } from "../pos/sale.js";
import { type SaleFixture, seedSaleFixture } from "../pos/test-fixtures.js";
import { buildSaleReceipt } from "../receipts/layout.js";
import { renderPreview } from "../receipts/preview.js";
import { buildReturnSlip } from "../receipts/return-slip.js";
import { FISCAL_QR_URL } from "./fiscal-receipt.js";
import { invoicesOfSale } from "./invoice-rows.js";
import { runInvoicing } from "./invoice-runner.js";
import { CAE_POS, CAEA_POS, type InvoicingRig, SHOP_CUIT, setUpInvoicing } from "./test-invoicing.js";

const qrJson = (url: string | null) => {
  expect(url?.startsWith(FISCAL_QR_URL)).toBe(true);
  return JSON.parse(Buffer.from(url!.slice(FISCAL_QR_URL.length), "base64").toString("utf8")) as Record<
    string,
    unknown
  >;
};

describe("the ticket as a fiscal receipt", () => {
  let core: TestCore;
  let terminal: Terminal;
  let f: SaleFixture;
  let rig: InvoicingRig;
  beforeEach(async () => {
    core = openTestCore();
    terminal = createTerminal(core, { code: 1, name: "Caja 1" });
    f = seedSaleFixture(core, terminal);
    rig = await setUpInvoicing(core, { ...f.manager, role: "owner" });
  });
  afterEach(async () => {
    await rig.fake.close();
    core.close();
  });

  const sell = () =>
    commitSale(core, f.cashier, {
      id: newId(),
      lines: [{ productId: f.products.gaseosa.id, quantity: 2 }],
      payments: [{ method: "cash", amount: 2 * f.products.gaseosa.price }],
    }).sale;

  it("stays 'no válido como factura' until ARCA authorises, then prints the legal header, CAE and ARCA's QR", async () => {
    const sale = sell();
    const before = renderPreview(buildSaleReceipt(core, sale.id), 48).join("\n");
    expect(before).toMatch(/DOCUMENTO NO VÁLIDO COMO FACTURA/);
    await runInvoicing(core, { timeoutMs: 500 });
    const [invoice] = invoicesOfSale(core, sale.id);
    const doc = buildSaleReceipt(core, sale.id);
    const text = renderPreview(doc, 48).join("\n");
    expect(text).not.toMatch(/NO VÁLIDO/);
    expect(text).toMatch(/FACTURA B/);
    expect(text).toMatch(/Cód\. 006/);
    expect(text).toMatch(/00003-00000001/);
    expect(text).toMatch(/CUIT 20-12345678-6 - IVA Responsable Inscripto/);
    expect(text).toMatch(/Inicio de actividades: 01\/03\/2020/);
    expect(text).toMatch(new RegExp(`CAE\\s+${invoice!.code}`));
    expect(text).toMatch(/Vto\. CAE\s+01\/12\/2026/);
    expect(qrJson(doc.qr)).toEqual({
      ver: 1,
      fecha: "2026-11-21",
      cuit: Number(SHOP_CUIT),
      ptoVta: CAE_POS,
      tipoCmp: 6,
      nroCmp: 1,
      importe: sale.total / 100,
      moneda: "PES",
      ctz: 1,
      tipoCodAut: "E",
      codAut: Number(invoice!.code),
    });
    // The paper carries ARCA's QR and the sale's own (returns find the sale by it).
    expect(doc.blocks.filter((b) => b.kind === "qr").map((b) => (b as { data: string }).data)).toEqual([
      doc.qr,
      sale.id,
    ]);
  });

  it("prints a return's Nota de crédito with the invoice it cancels", async () => {
    const sale = sell();
    await runInvoicing(core, { timeoutMs: 500 });
    const { saleReturn } = commitReturn(core, f.manager, sale.id, {
      id: newId(),
      lines: [{ saleLineId: sale.lines[0]!.id, quantity: 1 }],
      refunds: [{ method: "cash", amount: f.products.gaseosa.price }],
      reason: "Vencida",
    });
    await runInvoicing(core, { timeoutMs: 500 });
    const slip = buildReturnSlip(core, saleReturn.id);
    const text = renderPreview(slip, 48).join("\n");
    expect(text).toMatch(/NOTA DE CRÉDITO B/);
    expect(text).toMatch(/Cód\. 008/);
    expect(text).toMatch(/Comprobante asociado: Factura B 00003-00000001/);
    expect(qrJson(slip.qr)).toMatchObject({ tipoCmp: 8, nroCmp: 1, importe: f.products.gaseosa.price / 100 });
  });

  it("marks a CAEA comprobante in its QR ('A') and on paper", async () => {
    await runInvoicing(core, { timeoutMs: 500 });
    rig.fake.behaviour = "down";
    const sale = sell();
    await runInvoicing(core, { timeoutMs: 500 });
    const doc = buildSaleReceipt(core, sale.id);
    expect(renderPreview(doc, 48).join("\n")).toMatch(/emitido en contingencia \(CAEA\)/);
    expect(qrJson(doc.qr)).toMatchObject({ ptoVta: CAEA_POS, tipoCodAut: "A" });
  });
});
