import {
  COUNT_NOTE_MAX,
  type CountEntryInput,
  type CountEntryResult,
  type CountLine,
  type CountSummary,
  type NewCountInput,
  type StockCount,
} from "@mostrador/contracts/http/stock-counts";
import { MAX_STOCK_QUANTITY } from "@mostrador/contracts/limits";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { DomainError } from "@mostrador/kernel/core/errors";
import { newId } from "@mostrador/kernel/db/ids";
import { enqueueOutbox } from "@mostrador/kernel/outbox/outbox";
import { recordAudit } from "@mostrador/kernel/staff/audit";
import { getCategory } from "../catalog/categories.js";
import { getProduct, getProductsByIds } from "../catalog/products.js";
import { assertStockable } from "../catalog/variant-rules.js";
import { averageCost, lineCost } from "../purchasing/costs.js";
import { insertStockMovements, onHand } from "./movements.js";

/**
 * Stock counts. Starting one snapshots each covered product's on-hand; people on any till add entries
 * (summed per product); approving writes one "count" movement per difference, with its outbox entry, in
 * one transaction. Sales never wait for a count: each entry records the product's on-hand when it was
 * written, so the expected quantity is on-hand at the start plus the movements up to the last entry, and
 * a sale before or after the shelf was counted is not taken for a loss.
 */

export interface CountActor {
  staffId: string;
  terminalId?: string | null;
}

const invalid = (code: string, message: string) => new DomainError("invalid", code, message);

interface SummaryRow {
  id: string;
  number: number;
  scope: CountSummary["scope"];
  categoryId: string | null;
  categoryName: string | null;
  status: CountSummary["status"];
  note: string | null;
  startedAt: string;
  closedAt: string | null;
  products: number;
  counted: number;
}

const SUMMARY_SELECT = `
  SELECT c.id, c.number, c.scope, c.category_id AS categoryId, cat.name AS categoryName, c.status, c.note,
         c.started_at AS startedAt, c.closed_at AS closedAt,
         (SELECT COUNT(*) FROM stock_count_products p WHERE p.count_id = c.id) AS products,
         (SELECT COUNT(DISTINCT e.product_id) FROM stock_count_entries e WHERE e.count_id = c.id) AS counted
    FROM stock_counts c LEFT JOIN categories cat ON cat.id = c.category_id`;

function summaryOf(ctx: Ctx, id: string): CountSummary {
  const row = ctx.db.prepare(`${SUMMARY_SELECT} WHERE c.id = ?`).get(id) as SummaryRow | undefined;
  if (!row) throw new DomainError("not_found", "count_not_found", "El conteo no existe", { countId: id });
  return row;
}

/** Counts, open ones first, then the newest. */
export function listCounts(ctx: Ctx): CountSummary[] {
  return ctx.db
    .prepare(`${SUMMARY_SELECT} ORDER BY c.status = 'open' DESC, c.number DESC LIMIT 200`)
    .all() as SummaryRow[];
}

interface LineRow {
  productId: string;
  onHandAtStart: number;
  counted: number | null;
  entries: number;
  expected: number | null;
}

const LINE_SELECT = `
  SELECT cp.product_id AS productId, cp.on_hand_at_start AS onHandAtStart,
         (SELECT SUM(e.quantity) FROM stock_count_entries e
           WHERE e.count_id = cp.count_id AND e.product_id = cp.product_id) AS counted,
         (SELECT COUNT(*) FROM stock_count_entries e
           WHERE e.count_id = cp.count_id AND e.product_id = cp.product_id) AS entries,
         (SELECT e.on_hand_at_entry FROM stock_count_entries e
           WHERE e.count_id = cp.count_id AND e.product_id = cp.product_id ORDER BY e.num DESC LIMIT 1) AS expected
    FROM stock_count_products cp JOIN products p ON p.id = cp.product_id
   WHERE cp.count_id = ?`;

