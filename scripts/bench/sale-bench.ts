import { v7 as uuidv7 } from "uuid";
import { commitSale } from "@mostrador/desktop/pos/sale";
import { measureInterleaved } from "./measure.js";
import { baselineSaleCommit, saleProducts } from "./sale-baseline.js";
import { openBenchShop } from "./shop-fixture.js";
import type { LatencySummary } from "./stats.js";

export interface SaleResults {
  baseline: LatencySummary;
  commitSale: LatencySummary;
}

const PRODUCTS = 200;

/** The input of sale `i`: the same 5 products and quantities the baseline writes, paid debit + cash. */
function saleInput(shop: ReturnType<typeof openBenchShop>, i: number) {
  const lines = saleProducts(shop, i).map((p, n) => ({
    productId: p.id,
    quantity: 1 + (n % 3),
    total: p.price * (1 + (n % 3)),
  }));
  const total = lines.reduce((s, l) => s + l.total, 0);
  const debit = Math.floor(total / 2);
  return {
    id: uuidv7(),
    lines: lines.map(({ productId, quantity }) => ({ productId, quantity })),
    payments: [
      { method: "debit" as const, amount: debit },
      { method: "cash" as const, amount: total - debit, tendered: total - debit + 1_000_00 },
    ],
  };
}

/**
 * 5-line sale commits, one after another as at a single till: the bare-SQL baseline and commitSale
 * (validation, totals, numbering, lines, payments, stock movements, outbox, reading the sale back),
 * each on its own fresh database file, timed in alternating blocks. Inputs are built untimed.
 */
export function benchSaleCommit(
  iterations: number,
  warmup: number,
  options: { cpuOnly?: boolean } = {},
): SaleResults {
  const baseShop = openBenchShop(PRODUCTS);
  const shop = openBenchShop(PRODUCTS);
  if (options.cpuOnly) {
    // Diagnosis only: without the per-commit fsync both sides show their CPU cost, so the ratio
    // says how much work commitSale adds, not how fast the disk flushes.
    for (const s of [baseShop, shop]) s.ctx.db.pragma("synchronous = OFF");
  }
  try {
    const inputs = Array.from({ length: warmup + iterations }, (_, k) => saleInput(shop, k));
    const baselineOp = baselineSaleCommit(baseShop);
    const results = measureInterleaved(
      {
        baseline: baselineOp,
        commitSale: (i: number) => {
          const input = inputs[i < 0 ? -1 - i : warmup + i];
          if (!input) throw new Error("no input");
          if (!commitSale(shop.ctx, shop.cashier, input).created) throw new Error("sale not created");
        },
      },
      { warmup, iterations, block: 100 },
    );
    return results;
  } finally {
    baseShop.close();
    shop.close();
  }
}
