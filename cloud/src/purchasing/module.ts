import { fileURLToPath } from "node:url";
import { SYNC_OPS } from "@mostrador/contracts/sync/ops";
import type { CloudModule } from "../core/module.js";
import type { OwnedRows } from "../ingest/handlers.js";
import { applyStockCountOps } from "./count-projection.js";
import {
  applyProductCostOps,
  applyPurchaseOrderOps,
  applyPurchaseReceiptOps,
  applySupplierOps,
} from "./projection.js";
import { purchasingRoutes } from "./routes.js";

const own = (table: string, reason: string): OwnedRows => ({ table, ids: (op) => [op.entityId], reason });

/**
 * Purchasing in the cloud: the projection of each store's suppliers, purchase orders and receipts (with
 * each product's average cost) and stock counts, and the dashboard's purchases, stock valuation and
 * counts (/v1/dashboard/purchasing).
 */
export const purchasingModule: CloudModule = {
  name: "purchasing",
  migrations: fileURLToPath(new URL("./migrations/", import.meta.url)),
  routes: [purchasingRoutes],
  projections: {
    supplier: {
      apply: applySupplierOps,
      payloads: SYNC_OPS.supplier,
      owns: [own("purchase_suppliers", "El proveedor pertenece a otro local")],
    },
    purchase_order: {
      apply: applyPurchaseOrderOps,
      payloads: SYNC_OPS.purchase_order,
      owns: [own("purchase_orders", "La orden de compra pertenece a otro local")],
    },
    purchase_receipt: {
      apply: applyPurchaseReceiptOps,
      payloads: SYNC_OPS.purchase_receipt,
      owns: [own("purchase_receipts", "La recepción pertenece a otro local")],
    },
    // Keyed by (store, product): another store's op writes its own row, so there is nothing to own.
    product_cost: { apply: applyProductCostOps, payloads: SYNC_OPS.product_cost },
    stock_count: {
      apply: applyStockCountOps,
      payloads: SYNC_OPS.stock_count,
      owns: [own("stock_counts", "El conteo pertenece a otro local")],
    },
  },
};
