import type { Sale } from "@mostrador/contracts/http/sales";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newId } from "@mostrador/kernel/db/ids";
import { updateSettings } from "@mostrador/kernel/shop/settings";
import { createTerminal } from "@mostrador/kernel/shop/terminals";
import { openTestCore, type TestCore } from "../appliance/test-core.js";
import { commitExchange } from "../pos/exchanges.js";
import { commitSale } from "../pos/sale.js";
import { type SaleFixture, seedSaleFixture } from "../pos/test-fixtures.js";
import { buildExchangeReceipt, printExchangeReceipt } from "./exchange-receipt.js";
import { renderPreview } from "./preview.js";
import { type FakePrinter, startFakePrinter } from "./test-printer.js";

describe("the exchange ticket", () => {
  let core: TestCore;
  let f: SaleFixture;
  let sale: Sale;
  let printer: FakePrinter;
  beforeEach(async () => {
    core = openTestCore();
    printer = await startFakePrinter();
    f = seedSaleFixture(core, createTerminal(core, { code: 2, name: "Caja Mostrador" }));
    updateSettings(core.db, {
      printer: { interface: printer.uri, type: "epson", widthMm: 80, openDrawerOnCash: true },
    });
    sale = commitSale(core, f.manager, {
      id: newId(),
      lines: [{ productId: f.products.yerba.id, quantity: 2 }],
      payments: [{ method: "debit", amount: 960_000 }],
    }).sale;
  });
  afterEach(async () => {
    await printer.close();
    core.close();
  });

  /** One yerba ($ 4.800) back for a gaseosa ($ 2.500): $ 2.300 given back to the debit card. */
  const cheaper = () =>
    commitExchange(core, f.manager, {
      id: newId(),
      saleId: sale.id,
      returnLines: [{ saleLineId: sale.lines[0]?.id ?? "", quantity: 1 }],
      newLines: [{ productId: f.products.gaseosa.id }],
      payments: [],
      refunds: [{ method: "debit", amount: 230_000, reference: "reverso 9" }],
      reason: "Prefería gaseosa",
    }).exchange;

  it("shows both halves, the credit and the difference given back by its method", () => {
    const exchange = cheaper();
    const text = renderPreview(buildExchangeReceipt(core, exchange.id), 48).join("\n");
    expect(text).toContain("CAMBIO");
    expect(text).toMatch(/Devolución +0002-00000001/);
    expect(text).toMatch(/Ticket original +0002-00000001/);
    expect(text).toMatch(/Yerba mate 1 kg +-\$ 4\.800,00/);
    expect(text).toMatch(/Gaseosa cola 2,25 L +\$ 2\.500,00/);
    expect(text).toMatch(/Crédito del cambio +\$ 2\.500,00/);
    expect(text).toMatch(/DIFERENCIA A FAVOR +\$ 2\.300,00/);
    expect(text).toMatch(/Tarjeta de débito +\$ 2\.300,00/);
    expect(text).toContain("Ref. reverso 9");
    expect(text).toContain("Motivo: Prefería gaseosa");
    expect(text).not.toContain("Su vuelto");
  });

  it("prints it without opening the drawer when no cash moved", async () => {
    const exchange = cheaper();
    await printExchangeReceipt(core, exchange.id);
    const job = await printer.nextJob();
    expect(job.includes(Buffer.from("CAMBIO"))).toBe(true);
    expect(job.includes(Buffer.from([0x1b, 0x70]))).toBe(false);
  });
});
