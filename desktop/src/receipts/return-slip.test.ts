import type { Sale } from "@mostrador/contracts/http/sales";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestCore, type TestCore } from "../appliance/test-core.js";
import { newId } from "@mostrador/kernel/db/ids";
import { commitReturn } from "../pos/returns.js";
import { commitSale } from "../pos/sale.js";

import { type SaleFixture, seedSaleFixture } from "../pos/test-fixtures.js";
import { updateSettings } from "@mostrador/kernel/shop/settings";
import { createTerminal } from "@mostrador/kernel/shop/terminals";
import { renderPreview } from "./preview.js";
import { buildReturnSlip, printReturnSlip } from "./return-slip.js";
import { type FakePrinter, startFakePrinter } from "./test-printer.js";

describe("the return slip (nota de devolución)", () => {
  let core: TestCore;
  let f: SaleFixture;
  let sale: Sale;
  let printer: FakePrinter;
  beforeEach(async () => {
    core = openTestCore();
    printer = await startFakePrinter();
    const terminal = createTerminal(core, { code: 2, name: "Caja Mostrador" });
    f = seedSaleFixture(core, terminal);
    updateSettings(core.db, {
      name: "Almacén Don Ñato",
      printer: { interface: printer.uri, type: "epson", widthMm: 80, openDrawerOnCash: true },
    });
    sale = commitSale(core, f.cashier, {
      id: newId(),
      lines: [{ productId: f.products.gaseosa.id, quantity: 2 }],
      payments: [
        { method: "debit", amount: 300_000, reference: "cupón 7" },
        { method: "cash", amount: 200_000 },
      ],
    }).sale;
  });
  afterEach(async () => {
    await printer.close();
    core.close();
  });

  const returnOne = () =>
    commitReturn(core, f.manager, sale.id, {
      id: newId(),
      lines: [{ saleLineId: sale.lines[0]?.id ?? "", quantity: 1 }],
      refunds: [
        { method: "debit", amount: 150_000, reference: "reverso 12" },
        { method: "cash", amount: 100_000 },
      ],
      reason: "Botella pinchada",
    }).saleReturn;

  it("says what it is and is not, the original ticket, the lines, the refunds by method, the reason and who", () => {
    const r = returnOne();
    const lines = renderPreview(buildReturnSlip(core, r.id), 48);
    const all = lines.join("\n");
    expect(all).toContain("NOTA DE DEVOLUCIÓN");
    expect(all).toContain("DOCUMENTO NO VÁLIDO COMO FACTURA");
    expect(lines.find((l) => l.startsWith("Devolución"))).toMatch(/0002-00000001$/);
    expect(lines.find((l) => l.startsWith("Ticket original"))).toMatch(/0002-00000001$/);
    expect(all).toContain("Gaseosa cola 2,25 L");
    expect(lines.find((l) => l.startsWith("TOTAL DEVUELTO"))).toMatch(/\$ 2\.500,00$/);
    expect(lines.find((l) => l.includes("Tarjeta de débito"))).toMatch(/\$ 1\.500,00$/);
    expect(all).toContain("Ref. reverso 12");
    expect(lines.find((l) => l.includes("Efectivo"))).toMatch(/\$ 1\.000,00$/);
    expect(all).toContain("Motivo: Botella pinchada");
    expect(lines.find((l) => l.startsWith("Atendió"))).toMatch(/Marcos Encargado$/);
    expect(lines.find((l) => l.startsWith("Caja"))).toMatch(/Caja Mostrador$/);
    expect(lines.every((l) => l.length <= 48)).toBe(true);
    // 58 mm paper wraps, never overflows.
    expect(renderPreview(buildReturnSlip(core, r.id), 32).every((l) => l.length <= 32)).toBe(true);
  });

  it("prints it in ESC/POS to the TCP printer, opening the drawer for a fresh cash refund", async () => {
    const r = returnOne();
    await printReturnSlip(core, r.id);
    const job = await printer.nextJob();
    expect(job.subarray(0, 2)).toEqual(Buffer.from([0x1b, 0x40]));
    // Ó and Á in the printer's code page (PC858): 0xE0, 0xB5.
    expect(job.includes(Buffer.from("NOTA DE DEVOLUCI\xe0N", "latin1"))).toBe(true);
    expect(job.includes(Buffer.from("DOCUMENTO NO V\xb5LIDO COMO FACTURA", "latin1"))).toBe(true);
    expect(job.includes(Buffer.from("$ 2.500,00"))).toBe(true);
    expect(job.includes(Buffer.from("Botella pinchada"))).toBe(true);
    expect(job.includes(Buffer.from([0x1b, 0x70]))).toBe(true); // drawer
    expect(job.includes(Buffer.from([0x1d, 0x56, 0x00]))).toBe(true); // cut

    // A reprint an hour later does not open the drawer.
    core.clock.advance(60 * 60 * 1000);
    await printReturnSlip(core, r.id);
    expect((await printer.nextJob()).includes(Buffer.from([0x1b, 0x70]))).toBe(false);
  });
});
