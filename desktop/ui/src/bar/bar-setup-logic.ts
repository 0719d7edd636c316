import type { Bar } from "@mostrador/contracts/http/bar";
import type { Product } from "@mostrador/contracts/http/catalog";

/** A group as the layout editor holds it: the label typed ("" = the category's name). */
export interface DraftGroup {
  categoryId: string | null;
  label: string;
  productIds: string[];
}

/** The editor's copy of a bar (or an empty one for a new bar). */
export function draftOf(bar: Bar | null): { name: string; groups: DraftGroup[] } {
  if (!bar) return { name: "", groups: [] };
  return {
    name: bar.name,
    groups: bar.groups.map((g) => ({
      categoryId: g.categoryId,
      label: g.label ?? "",
      productIds: g.buttons.map((b) => b.productId),
    })),
  };
}

/** The item at `index` one place earlier (−1) or later (+1); at either end nothing moves. */
export function moveItem<T>(items: readonly T[], index: number, step: -1 | 1): T[] {
  const to = index + step;
  if (index < 0 || index >= items.length || to < 0 || to >= items.length) return [...items];
  const next = [...items];
  [next[index], next[to]] = [next[to]!, next[index]!];
  return next;
}

/** What can be a bar button: sold by the unit and not a model with variants (its variants can). */
export function productsForButtons(products: readonly Product[]): Product[] {
  return products.filter((p) => p.active && p.unit === "each" && !p.variantAxes);
}
