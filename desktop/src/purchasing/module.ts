import { migrationsBeside, type ModuleManifest } from "@mostrador/kernel/core/module";
import { purchasingRoutes } from "./routes.js";

/**
 * Suppliers, purchase orders and receipts of goods: a receipt writes "receipt" movements in the stock
 * ledger (desktop/src/stock/) and moves each product's weighted average cost; valuation at cost and the
 * reorder list read them. It emits stock.changed (declared by stock/) after a receipt.
 */
export const purchasingModule: ModuleManifest = {
  name: "purchasing",
  entitlement: "stock_purchasing",
  migrations: [migrationsBeside(import.meta.url)],
  routes: [purchasingRoutes],
  outboxEntities: ["supplier", "purchase_order", "purchase_receipt", "product_cost"],
};
