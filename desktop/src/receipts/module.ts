import { receiptRoutes } from "../api/routes/receipts.js";
import type { ModuleManifest } from "@mostrador/kernel/core/module";

declare module "@mostrador/kernel/core/events" {
  interface AppEvents {
    /** A print, drawer kick or test page worked (error null) or failed; heard by the printer's status, not by tills. */
    "printer.outcome": { at: string; error: string | null };
  }
}

/** Receipts, reports and the drawer on the shop's ESC/POS printer. */
export const receiptsModule: ModuleManifest = {
  name: "receipts",
  routes: [receiptRoutes],
};
