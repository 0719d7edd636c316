import { withCheckDigit } from "@mostrador/contracts/pos/gs1";
import type { ScaleLayout } from "@mostrador/contracts/http/settings";
import { insertCategory } from "../catalog/categories.js";

import { insertProduct } from "../catalog/product-writes.js";
import { buildScaleLabel } from "../catalog/scale-barcode.js";
import { type Ctx, isoNow } from "@mostrador/kernel/core/context";
import { newId } from "@mostrador/kernel/db/ids";
import { enqueueOutbox } from "@mostrador/kernel/outbox/outbox";
import { DEFAULT_SETTINGS } from "@mostrador/kernel/shop/settings";
import { insertStockMovements } from "../stock/movements.js";
import { DEMO_CATEGORIES, type DemoProduct } from "./demo-products.js";

export { generateCatalog } from "./synthetic-catalog.js";

/**
 * Barcode of the demo product at (category, item): "779" is GS1 Argentina; "0" + category + item
 * stand in for the company and item reference; the last digit is the real GS1 check digit.
 * (Synthetic benchmark products use "7799…", so the two sets never collide.)
 */
function demoBarcode(categoryIndex: number, itemIndex: number): string {
  return withCheckDigit(
    `7790${String(categoryIndex + 1).padStart(3, "0")}${String(itemIndex + 1).padStart(5, "0")}`,
  );
}

interface PlannedProduct {
  sku: string;
  name: string;
  categoryIndex: number;
  price: number;
  ivaRate: 0 | 1050 | 2100;
  unit: "each" | "kg";
  barcodes: string[];
  scaleCode: number | null;
  lowStockThreshold: number | null;
  initialStock: number;
}

/** The whole demo catalog, computed the same way on every run (no randomness: e2e tests rely on it). */
function planCatalog(): PlannedProduct[] {
  const out: PlannedProduct[] = [];
  let nextScaleCode = 1;
  DEMO_CATEGORIES.forEach((category, c) => {
    category.products.forEach(([name, pesos, unit, ivaRate]: DemoProduct, i) => {
      const n = out.length;
      const weighed = unit === "kg";
      out.push({
        sku: `${category.sku}-${String(i + 1).padStart(3, "0")}`,
        name,
        categoryIndex: c,
        price: pesos * 100,
        ivaRate: ivaRate ?? category.ivaRate,
        unit: weighed ? "kg" : "each",
        // Weighed goods are sold by scale label, not by a printed EAN.
        barcodes: weighed ? [] : [demoBarcode(c, i)],
        scaleCode: weighed ? nextScaleCode++ : null,
        // Every third product has a reorder point; the stock formula leaves some of them below it.
        lowStockThreshold: n % 3 === 0 ? (weighed ? 3000 : 10) : null,
        initialStock: weighed ? 2000 + ((n * 1300) % 20000) : 4 + ((n * 7) % 44),
      });
    });
  });
  return out;
}

const PLAN = planCatalog();

function planned(name: string): PlannedProduct {
  const p = PLAN.find((x) => x.name === name);
  if (!p) throw new Error(`demo product missing: ${name}`);
  return p;
}

function layout(kind: "price" | "weight"): ScaleLayout {
  const l = DEFAULT_SETTINGS.scaleLayouts.find((x) => x.kind === kind);
  if (!l) throw new Error(`no default ${kind} scale layout`);
  return l;
}

function withWrongCheckDigit(code: string): string {
  return `${code.slice(0, -1)}${(Number(code.at(-1)) + 1) % 10}`;
}

const asado = planned("Asado de tira");
const jamon = planned("Jamón cocido Paladini");

/**
 * Codes e2e tests and demos scan. Label codes use the default scale layouts (20 = price in whole
 * pesos, 21 = grams). `priceLabel` is 300 g of jamón cocido at $ 19.990/kg: $ 5.997.
 */
export const DEMO_CODES = {
  cocaCola: planned("Coca-Cola sabor original 2,25 L").barcodes[0] as string,
  leche: planned("Leche entera La Serenísima sachet 1 L").barcodes[0] as string,
  yerba: planned("Yerba Mate Playadito 1 kg").barcodes[0] as string,
  alfajor: planned("Alfajor Jorgito chocolate").barcodes[0] as string,
  /** 1,250 kg of asado de tira (weight label). */
  weighedLabel: buildScaleLabel(layout("weight"), asado.scaleCode as number, 1250),
  weighedGrams: 1250,
  /** $ 5.997 of jamón cocido (price label). */
  priceLabel: buildScaleLabel(layout("price"), jamon.scaleCode as number, 599_700),
  priceLabelTotal: 599_700,
  /** Coca-Cola's code with its last digit changed: a misread the till must refuse. */
  badCheckDigit: withWrongCheckDigit(planned("Coca-Cola sabor original 2,25 L").barcodes[0] as string),
} as const;

/** How many products the demo seed creates. */
export const DEMO_PRODUCT_COUNT = PLAN.length;

/**
 * Seeds the demo almacén's catalog: categories, ~200 products with barcodes or scale codes,
 * initial stock as "receipt" movements. Does nothing when the catalog already has products.
 * Runs in one transaction (nested as a savepoint when the caller has one).
 */
export function seedDemoCatalog(ctx: Ctx): { products: number } {
  if (ctx.db.prepare("SELECT 1 FROM products LIMIT 1").get()) return { products: 0 };
  const ids = ctx.db.transaction(() => {
    const categories = DEMO_CATEGORIES.map((c) => insertCategory(ctx, c.name));
    const at = isoNow(ctx);
    const productIds: string[] = [];
    for (const p of PLAN) {
      const product = insertProduct(ctx, { ...p, categoryId: categories[p.categoryIndex]?.id ?? null });
      const movementId = newId();
      insertStockMovements(ctx.db, [
        {
          id: movementId,
          productId: product.id,
          quantity: p.initialStock,
          reason: "receipt",
          refId: null,
          staffId: null,
          note: "Stock inicial",
          at,
        },
      ]);
      enqueueOutbox(ctx.db, {
        entity: "stock_movement",
        entityId: movementId,
        op: "created",
        payload: {
          id: movementId,
          productId: product.id,
          quantity: p.initialStock,
          reason: "receipt",
          note: "Stock inicial",
          staffId: null,
          at,
        },
        at,
      });
      productIds.push(product.id);
    }
    return productIds;
  })();
  ctx.bus.emit("catalog.changed", { productIds: ids });
  ctx.bus.emit("stock.changed", { productIds: ids });
  return { products: ids.length };
}
