import { SENSOR_RANGES, type SensorRange } from "@mostrador/contracts/http/cloud-sensors";

/**
 * The Sensores screen's filters live in the URL's fragment (`#sensores?store=…&range=7d`), as Análisis'
 * do (analytics/analytics-url.ts): a link or a reload opens the same store and span. Pure.
 */
export interface SensorFilters {
  /** null: the first store with devices. */
  storeId: string | null;
  range: SensorRange;
}

export const SENSORS_HASH = "#sensores";

/** Filters read from a fragment; what is missing or unknown falls back to the first store and 24 h. */
export function readSensorFilters(hash: string): SensorFilters {
  if (!hash.startsWith(SENSORS_HASH)) return { storeId: null, range: "24h" };
  const params = new URLSearchParams(hash.slice(SENSORS_HASH.length).replace(/^\?/, ""));
  const range = params.get("range");
  return {
    storeId: params.get("store") || null,
    range: SENSOR_RANGES.find((r) => r === range) ?? "24h",
  };
}

/** The fragment for these filters (no store: left out). */
export function writeSensorFilters(f: SensorFilters): string {
  const params = new URLSearchParams();
  if (f.storeId) params.set("store", f.storeId);
  params.set("range", f.range);
  return `${SENSORS_HASH}?${params.toString()}`;
}
