import type { IngestOp } from "@mostrador/contracts/sync/ingest-batch";
import type { OpPayload } from "@mostrador/contracts/sync/ops";
import type { Queryable } from "../../db/sql.js";
import type { IngestScope } from "../handlers.js";
import { emitWebhookEvents } from "../../webhooks/outbox.js";
import { saleCreated } from "../../webhooks/payloads.js";
import { noteSalesAnalyticsDays } from "../../analytics/maintain.js";
import { addDelta, applyStockDeltas, type StockDeltas, toStockHolders } from "./stock.js";

/** The appliance's Sale (desktop/src/pos/sale-view.ts): the fields the contract checks. */
type SalePayload = OpPayload<"sale", "created">;

/**
 * Inserts sales that are not there yet (born with `status`), with their lines and payments and, when
 * completed, their stock out; returns the ids actually inserted. ONE statement: lines, payments and
 * stock follow only the sales this very statement inserted (data-modifying CTEs; the foreign keys are
 * checked at its end, when the new sales are visible), so a batch of 500 sales is one round trip
 * instead of four, and a sale already there never moves stock again.
 */
async function insertSales(
  q: Queryable,
  scope: IngestScope,
  sales: SalePayload[],
  status: "completed" | "voided",
): Promise<Set<string>> {
  if (sales.length === 0) return new Set();
  // One copy per sale id (the first, as ON CONFLICT would keep): the stock below sums lines by product.
  const byId = new Map<string, SalePayload>();
  for (const sale of sales) if (!byId.has(sale.id)) byId.set(sale.id, sale);
  const unique = [...byId.values()];
  // Only the columns the statement reads: the payloads carry much more (IVA by rate, warnings, the
  // line's discounts and barcode...), which both sides would serialize and parse for nothing.
  const rows = unique.map((s) => ({
    id: s.id,
    terminalId: s.terminalId,
    terminalCode: s.terminalCode,
    number: s.number,
    displayNumber: s.displayNumber,
    cashSessionId: s.cashSessionId,
    createdAt: s.createdAt,
    staffId: s.staffId,
    staffName: s.staffName,
    subtotal: s.subtotal,
    discountTotal: s.lineDiscountTotal + s.ticketDiscountTotal,
    total: s.total,
    netTotal: s.netTotal,
    ivaTotal: s.ivaTotal,
    voidedAt: status === "voided" ? s.voidedAt : null,
    customerId: s.customerId,
    bookingId: s.bookingId ?? null,
  }));
  const lines = unique.flatMap((s) =>
    s.lines.map((l) => ({
      id: l.id,
      saleId: s.id,
      lineNo: l.lineNo,
      productId: l.productId,
      description: l.description,
      unit: l.unit,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      total: l.total,
      ivaRate: l.ivaRate,
      net: l.net,
      iva: l.iva,
    })),
  );
  const payments = unique.flatMap((s) =>
    s.payments.map((p) => ({ id: p.id, saleId: s.id, method: p.method, amount: p.amount, change: p.change })),
  );
  const inserted = await q.query<{ id: string }>(
    `WITH new_sales AS (
       INSERT INTO sales (tenant_id, id, store_id, appliance_id, terminal_id, terminal_code, number, display_number,
         cash_session_id, status, created_at, staff_id, staff_name, subtotal, discount_total, total, net_total,
         iva_total, voided_at, customer_id, booking_id)
       SELECT $1, s.id, $2, $3, s."terminalId", s."terminalCode", s.number, s."displayNumber", s."cashSessionId",
         $4, s."createdAt", s."staffId", s."staffName", s.subtotal, s."discountTotal", s.total, s."netTotal",
         s."ivaTotal", s."voidedAt", s."customerId", s."bookingId"
       FROM jsonb_to_recordset($5::jsonb) AS s(id text, "terminalId" text, "terminalCode" int, number int,
         "displayNumber" text, "cashSessionId" text, "createdAt" timestamptz, "staffId" text, "staffName" text,
         subtotal bigint, "discountTotal" bigint, total bigint, "netTotal" bigint, "ivaTotal" bigint,
         "voidedAt" timestamptz, "customerId" text, "bookingId" text)
       ON CONFLICT (tenant_id, id) DO NOTHING RETURNING id
     ),
     new_lines AS (
       INSERT INTO sale_lines (tenant_id, id, store_id, sale_id, line_no, product_id, description, unit, quantity,
         unit_price, total, iva_rate, net, iva)
       SELECT $1, l.id, $2, l."saleId", l."lineNo", l."productId", l.description, l.unit, l.quantity,
         l."unitPrice", l.total, l."ivaRate", l.net, l.iva
       FROM jsonb_to_recordset($6::jsonb) AS l(id text, "saleId" text, "lineNo" int, "productId" text,
         description text, unit text, quantity bigint, "unitPrice" bigint, total bigint, "ivaRate" int,
         net bigint, iva bigint)
       WHERE l."saleId" IN (SELECT id FROM new_sales)
       ON CONFLICT (tenant_id, id) DO NOTHING
     ),
     new_payments AS (
       INSERT INTO sale_payments (tenant_id, id, store_id, sale_id, method, amount, change)
       SELECT $1, p.id, $2, p."saleId", p.method, p.amount, p.change
       FROM jsonb_to_recordset($7::jsonb) AS p(id text, "saleId" text, method text, amount bigint, change bigint)
       WHERE p."saleId" IN (SELECT id FROM new_sales)
       ON CONFLICT (tenant_id, id) DO NOTHING
     ),
     stock_out AS (
       -- A completed sale takes its units out, once: only for the sales inserted just now. One row per
       -- product (an upsert may not touch a row twice). A sale born voided moves no stock.
       INSERT INTO stock_levels (tenant_id, store_id, product_id, on_hand, updated_at)
       SELECT $1, $2, l."productId", -sum(l.quantity), $8
       FROM jsonb_to_recordset($6::jsonb) AS l("saleId" text, "productId" text, quantity bigint)
       WHERE $4 = 'completed' AND l."saleId" IN (SELECT id FROM new_sales)
       GROUP BY l."productId" HAVING sum(l.quantity) <> 0
       ON CONFLICT (tenant_id, store_id, product_id)
       DO UPDATE SET on_hand = stock_levels.on_hand + excluded.on_hand, updated_at = excluded.updated_at
     )
     SELECT id FROM new_sales`,
    [
      scope.tenantId,
      scope.storeId,
      scope.applianceId,
      status,
      JSON.stringify(rows),
      JSON.stringify(lines),
      JSON.stringify(payments),
      scope.now,
    ],
  );
  return new Set(inserted.map((r) => r.id));
}