function linesOf(ctx: Ctx, countId: string, productId?: string): CountLine[] {
  const rows = (
    productId
      ? ctx.db.prepare(`${LINE_SELECT} AND cp.product_id = ?`).all(countId, productId)
      : ctx.db.prepare(`${LINE_SELECT} ORDER BY p.name_key, p.sku`).all(countId)
  ) as LineRow[];
  const products = new Map(
    getProductsByIds(
      ctx,
      rows.map((r) => r.productId),
    ).map((p) => [p.id, p]),
  );
  return rows.flatMap((r) => {
    const product = products.get(r.productId);
    if (!product) return [];
    const difference = r.counted === null || r.expected === null ? null : r.counted - r.expected;
    return [
      {
        product,
        onHandAtStart: r.onHandAtStart,
        counted: r.counted,
        expected: r.expected,
        difference,
        entries: r.entries,
      },
    ];
  });
}

/** A count with every product it covers, its counted and expected quantities and the difference. */
export function getCount(ctx: Ctx, id: string): StockCount {
  const count = summaryOf(ctx, id);
  return { count, lines: linesOf(ctx, id) };
}

function productsInScope(ctx: Ctx, input: NewCountInput): { ids: string[]; categoryId: string | null } {
  switch (input.scope) {
    case "all": {
      // Stock is kept per variant: a model (a product with variants) has none to count.
      const ids = ctx.db
        .prepare("SELECT id FROM products WHERE active = 1 AND variant_axes IS NULL")
        .pluck()
        .all() as string[];
      return { ids, categoryId: null };
    }
    case "category": {
      if (!input.categoryId) throw invalid("category_required", "Elegí la categoría a contar");
      const category = getCategory(ctx, input.categoryId);
      const ids = ctx.db
        .prepare("SELECT id FROM products WHERE active = 1 AND category_id = ? AND variant_axes IS NULL")
        .pluck()
        .all(category.id) as string[];
      return { ids, categoryId: category.id };
    }
    case "products": {
      if (!input.productIds?.length) throw invalid("products_required", "Elegí los productos a contar");
      const ids = [...new Set(input.productIds)];
      for (const id of ids) assertStockable(getProduct(ctx, id));
      return { ids, categoryId: null };
    }
    default:
      throw invalid("invalid_scope", 'El alcance debe ser "all", "category" o "products"');
  }
}

/** Opens a count over the whole shop, a category or a list of products, snapshotting their on-hand. */
export function startCount(ctx: Ctx, actor: CountActor, input: NewCountInput): StockCount {
  const note = typeof input.note === "string" ? input.note.trim() : "";
  if (note.length > COUNT_NOTE_MAX) {
    throw invalid("invalid_note", `La nota admite hasta ${COUNT_NOTE_MAX} caracteres`);
  }
  const id = ctx.db.transaction(() => {
    const { ids, categoryId } = productsInScope(ctx, input);
    if (ids.length === 0) throw invalid("nothing_to_count", "No hay productos activos para contar");
    const at = isoNow(ctx);
    const id = newId();
    const number = ctx.db
      .prepare("SELECT COALESCE(MAX(number), 0) + 1 FROM stock_counts")
      .pluck()
      .get() as number;
    ctx.db
      .prepare(
        `INSERT INTO stock_counts (id, number, scope, category_id, status, note, started_by, started_at)
         VALUES (?, ?, ?, ?, 'open', ?, ?, ?)`,
      )
      .run(id, number, input.scope, categoryId, note || null, actor.staffId, at);
    const insert = ctx.db.prepare(
      "INSERT INTO stock_count_products (count_id, product_id, on_hand_at_start) VALUES (?, ?, ?)",
    );
    for (const productId of ids) insert.run(id, productId, onHand(ctx.db, productId));
    recordAudit(ctx.db, {
      at,
      staffId: actor.staffId,
      terminalId: actor.terminalId ?? null,
      action: "stock.count.start",
      entity: "stock_count",
      entityId: id,
      details: { number, scope: input.scope, products: ids.length },
    });
    enqueueCount(ctx, id, "started", at);
    return id;
  })();
  return getCount(ctx, id);
}

