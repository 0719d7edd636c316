import type { SaleHooks } from "../pos/sale-hooks.js";

export const cardSaleHooks: SaleHooks = {};
