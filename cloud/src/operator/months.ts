/**
 * The console's months run in Argentina's time (UTC−3, no daylight saving since 2009): the people who
 * read it work there, and a month's figures should not move a sale of the 31st at 22:00 into the next.
 */
const OFFSET_HOURS = 3;

export interface Month {
  /** YYYY-MM */
  key: string;
  start: Date;
  end: Date;
}

export function monthOf(key: string): Month {
  const [y, m] = key.split("-").map(Number) as [number, number];
  return {
    key,
    start: new Date(Date.UTC(y, m - 1, 1, OFFSET_HOURS)),
    end: new Date(Date.UTC(y, m, 1, OFFSET_HOURS)),
  };
}

/** The month (YYYY-MM) an instant falls in, in Argentina's time. */
export function monthKeyAt(at: Date): string {
  const local = new Date(at.getTime() - OFFSET_HOURS * 3_600_000);
  return `${local.getUTCFullYear()}-${String(local.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** Every month from `from` to `to`, both included (empty when reversed). */
export function monthsBetween(from: string, to: string): Month[] {
  const months: Month[] = [];
  let [y, m] = from.split("-").map(Number) as [number, number];
  const last = to;
  for (let guard = 0; guard < 1200; guard++) {
    const key = `${y}-${String(m).padStart(2, "0")}`;
    if (key > last) break;
    months.push(monthOf(key));
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
  }
  return months;
}

/** `key` moved by `delta` months. */
export function addMonths(key: string, delta: number): string {
  const [y, m] = key.split("-").map(Number) as [number, number];
  const index = y * 12 + (m - 1) + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}