type CountOp = "started" | "approved" | "cancelled";

/**
 * The count's outbox entry, in the caller's transaction: the count as it now is and, on approval, each
 * counted product's expected, counted and difference with its value at the weighted average cost, so the
 * cloud's dashboard shows counts and what their differences are worth.
 */
function enqueueCount(ctx: Ctx, id: string, op: CountOp, at: string, lines: CountLine[] = []): void {
  const c = summaryOf(ctx, id);
  const who = ctx.db
    .prepare("SELECT started_by AS startedBy, closed_by AS closedBy FROM stock_counts WHERE id = ?")
    .get(id) as { startedBy: string; closedBy: string | null };
  enqueueOutbox(ctx.db, {
    entity: "stock_count",
    entityId: id,
    op,
    payload: {
      id,
      number: c.number,
      scope: c.scope,
      categoryId: c.categoryId,
      status: c.status,
      note: c.note,
      products: c.products,
      startedBy: who.startedBy,
      startedAt: c.startedAt,
      closedBy: who.closedBy,
      closedAt: c.closedAt,
      lines: lines.flatMap((l) => {
        if (l.counted === null || l.expected === null || l.difference === null) return [];
        const unitCost = averageCost(ctx.db, l.product.id);
        const value = unitCost === null ? null : lineCost(l.difference, unitCost, l.product.unit);
        return [
          {
            productId: l.product.id,
            expected: l.expected,
            counted: l.counted,
            difference: l.difference,
            unitCost,
            value,
          },
        ];
      }),
      at,
    },
    at,
  });
}

function assertOpen(count: CountSummary): void {
  if (count.status === "approved") {
    throw new DomainError("conflict", "count_approved", `El conteo ${count.number} ya fue aprobado`);
  }
  if (count.status === "cancelled") {
    throw new DomainError("conflict", "count_cancelled", `El conteo ${count.number} fue cancelado`);
  }
}

/**
 * Adds what someone counted of one product (added to earlier entries: two people counting two shelves
 * of the same product both add). A retry with the same client id returns the first entry unchanged.
 */
