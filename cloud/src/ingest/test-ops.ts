import type { IngestOp } from "@mostrador/contracts/sync/ingest-batch";
import type { Entity, OpOf, OpPayload } from "@mostrador/contracts/sync/ops";
import { v7 as uuidv7 } from "uuid";

/**
 * Test ops typed by the sync operation map (contracts/src/sync/ops.ts), the one the appliance's outbox
 * writes through: a payload here has the fields the appliance's has. One OpFactory per appliance: seq
 * counts up.
 */
export class OpFactory {
  seq = 0;
  constructor(private readonly startAt = Date.parse("2026-03-02T12:00:00.000Z")) {}

  /** An op the map allows, its payload checked by TypeScript against the op's schema. */
  op<E extends Entity, O extends OpOf<E>>(
    entity: E,
    entityId: string,
    op: O,
    payload: OpPayload<E, O>,
  ): IngestOp {
    return this.rawOp(entity, entityId, op, payload);
  }

  /** An op as a newer appliance, an older one or a broken one might send it: anything, for refusal tests. */
  rawOp(entity: string, entityId: string, op: string, payload: unknown): IngestOp {
    this.seq++;
    return {
      id: uuidv7(),
      seq: this.seq,
      entity,
      entityId,
      op,
      payload,
      createdAt: new Date(this.startAt + this.seq * 1000).toISOString(),
    };
  }

  /** product/created (or another op) with a whole product as the till uploads it; `changes` on top. */
  product(
    id: string = uuidv7(),
    changes: Partial<OpPayload<"product", "created">> = {},
    op: OpOf<"product"> = "created",
  ) {
    return this.op("product", id, op, productPayload(id, changes));
  }

  sale(
    lines: { productId: string; quantity: number; unitPrice: number }[] = [
      { productId: "p-coca", quantity: 2, unitPrice: 150_000 },
    ],
  ) {
    const payload = salePayload(lines, this.seq + 1);
    return { payload, op: this.op("sale", payload.id, "created", payload) };
  }

  voidOf(sale: ReturnType<typeof salePayload>) {
    const at = new Date(this.startAt + (this.seq + 1) * 1000).toISOString();
    return this.op("sale", sale.id, "voided", {
      ...sale,
      status: "voided",
      voidedAt: at,
      voidedBy: "staff-manager",
      voidApprovedBy: null,
      voidReason: "Error de carga",
    });
  }

  returnOf(sale: ReturnType<typeof salePayload>, productId: string, quantity: number) {
    const line = sale.lines.find((l) => l.productId === productId) ?? sale.lines[0]!;
    const total = line.unitPrice * quantity;
    const id = uuidv7();
    // The till's whole Return (desktop/src/pos/return-view.ts): more than the contract checks.
    const payload = {
      id,
      saleId: sale.id,
      saleDisplayNumber: sale.displayNumber,
      number: this.seq + 1,
      terminalId: sale.terminalId,
      terminalCode: 1,
      displayNumber: `D0001-${String(this.seq + 1).padStart(8, "0")}`,
      cashSessionId: sale.cashSessionId,
      createdAt: new Date(this.startAt + (this.seq + 1) * 1000).toISOString(),
      staffId: "staff-1",
      staffName: "Ana",
      approvedBy: null,
      reason: "Vencido",
      total,
      netTotal: Math.round(total / 1.21),
      ivaTotal: total - Math.round(total / 1.21),
      lines: [
        {
          id: uuidv7(),
          saleLineId: line.id,
          productId: line.productId,
          description: line.description,
          unit: "each",
          quantity,
          total,
          ivaRate: 2100,
          net: Math.round(total / 1.21),
          iva: total - Math.round(total / 1.21),
        },
      ],
      refunds: [{ id: uuidv7(), method: "cash", amount: total, reference: null }],
    };
    return this.op("return", id, "created", payload);
  }
}

const SESSION = "019a0000-0000-7000-8000-000000000001";

/** A sale/created payload; `id` and `at` default to a new UUIDv7 and a time derived from `number`. */
export function salePayload(
  lines: { productId: string; quantity: number; unitPrice: number }[],
  number: number,
  { id = uuidv7(), at }: { id?: string; at?: string } = {},
) {
  const built = lines.map((l, i) => {
    const total = l.quantity * l.unitPrice;
    const net = Math.round(total / 1.21);
    return {
      id: uuidv7(),
      lineNo: i + 1,
      productId: l.productId,
      description: `Producto ${l.productId}`,
      unit: "each" as const,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      gross: total,
      discount: null,
      lineDiscount: 0,
      ticketDiscountShare: 0,
      total,
      ivaRate: 2100,
      net,
      iva: total - net,
      barcode: null,
      returnedQuantity: 0,
    };
  });
  const total = built.reduce((s, l) => s + l.total, 0);
  const net = built.reduce((s, l) => s + l.net, 0);
  return {
    id,
    number,
    terminalId: "019a0000-0000-7000-8000-0000000000aa",
    terminalCode: 1,
    displayNumber: `0001-${String(number).padStart(8, "0")}`,
    cashSessionId: SESSION,
    status: "completed" as "completed" | "voided",
    createdAt: at ?? new Date(Date.parse("2026-03-02T12:00:00.000Z") + number * 1000).toISOString(),
    staffId: "staff-1",
    staffName: "Ana",
    subtotal: total,
    lineDiscountTotal: 0,
    ticketDiscount: null,
    ticketDiscountTotal: 0,
    total,
    netTotal: net,
    ivaTotal: total - net,
    ivaByRate: [{ rate: 2100, net, iva: total - net }],
    changeGiven: 0,
    discountApprovedBy: null,
    voidedAt: null as string | null,
    voidedBy: null,
    voidApprovedBy: null,
    voidReason: null,
    lines: built,
    payments: [{ id: uuidv7(), method: "cash", amount: total, tendered: total, change: 0, reference: null }],
    returns: [],
    warnings: [],
  };
}

/** A product as the appliance's outbox carries it (desktop/src/catalog product-writes), `changes` on top. */
export function productPayload(
  id: string,
  changes: Partial<OpPayload<"product", "created">> = {},
): OpPayload<"product", "created"> {
  return {
    id,
    sku: `SKU-${id.slice(-8)}`,
    name: "Yerba 1 kg",
    categoryId: null,
    price: 450_000,
    ivaRate: 2100,
    unit: "each",
    barcodes: [],
    scaleCode: null,
    lowStockThreshold: null,
    active: true,
    ...changes,
  };
}
