/** Fortnights of ARCA's CAEA calendar, on yyyymmdd day keys. Orden 1: days 1–15; 2: 16 to month end. */
export interface Fortnight {
  periodo: number;
  orden: 1 | 2;
  from: string;
  to: string;
}

const parse = (d: string) => Date.UTC(+d.slice(0, 4), +d.slice(4, 6) - 1, +d.slice(6, 8));
const key = (ms: number) => new Date(ms).toISOString().slice(0, 10).replace(/-/g, "");

export const addDays = (day: string, days: number): string => key(parse(day) + days * 86_400_000);

export function fortnightOf(day: string): Fortnight {
  const y = +day.slice(0, 4);
  const m = +day.slice(4, 6);
  const mm = day.slice(4, 6);
  const periodo = y * 100 + m;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return +day.slice(6, 8) <= 15
    ? { periodo, orden: 1, from: `${y}${mm}01`, to: `${y}${mm}15` }
    : { periodo, orden: 2, from: `${y}${mm}16`, to: `${y}${mm}${last}` };
}

export const nextFortnight = (day: string): Fortnight => fortnightOf(addDays(fortnightOf(day).to, 1));

/** "20261223" → "23/12/2026". */
export const formatDayKey = (day: string): string =>
  `${day.slice(6, 8)}/${day.slice(4, 6)}/${day.slice(0, 4)}`;
