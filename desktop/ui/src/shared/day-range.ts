import { dayStartUtc, isDayKey, nextDayKey } from "@mostrador/contracts/zoned-day";

/**
 * "From day A to day B" as typed in <input type="date"> (both inclusive, the shop's calendar) → the UTC
 * [from, to) the API filters by. An empty side is open; a non-day is ignored (the date input never sends one).
 */
export function dayRangeQuery(
  fromDay: string,
  toDay: string,
  timeZone: string,
): { from?: string; to?: string } {
  return {
    from: isDayKey(fromDay) ? dayStartUtc(fromDay, timeZone) : undefined,
    to: isDayKey(toDay) ? dayStartUtc(nextDayKey(toDay), timeZone) : undefined,
  };
}
