/**
 * Calendar days of the shop's time zone as UTC instants: the history screens filter "from day A to day B"
 * as the shop lives them, while times are stored in UTC. Pure (Intl only), shared by the UI and tests.
 */

const DAY_KEY = /^(\d{4})-(\d{2})-(\d{2})$/;

// Building an Intl.DateTimeFormat costs far more than using one: availability converts thousands of wall
// times per request, so each zone's formatter is made once.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Milliseconds the zone is ahead of UTC at the instant `ms` (−3 h for Buenos Aires → −10 800 000). */
function offsetAt(ms: number, timeZone: string): number {
  const parts = formatterFor(timeZone).formatToParts(new Date(ms));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(n("year"), n("month") - 1, n("day"), n("hour"), n("minute"), n("second"));
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** True for a real calendar day written "YYYY-MM-DD". */
export function isDayKey(value: string): boolean {
  const m = DAY_KEY.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** The UTC instant (ISO-8601) at which the day `dayKey` ("2026-12-06") starts in `timeZone`. */
export function dayStartUtc(dayKey: string, timeZone: string): string {
  const m = DAY_KEY.exec(dayKey);
  if (!m || !isDayKey(dayKey)) throw new RangeError(`not a day: ${dayKey}`);
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  let ms = wall - offsetAt(wall, timeZone);
  // Once more with the offset at the found instant, for a day whose midnight is across a DST change.
  ms = wall - offsetAt(ms, timeZone);
  return new Date(ms).toISOString();
}

/** The UTC instant (ISO-8601) of the wall-clock time `hhmm` ("23:30") on `dayKey` in `timeZone`. */
export function wallTimeUtc(dayKey: string, hhmm: string, timeZone: string): string {
  const m = DAY_KEY.exec(dayKey);
  const t = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!m || !isDayKey(dayKey) || !t) throw new RangeError(`not a day and time: ${dayKey} ${hhmm}`);
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(t[1]), Number(t[2]));
  let ms = wall - offsetAt(wall, timeZone);
  ms = wall - offsetAt(ms, timeZone);
  return new Date(ms).toISOString();
}

/** The day after `dayKey`. */
export function nextDayKey(dayKey: string): string {
  const m = DAY_KEY.exec(dayKey);
  if (!m) throw new RangeError(`not a day: ${dayKey}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1)).toISOString().slice(0, 10);
}

/** The shop's calendar day ("YYYY-MM-DD") of an instant. */
export function dayKeyIn(iso: string | Date, timeZone: string): string {
  const ms = typeof iso === "string" ? Date.parse(iso) : iso.getTime();
  return new Date(ms + offsetAt(ms, timeZone)).toISOString().slice(0, 10);
}

/**
 * The UTC instant (epoch ms) of the wall time `minuteOfDay` minutes after midnight of `dayKey` in
 * `timeZone` (turnos: weekly hours are wall times). DST-safe: the offset is taken at the found instant;
 * a wall time skipped by a spring-forward gap lands just after the gap.
 */
export function wallTimeMs(dayKey: string, minuteOfDay: number, timeZone: string): number {
  const m = DAY_KEY.exec(dayKey);
  if (!m || !isDayKey(dayKey)) throw new RangeError(`not a day: ${dayKey}`);
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) + minuteOfDay * 60_000;
  const first = wall - offsetAt(wall, timeZone);
  return wall - offsetAt(first, timeZone);
}

/** The weekday (0 = Sunday) of a calendar day "YYYY-MM-DD". */
export function weekdayOf(dayKey: string): number {
  return new Date(`${dayKey}T00:00:00Z`).getUTCDay();
}
