import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { insertProduct } from "@mostrador/desktop/catalog/product-writes";
import type { Ctx } from "@mostrador/kernel/core/context";
import { openApplianceCore } from "@mostrador/desktop/appliance/open-appliance-core";
import { newId } from "@mostrador/kernel/db/ids";
import type { Principal } from "@mostrador/kernel/staff/sessions";
import { insertStockMovements } from "@mostrador/desktop/stock/movements";

/**
 * A migrated appliance database on a real file (openApplianceCore: WAL, synchronous=FULL, foreign keys),
 * with one till, one cashier, an open cash session and products in stock: everything a sale needs.
 * The till, staff and session rows are plain SQL (the benchmark must not depend on the cash domain);
 * products go through catalog/insertProduct so they match whatever the catalog schema is today.
 */
export interface BenchShop {
  ctx: Ctx;
  dataDir: string;
  terminalId: string;
  cashSessionId: string;
  cashier: Principal;
  /** Products sold "each", with plenty of stock, IVA-included prices in centavos. */
  products: { id: string; name: string; price: number; ivaRate: number }[];
  close(): void;
}

const IVA_RATES = [2100, 1050, 0] as const;

export function openBenchShop(productCount: number): BenchShop {
  const dataDir = mkdtempSync(join(tmpdir(), "mostrador-bench-"));
  const ctx = openApplianceCore(dataDir);
  const at = new Date().toISOString();
  const terminalId = newId();
  const staffId = newId();
  const cashSessionId = newId();
  const products: BenchShop["products"] = [];
  const close = () => {
    ctx.db.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    ctx.db.transaction(() => {
      ctx.db
        .prepare("INSERT INTO terminals (id, code, name, created_at) VALUES (?, 1, 'Caja 1', ?)")
        .run(terminalId, at);
      ctx.db
        .prepare(
          "INSERT INTO staff (id, name, role, pin_hash, created_at, updated_at) VALUES (?, 'Lucía', 'cashier', 'bench', ?, ?)",
        )
        .run(staffId, at, at);
      ctx.db
        .prepare(
          "INSERT INTO cash_sessions (id, terminal_id, status, opened_by, opened_at, opening_float) VALUES (?, ?, 'open', ?, ?, 1000000)",
        )
        .run(cashSessionId, terminalId, staffId, at);
      for (let i = 0; i < productCount; i++) {
        const product = insertProduct(ctx, {
          sku: `BENCH-${i + 1}`,
          name: `Producto de prueba ${i + 1}`,
          price: 50_00 + i * 137,
          ivaRate: IVA_RATES[i % 3] as number,
          unit: "each",
        });
        products.push({ id: product.id, name: product.name, price: product.price, ivaRate: product.ivaRate });
      }
      insertStockMovements(
        ctx.db,
        products.map((p) => ({
          productId: p.id,
          quantity: 1_000_000_000,
          reason: "receipt",
          refId: null,
          staffId,
          at,
        })),
      );
    })();
  } catch (error) {
    close(); // a schema the fixture no longer fits must not leave temp folders behind
    throw error;
  }
  return {
    ctx,
    dataDir,
    terminalId,
    cashSessionId,
    cashier: { staffId, name: "Lucía", role: "cashier", terminalId },
    products,
    close,
  };
}
