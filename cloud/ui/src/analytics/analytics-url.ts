/**
 * The Análisis screen's filters live in the URL's fragment (`#analisis?from=…&to=…&store=…&category=…&product=…`),
 * so a link or a reload opens the same figures and the browser's Back climbs out of a drill-down. Pure.
 */
export interface AnalyticsFilters {
  from: string;
  to: string;
  storeId: string | null;
  categoryId: string | null;
  productId: string | null;
}

export const ANALYTICS_HASH = "#analisis";

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The last 30 calendar days up to `today` ("YYYY-MM-DD"), the screen's default period. */
export function defaultFilters(today: string): AnalyticsFilters {
  const [y, m, d] = today.split("-").map(Number) as [number, number, number];
  const from = new Date(Date.UTC(y, m - 1, d - 29)).toISOString().slice(0, 10);
  return { from, to: today, storeId: null, categoryId: null, productId: null };
}

/** Filters read from a fragment; what is missing or malformed falls back to the defaults. */
export function readFilters(hash: string, today: string): AnalyticsFilters {
  const defaults = defaultFilters(today);
  if (!hash.startsWith(ANALYTICS_HASH)) return defaults;
  const params = new URLSearchParams(hash.slice(ANALYTICS_HASH.length).replace(/^\?/, ""));
  const date = (key: string, fallback: string) => {
    const v = params.get(key);
    return v && DATE.test(v) ? v : fallback;
  };
  return {
    from: date("from", defaults.from),
    to: date("to", defaults.to),
    storeId: params.get("store") || null,
    categoryId: params.get("category") || null,
    productId: params.get("product") || null,
  };
}

/** The fragment for these filters (empty ones left out). */
export function writeFilters(f: AnalyticsFilters): string {
  const params = new URLSearchParams({ from: f.from, to: f.to });
  if (f.storeId) params.set("store", f.storeId);
  if (f.categoryId) params.set("category", f.categoryId);
  if (f.productId) params.set("product", f.productId);
  return `${ANALYTICS_HASH}?${params.toString()}`;
}