/**
 * sale/created and sale/voided. Commutative, because a retried batch 1 may arrive after batch 2:
 * - created: insert the sale if new, stock out for its lines (only when the insert happened);
 * - voided: a sale not seen yet is inserted already voided, with no stock effect (out and back cancel);
 *   a completed sale turns voided and its stock comes back (only when that UPDATE changed the row).
 * Either order ends with the same rows and the same stock.
 */
export async function applySaleOps(q: Queryable, scope: IngestScope, ops: IngestOp[]): Promise<void> {
  const created = ops.filter((o) => o.op === "created").map((o) => o.payload as SalePayload);
  const voided = new Map<string, SalePayload>();
  for (const o of ops) if (o.op === "voided") voided.set(o.entityId, o.payload as SalePayload);
  const deltas: StockDeltas = new Map();

  // Its stock goes out in the same statement, for the sales it inserted.
  const inserted = await insertSales(q, scope, created, "completed");
  // sale.created for the tenant's webhooks, in this transaction: only sales this batch really inserted.
  const seen = new Set<string>();
  await emitWebhookEvents(
    q,
    created
      .filter((s) => inserted.has(s.id) && !seen.has(s.id) && seen.add(s.id))
      .map((s) => saleCreated(scope.storeId, s)),
    scope.now,
  );

  if (voided.size > 0) {
    const voids = [...voided.values()];
    const bornVoided = await insertSales(q, scope, voids, "voided");
    const changed = await q.query<{ id: string }>(
      `UPDATE sales SET status = 'voided', voided_at = v."voidedAt"
       FROM jsonb_to_recordset($1::jsonb) AS v(id text, "voidedAt" timestamptz)
       WHERE sales.id = v.id AND sales.status = 'completed' RETURNING sales.id`,
      [
        JSON.stringify(
          voids.filter((s) => !bornVoided.has(s.id)).map((s) => ({ id: s.id, voidedAt: s.voidedAt })),
        ),
      ],
    );
    for (const { id } of changed)
      for (const l of voided.get(id)?.lines ?? []) addDelta(deltas, l.productId, l.quantity);
    await q.query(
      `INSERT INTO sale_voids (tenant_id, sale_id, store_id, voided_at, voided_by, approved_by, reason, total)
       SELECT $1, v.id, $2, v."voidedAt", v."voidedBy", v."voidApprovedBy", v."voidReason", v.total
       FROM jsonb_to_recordset($3::jsonb) AS v(id text, "voidedAt" timestamptz, "voidedBy" text,
         "voidApprovedBy" text, "voidReason" text, total bigint)
       ON CONFLICT (tenant_id, sale_id) DO NOTHING`,
      [
        scope.tenantId,
        scope.storeId,
        JSON.stringify(
          voids.map((s) => ({
            ...s,
            voidedAt: s.voidedAt ?? scope.now.toISOString(),
            lines: undefined,
            payments: undefined,
          })),
        ),
      ],
    );
  }
  // Only voids add deltas here: goods back, to the kept variant of a product converted since the sale.
  await applyStockDeltas(q, scope, await toStockHolders(q, scope, deltas));
  // The analytics' days these sales fall on: only where something changed (a replay changes nothing).
  await noteSalesAnalyticsDays(q, scope.tenantId, scope.storeId, [
    ...created.filter((s) => inserted.has(s.id)).map((s) => s.createdAt),
    ...[...voided.values()].map((s) => s.createdAt),
  ]);
}
