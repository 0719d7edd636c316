import { ApiError, query } from "@mostrador/contracts/http-client";
import { create } from "zustand";
import type { Product, ScanAnswer, ProductPage } from "@mostrador/contracts/http/catalog";
import type {
  NewOrderInput,
  PurchaseOrder,
  ReceiptInput,
  ReceiptResult,
  ReorderItem,
  Supplier,
  SupplierInput,
  SupplierPatch,
  Valuation,
} from "@mostrador/contracts/http/purchasing";
import { get, patch, post } from "../api/client.js";

export type PurchasingTab = "orders" | "suppliers" | "reorder" | "valuation" | "counts" | "prices";

interface PurchasingStore {
  tab: PurchasingTab;
  suppliers: Supplier[];
  orders: PurchaseOrder[];
  reorder: ReorderItem[];
  valuation: Valuation | null;
  go(tab: PurchasingTab): void;
  loadSuppliers(): Promise<void>;
  loadOrders(): Promise<void>;
  loadReorder(): Promise<void>;
  loadValuation(): Promise<void>;
  createSupplier(body: SupplierInput): Promise<Supplier>;
  updateSupplier(id: string, body: SupplierPatch): Promise<Supplier>;
  createOrder(body: NewOrderInput): Promise<PurchaseOrder>;
  orderFromLowStock(
    supplierId: string,
    lines: { productId: string; quantity: number }[],
  ): Promise<PurchaseOrder>;
  sendOrder(id: string): Promise<void>;
  cancelOrder(id: string): Promise<void>;
  receive(body: ReceiptInput): Promise<ReceiptResult>;
}

export const usePurchasing = create<PurchasingStore>()((set, getState) => ({
  tab: "orders",
  suppliers: [],
  orders: [],
  reorder: [],
  valuation: null,
  go: (tab) => set({ tab }),
  loadSuppliers: async () => set({ suppliers: await get<Supplier[]>("/api/suppliers") }),
  loadOrders: async () => set({ orders: await get<PurchaseOrder[]>("/api/purchase-orders") }),
  loadReorder: async () => set({ reorder: await get<ReorderItem[]>("/api/stock/reorder") }),
  loadValuation: async () => set({ valuation: await get<Valuation>("/api/stock/valuation") }),
  createSupplier: async (body) => {
    const created = await post<Supplier>("/api/suppliers", body);
    await getState().loadSuppliers();
    return created;
  },
  updateSupplier: async (id, body) => {
    const updated = await patch<Supplier>(`/api/suppliers/${encodeURIComponent(id)}`, body);
    await getState().loadSuppliers();
    return updated;
  },
  createOrder: async (body) => {
    const created = await post<PurchaseOrder>("/api/purchase-orders", body);
    await getState().loadOrders();
    return created;
  },
  orderFromLowStock: async (supplierId, lines) => {
    const created = await post<PurchaseOrder>("/api/purchase-orders/from-low-stock", { supplierId, lines });
    await getState().loadOrders();
    return created;
  },
  sendOrder: async (id) => {
    await post(`/api/purchase-orders/${encodeURIComponent(id)}/send`, {});
    await getState().loadOrders();
  },
  cancelOrder: async (id) => {
    await post(`/api/purchase-orders/${encodeURIComponent(id)}/cancel`, {});
    await getState().loadOrders();
  },
  receive: async (body) => {
    const result = await post<ReceiptResult>("/api/purchase-receipts", body);
    await Promise.all([getState().loadOrders(), getState().loadValuation()]);
    return result;
  },
}));

/**
 * The product a typed or scanned code names: its barcode or scale label first, then the best match of a
 * search by name or SKU. Null when nothing matches.
 */
export async function findProduct(code: string): Promise<Product | null> {
  const text = code.trim();
  if (!text) return null;
  try {
    return (await get<ScanAnswer>(`/api/scan/${encodeURIComponent(text)}`)).product;
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 404) throw e;
  }
  // Goods are ordered per variant: a model (a product with variants) is skipped for its variants' rows.
  const page = await get<ProductPage>(`/api/products${query({ q: text, limit: 10 })}`);
  return page.items.find((p) => !p.variantAxes) ?? null;
}
