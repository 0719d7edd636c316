import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Refusal } from "@mostrador/contracts/refusal";
import { openTestCore, type TestCore } from "../appliance/test-core.js";
import { newId } from "@mostrador/kernel/db/ids";
import { createTerminal } from "@mostrador/kernel/shop/terminals";
import type { Principal } from "@mostrador/kernel/staff/sessions";
import { getReturn } from "./return-view.js";
import { commitReturn } from "./returns.js";
import { type CommitSaleInput, commitSale } from "./sale.js";
import { getSale } from "./sale-view.js";
import { MANAGER_PIN, type SaleFixture, seedSaleFixture } from "./test-fixtures.js";
import { voidSale } from "./voids.js";

/**
 * The commits build the views they return (and send to the cloud) from what they write, instead of
 * reading the rows back: these tests hold those views to what the database really holds.
 */
describe("what sale, return and void commits answer and enqueue", () => {
  let core: TestCore;
  let f: SaleFixture;
  beforeEach(() => {
    core = openTestCore();
    f = seedSaleFixture(core, createTerminal(core, { code: 7, name: "Caja 7" }));
  });
  afterEach(() => core.close());

  const outboxPayloads = (entityId: string) =>
    (
      core.db.prepare("SELECT payload FROM outbox WHERE entity_id = ? ORDER BY seq").all(entityId) as {
        payload: string;
      }[]
    ).map((r) => JSON.parse(r.payload) as unknown);
  const asJson = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

  /** The ticket total comes from the refusal of a deliberately short payment, so the test never re-implements pricing. */
  const payable = (principal: Principal, sale: Omit<CommitSaleInput, "payments">): CommitSaleInput => {
    let total = 0;
    try {
      commitSale(core, principal, { ...sale, payments: [{ method: "debit", amount: 1 }] });
    } catch (e) {
      if (!(e instanceof Refusal) || e.code !== "payments_mismatch") throw e;
      total = (e.details as { total: number }).total;
    }
    const debit = Math.floor(total / 3);
    return {
      ...sale,
      payments: [
        { method: "debit", amount: debit, reference: "LOTE-0042" },
        { method: "cash", amount: total - debit, tendered: total - debit + 1_234 },
      ],
    };
  };

  const richSale = (): CommitSaleInput =>
    payable(f.cashier, {
      id: newId(),
      lines: [
        { barcode: f.codes.gaseosa, quantity: 2, discount: { kind: "percent", value: 1500 } },
        { barcode: f.codes.asadoWeight750g },
        { barcode: f.codes.quesoPrice4945 },
        { productId: f.products.lavandina.id, quantity: 31 },
        { productId: f.products.yerba.id, discount: { kind: "amount", value: 1_000 } },
      ],
      ticketDiscount: { kind: "amount", value: 777 },
      approval: { staffId: f.manager.staffId, pin: MANAGER_PIN },
    });

  it("answers the sale exactly as the database holds it, and sends the cloud the same", () => {
    const { sale, created } = commitSale(core, f.cashier, richSale());
    expect(created).toBe(true);
    // the awkward parts are really there: approval, ticket discount, stock warning, change, mixed payments
    expect(sale.discountApprovedBy).toBe(f.manager.staffId);
    expect(sale.ticketDiscount).toEqual({ kind: "amount", value: 777 });
    expect(sale.warnings).toHaveLength(1);
    expect(sale.payments.map((p) => p.change)).toEqual([0, 1_234]);
    expect(sale.ivaByRate.map((r) => r.rate)).toEqual([2100, 1050]);

    const stored = getSale(core, sale.id);
    expect(sale).toStrictEqual(stored);
    expect(outboxPayloads(sale.id)).toStrictEqual([asJson(stored)]);
  });

  it("answers a plain cash sale without change exactly as stored", () => {
    const { sale } = commitSale(core, f.cashier, {
      id: newId(),
      lines: [{ productId: f.products.yerba.id }],
      payments: [{ method: "cash", amount: 480_000 }],
    });
    expect(sale.payments).toMatchObject([{ tendered: null, change: 0 }]);
    expect(sale).toStrictEqual(getSale(core, sale.id));
  });

  it("answers a return exactly as stored, and sends the cloud the same", () => {
    const { sale } = commitSale(core, f.cashier, richSale());
    const lavandina = sale.lines[3];
    const yerba = sale.lines[4];
    if (!lavandina || !yerba) throw new Error("sale lines missing");
    // lines asked out of ticket order: the view lists them in ticket order, as the stored one does
    const refund = { method: "cash" as const, amount: 0 };
    let total = 0;
    try {
      commitReturn(core, f.manager, sale.id, {
        id: newId(),
        lines: [
          { saleLineId: yerba.id, quantity: 1 },
          { saleLineId: lavandina.id, quantity: 2 },
        ],
        refunds: [{ ...refund, amount: 1 }],
        reason: "Cliente se arrepintió",
      });
    } catch (e) {
      if (!(e instanceof Refusal) || e.code !== "refunds_mismatch") throw e;
      total = (e.details as { total: number }).total;
    }
    const { saleReturn, created } = commitReturn(core, f.manager, sale.id, {
      id: newId(),
      lines: [
        { saleLineId: yerba.id, quantity: 1 },
        { saleLineId: lavandina.id, quantity: 2 },
      ],
      refunds: [{ ...refund, amount: total }],
      reason: "Cliente se arrepintió",
    });
    expect(created).toBe(true);
    expect(saleReturn.lines.map((l) => l.saleLineId)).toEqual([lavandina.id, yerba.id]);
    const stored = getReturn(core, saleReturn.id);
    expect(saleReturn).toStrictEqual(stored);
    expect(outboxPayloads(saleReturn.id)).toStrictEqual([asJson(stored)]);
  });

  it("answers a voided sale exactly as stored, and sends the cloud the same", () => {
    const { sale } = commitSale(core, f.cashier, richSale());
    core.clock.advance(90_000);
    const voided = voidSale(core, f.cashier, sale.id, {
      reason: "Cobrada dos veces",
      approval: { staffId: f.manager.staffId, pin: MANAGER_PIN },
    });
    const stored = getSale(core, sale.id);
    expect(stored.status).toBe("voided");
    expect(voided).toStrictEqual(stored);
    expect(outboxPayloads(sale.id)[1]).toStrictEqual(asJson(stored));
  });

  it("names the first bad line even though lines sold by id are looked up together", () => {
    const firstScanned = () =>
      commitSale(core, f.cashier, {
        id: newId(),
        lines: [{ barcode: f.codes.unknown }, { productId: newId() }],
        payments: [{ method: "cash", amount: 1 }],
      });
    expect(firstScanned).toThrow(/^Línea 1: El código/);
    const firstById = () =>
      commitSale(core, f.cashier, {
        id: newId(),
        lines: [{ productId: f.products.yerba.id }, { productId: newId() }, { barcode: f.codes.unknown }],
        payments: [{ method: "cash", amount: 1 }],
      });
    expect(firstById).toThrow(/^Línea 2: El producto no existe/);
  });

  it("compiles no SQL on a warm till: the next sale, return and void reuse prepared statements", () => {
    const sell = () =>
      commitSale(core, f.manager, {
        id: newId(),
        lines: [{ productId: f.products.yerba.id }, { barcode: f.codes.gaseosa }],
        payments: [{ method: "cash", amount: 730_000, tendered: 1_000_000 }],
      }).sale;
    const giveBack = (saleId: string, saleLineId: string) =>
      commitReturn(core, f.manager, saleId, {
        id: newId(),
        lines: [{ saleLineId, quantity: 1 }],
        refunds: [{ method: "cash", amount: 480_000 }],
        reason: "Vencida",
      });
    // warm-up: one of each
    const first = sell();
    giveBack(first.id, first.lines[0]?.id ?? "");
    voidSale(core, f.manager, sell().id, { reason: "Error" });

    const prepare = vi.spyOn(core.db, "prepare");
    try {
      const next = sell();
      giveBack(next.id, next.lines[0]?.id ?? "");
      voidSale(core, f.manager, sell().id, { reason: "Error" });
      expect(prepare).not.toHaveBeenCalled();
    } finally {
      prepare.mockRestore();
    }
  });
});
