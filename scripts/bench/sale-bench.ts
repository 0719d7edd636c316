import { v7 as uuidv7 } from "uuid";
import { adjustPoints } from "@mostrador/desktop/accounts/adjustments";
import { setCreditLimit } from "@mostrador/desktop/accounts/limits";
import { issueCard } from "@mostrador/desktop/cards/issue";
import { setLoyaltyRules } from "@mostrador/desktop/loyalty/rules";
import { commitSale } from "@mostrador/desktop/pos/sale";
import { measureInterleaved } from "./measure.js";
import { baselineSaleCommit, saleProducts } from "./sale-baseline.js";
import { openBenchShop } from "./shop-fixture.js";
import type { LatencySummary } from "./stats.js";

export interface SaleResults {
  baseline: LatencySummary;
  commitSale: LatencySummary;
  /** The same sale to a customer, paid cash + on account + points, earning points (accounts, loyalty). */
  withCustomer?: LatencySummary;
  /** The same sale paid by prepaid card (desktop/src/cards): the ledger charge in the sale's transaction. */
  withCard?: LatencySummary;
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

/** The sale to a customer: the same lines, paid $ 100 in points, half the rest on account, the rest cash. */
function customerSaleInput(shop: ReturnType<typeof openBenchShop>, i: number, customerId: string) {
  const base = saleInput(shop, i);
  const total = base.payments.reduce((s, p) => s + p.amount, 0);
  const points = 10_000;
  const account = Math.floor((total - points) / 2);
  return {
    ...base,
    customerId,
    payments: [
      { method: "points" as const, amount: points },
      { method: "account" as const, amount: account },
      { method: "cash" as const, amount: total - points - account },
    ],
  };
}

/** A customer with room for every benchmark sale on account and in points, and the points program on. */
function seedCustomer(shop: ReturnType<typeof openBenchShop>): string {
  const id = uuidv7();
  const at = new Date().toISOString();
  shop.ctx.db
    .prepare(
      "INSERT INTO customers (id, name, name_key, born_at, created_at, updated_at) VALUES (?, 'Cliente', 'cliente', 'local', ?, ?)",
    )
    .run(id, at, at);
  setLoyaltyRules(shop.ctx, shop.cashier, {
    enabled: true,
    spendPerPoint: 10_000,
    pointValue: 100,
    minSaleTotal: 0,
    excludedCategories: [],
    expiryMonths: 12,
    birthdayBonus: 0,
  });
  setCreditLimit(shop.ctx, shop.cashier, id, 900_000_000_000);
  adjustPoints(shop.ctx, shop.cashier, id, { points: 1_000_000, note: "benchmark" });
  return id;
}

/** The sale paid by a prepaid card: card for all but $ 10, cash for the rest (a mixed payment). */
function cardSaleInput(shop: ReturnType<typeof openBenchShop>, i: number, cardId: string) {
  const base = saleInput(shop, i);
  const total = base.payments.reduce((s, p) => s + p.amount, 0);
  return {
    ...base,
    cardId,
    payments: [
      { method: "card" as const, amount: total - 1_000 },
      { method: "cash" as const, amount: 1_000 },
    ],
  };
}

/** A card loaded with enough for every benchmark sale. */
function seedCard(shop: ReturnType<typeof openBenchShop>): string {
  return issueCard(shop.ctx, shop.cashier, {
    requestId: uuidv7(),
    uid: "04A1B2C3D4E5F6",
    method: "cash",
    topup: 900_000_000_000,
  }).answer.card.id;
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
  const customerShop = openBenchShop(PRODUCTS);
  const cardShop = openBenchShop(PRODUCTS);
  if (options.cpuOnly) {
    // Diagnosis only: without the per-commit fsync both sides show their CPU cost, so the ratio
    // says how much work commitSale adds, not how fast the disk flushes.
    for (const s of [baseShop, shop, customerShop, cardShop]) s.ctx.db.pragma("synchronous = OFF");
  }
  try {
    const inputs = Array.from({ length: warmup + iterations }, (_, k) => saleInput(shop, k));
    const customerId = seedCustomer(customerShop);
    const customerInputs = Array.from({ length: warmup + iterations }, (_, k) =>
      customerSaleInput(customerShop, k, customerId),
    );
    const cardId = seedCard(cardShop);
    const cardInputs = Array.from({ length: warmup + iterations }, (_, k) =>
      cardSaleInput(cardShop, k, cardId),
    );
    const baselineOp = baselineSaleCommit(baseShop);
    const results = measureInterleaved(
      {
        baseline: baselineOp,
        commitSale: (i: number) => {
          const input = inputs[i < 0 ? -1 - i : warmup + i];
          if (!input) throw new Error("no input");
          if (!commitSale(shop.ctx, shop.cashier, input).created) throw new Error("sale not created");
        },
        withCustomer: (i: number) => {
          const input = customerInputs[i < 0 ? -1 - i : warmup + i];
          if (!input) throw new Error("no input");
          if (!commitSale(customerShop.ctx, customerShop.cashier, input).created)
            throw new Error("sale not created");
        },
        withCard: (i: number) => {
          const input = cardInputs[i < 0 ? -1 - i : warmup + i];
          if (!input) throw new Error("no input");
          if (!commitSale(cardShop.ctx, cardShop.cashier, input).created) throw new Error("sale not created");
        },
      },
      { warmup, iterations, block: 100 },
    );
    return results;
  } finally {
    baseShop.close();
    shop.close();
    customerShop.close();
    cardShop.close();
  }
}
