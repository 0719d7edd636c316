/**
 * The time zones the settings screen offers: Argentina's first (where the shops are), then every zone the
 * runtime knows. Offering only real zones matters: an unknown name would make every date format throw.
 */
export const SHOP_TIME_ZONE_DEFAULT = "America/Argentina/Buenos_Aires";

export function timeZoneOptions(current: string): { argentina: string[]; others: string[] } {
  let all: string[];
  try {
    all = Intl.supportedValuesOf("timeZone");
  } catch {
    all = []; // an old runtime without the list still offers Argentina's zone and the current one
  }
  const known = new Set([...all, SHOP_TIME_ZONE_DEFAULT, current].filter(Boolean));
  const sorted = [...known].sort();
  return {
    argentina: sorted.filter((z) => z.startsWith("America/Argentina/")),
    others: sorted.filter((z) => !z.startsWith("America/Argentina/")),
  };
}
