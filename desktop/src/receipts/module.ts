import { receiptRoutes } from "../api/routes/receipts.js";
import type { ModuleManifest } from "../core/module.js";

/** Receipts, reports and the drawer on the shop's ESC/POS printer. */
export const receiptsModule: ModuleManifest = {
  name: "receipts",
  routes: [receiptRoutes],
};
