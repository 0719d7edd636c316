import { query } from "@mostrador/contracts/http-client";
import { create } from "zustand";
import { get } from "../api/client.js";
import type { Category, Product, ProductPage } from "@mostrador/contracts/http/catalog";

interface CatalogStore {
  q: string;
  items: Product[];
  total: number;
  categories: Category[];
  loading: boolean;
  search(q: string): Promise<void>;
  /** Re-runs the current search (after `catalog.changed` / `stock.changed`). */
  refresh(): Promise<void>;
  loadCategories(): Promise<void>;
}

export const PAGE_SIZE = 100;

export const useCatalog = create<CatalogStore>()((set, getState) => {
  let generation = 0;
  const load = async (q: string) => {
    const mine = ++generation;
    set({ q, loading: true });
    try {
      const page = await get<ProductPage>(
        `/api/products${query({ q: q.trim() || undefined, limit: PAGE_SIZE })}`,
      );
      // Typing fast fires several searches: only the latest one may fill the list.
      if (mine === generation) set({ items: page.items, total: page.total });
    } finally {
      if (mine === generation) set({ loading: false });
    }
  };
  return {
    q: "",
    items: [],
    total: 0,
    categories: [],
    loading: false,
    search: (q) => load(q),
    refresh: () => load(getState().q),
    loadCategories: async () => set({ categories: await get<Category[]>("/api/categories") }),
  };
});

/** Low stock as the product list shows it: at or below the product's own threshold. */
export function isLowStock(product: Product): boolean {
  return (
    product.lowStockThreshold !== null &&
    product.lowStockThreshold !== undefined &&
    product.onHand <= product.lowStockThreshold
  );
}