export function recordCountEntry(
  ctx: Ctx,
  actor: CountActor,
  countId: string,
  input: CountEntryInput,
): CountEntryResult {
  return ctx.db.transaction(() => {
    const count = summaryOf(ctx, countId);
    const previous = ctx.db
      .prepare(
        "SELECT id, product_id AS productId, quantity FROM stock_count_entries WHERE count_id = ? AND client_id = ?",
      )
      .get(countId, input.clientId) as { id: string; productId: string; quantity: number } | undefined;
    if (previous) {
      if (previous.productId !== input.productId || previous.quantity !== input.quantity) {
        throw new DomainError(
          "conflict",
          "client_id_reused",
          "Ese identificador de carga ya se usó para otra cantidad: volvé a cargar el producto",
        );
      }
      const [line] = linesOf(ctx, countId, previous.productId);
      return { entryId: previous.id, created: false, line: line! };
    }
    assertOpen(count);
    const product = getProduct(ctx, input.productId);
    const q = input.quantity;
    if (!Number.isSafeInteger(q) || q < 0 || q > MAX_STOCK_QUANTITY) {
      throw invalid("invalid_quantity", "La cantidad contada debe ser un número entero de 0 o más");
    }
    const covered = ctx.db
      .prepare("SELECT 1 FROM stock_count_products WHERE count_id = ? AND product_id = ?")
      .get(countId, product.id);
    if (!covered) {
      throw invalid("product_not_in_count", `"${product.name}" no está en el conteo ${count.number}`);
    }
    const sum = ctx.db
      .prepare(
        "SELECT COALESCE(SUM(quantity), 0) FROM stock_count_entries WHERE count_id = ? AND product_id = ?",
      )
      .pluck()
      .get(countId, product.id) as number;
    if (sum + q > MAX_STOCK_QUANTITY) {
      throw invalid("invalid_quantity", "La suma contada pasa el máximo de stock: revisá la cantidad");
    }
    const entryId = newId();
    ctx.db
      .prepare(
        `INSERT INTO stock_count_entries (id, count_id, product_id, quantity, client_id, on_hand_at_entry, staff_id, terminal_id, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        entryId,
        countId,
        product.id,
        q,
        input.clientId,
        onHand(ctx.db, product.id),
        actor.staffId,
        actor.terminalId ?? null,
        isoNow(ctx),
      );
    const [line] = linesOf(ctx, countId, product.id);
    return { entryId, created: true, line: line! };
  })();
}

/**
 * Approves an open count: for every counted product whose counted quantity differs from the expected
 * one, a "count" movement of the difference, its outbox entry and the count's closing, all in one
 * transaction (a second approval finds it closed and changes nothing). Uncounted products stay as they are.
 */
export function approveCount(ctx: Ctx, actor: CountActor, id: string): StockCount {
  const moved = ctx.db.transaction(() => {
    const count = summaryOf(ctx, id);
    assertOpen(count);
    const at = isoNow(ctx);
    const productIds: string[] = [];
    const lines = linesOf(ctx, id);
    for (const line of lines) {
      if (line.difference === null || line.difference === 0) continue;
      if (Math.abs(onHand(ctx.db, line.product.id) + line.difference) > MAX_STOCK_QUANTITY) {
        throw invalid(
          "invalid_quantity",
          `El stock de "${line.product.name}" pasaría el máximo: revisá lo contado`,
        );
      }
      const movementId = newId();
      const note = `Conteo ${count.number}`;
      insertStockMovements(ctx.db, [
        {
          id: movementId,
          productId: line.product.id,
          quantity: line.difference,
          reason: "count",
          refId: id,
          staffId: actor.staffId,
          note,
          at,
        },
      ]);
      enqueueOutbox(ctx.db, {
        entity: "stock_movement",
        entityId: movementId,
        op: "created",
        payload: {
          id: movementId,
          productId: line.product.id,
          quantity: line.difference,
          reason: "count",
          note,
          staffId: actor.staffId,
          at,
        },
        at,
      });
      productIds.push(line.product.id);
    }
    ctx.db
      .prepare("UPDATE stock_counts SET status = 'approved', closed_by = ?, closed_at = ? WHERE id = ?")
      .run(actor.staffId, at, id);
    recordAudit(ctx.db, {
      at,
      staffId: actor.staffId,
      terminalId: actor.terminalId ?? null,
      action: "stock.count.approve",
      entity: "stock_count",
      entityId: id,
      details: { number: count.number, movements: productIds.length },
    });
    enqueueCount(ctx, id, "approved", at, lines);
    return productIds;
  })();
  if (moved.length > 0) ctx.bus.emit("stock.changed", { productIds: moved });
  return getCount(ctx, id);
}

/** Cancels an open count: its entries stay for the record, and stock does not move. */
export function cancelCount(ctx: Ctx, actor: CountActor, id: string): StockCount {
  ctx.db.transaction(() => {
    const count = summaryOf(ctx, id);
    assertOpen(count);
    const at = isoNow(ctx);
    ctx.db
      .prepare("UPDATE stock_counts SET status = 'cancelled', closed_by = ?, closed_at = ? WHERE id = ?")
      .run(actor.staffId, at, id);
    recordAudit(ctx.db, {
      at,
      staffId: actor.staffId,
      terminalId: actor.terminalId ?? null,
      action: "stock.count.cancel",
      entity: "stock_count",
      entityId: id,
      details: { number: count.number },
    });
    enqueueCount(ctx, id, "cancelled", at);
  })();
  return getCount(ctx, id);
}
