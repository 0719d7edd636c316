import type { ImportResult } from "@mostrador/contracts/http/spreadsheets";
import { MAX_AMOUNT } from "@mostrador/contracts/limits";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { enqueueOutbox } from "@mostrador/kernel/outbox/outbox";
import { recordAudit } from "@mostrador/kernel/staff/audit";
import type { Actor } from "../catalog/product-writes.js";
import { averageCost, setAverageCost } from "../purchasing/costs.js";
import type { Table } from "./read-table.js";
import { RowErrors, sheetRows } from "./row-check.js";
import type { Mapping } from "./sheet-mapping.js";
import { parseMoney } from "./sheet-numbers.js";
import { SheetProducts } from "./sheet-products.js";

/**
 * Costs: each row names an existing product by code or barcode and gives its cost per unit (per kg for
 * weighed goods), which becomes the product's weighted average cost (purchasing/costs.ts): the next
 * receipt averages from it and the valuation uses it. Each change travels to the cloud as
 * product_cost/updated in the same transaction; a bad cell anywhere refuses the file and nothing changes.
 */
export function importCosts(
  ctx: Ctx,
  table: Table,
  mapping: Mapping,
  options: { dryRun: boolean; actor: Actor },
): ImportResult {
  const errors = new RowErrors(table.headers);
  const products = new SheetProducts(ctx);
  const costs: { productId: string; cost: number; known: boolean }[] = [];
  let rows = 0;
  for (const row of sheetRows(table, mapping, errors)) {
    const product = products.resolve(row);
    const text = row.text("cost");
    // A blank cost leaves the product as it is (an exported sheet lists products never costed).
    if (text === null) continue;
    const cost = parseMoney(text);
    if (cost === null) row.fail("cost", `«${text}» no es un costo (ej.: 1234,50)`);
    else if (cost < 0) row.fail("cost", "El costo no puede ser negativo");
    else if (cost > MAX_AMOUNT) row.fail("cost", "El costo es demasiado grande");
    if (!product || cost === null || cost < 0 || cost > MAX_AMOUNT) continue;
    rows++;
    const current = averageCost(ctx.db, product.id);
    if (current !== cost) costs.push({ productId: product.id, cost, known: current !== null });
  }
  errors.throwIfAny();
  const created = costs.filter((c) => !c.known).length;
  const updated = costs.length - created;
  if (options.dryRun) return { applied: false, rows, created, updated };
  if (costs.length > 0)
    ctx.db.transaction(() => {
      const at = isoNow(ctx);
      for (const c of costs) {
        setAverageCost(ctx.db, c.productId, c.cost, at);
        enqueueOutbox(ctx.db, {
          entity: "product_cost",
          entityId: c.productId,
          op: "updated",
          payload: { productId: c.productId, averageCost: c.cost, source: "import", at },
          at,
        });
      }
      recordAudit(ctx.db, {
        at,
        staffId: options.actor.staffId,
        terminalId: options.actor.terminalId ?? null,
        action: "purchasing.import_costs",
        entity: "product",
        details: { rows, created, updated },
      });
    })();
  return { applied: true, rows, created, updated };
}
