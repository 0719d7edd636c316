import type { HoursRow } from "@mostrador/contracts/http/turnos";
import { hhmm, minuteOf } from "./calendar-logic.js";

/** One weekday of the hours form, as typed: "09:00"–"18:00", an optional break. */
export interface DayHours {
  works: boolean;
  from: string;
  to: string;
  breakFrom: string;
  breakTo: string;
}

/** Monday first, as people read a week; values are the API's weekdays (0 = Sunday). */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 0] as const;

export function formOfHours(rows: readonly HoursRow[]): Record<number, DayHours> {
  const out: Record<number, DayHours> = {};
  for (const d of WEEKDAYS) {
    const work = rows.find((r) => r.weekday === d && r.kind === "work");
    const pause = rows.find((r) => r.weekday === d && r.kind === "break");
    out[d] = {
      works: Boolean(work),
      from: work ? hhmm(work.startMinute) : "09:00",
      to: work ? hhmm(work.endMinute) : "18:00",
      breakFrom: pause ? hhmm(pause.startMinute) : "",
      breakTo: pause ? hhmm(pause.endMinute) : "",
    };
  }
  return out;
}

/** The week as the API takes it, or the weekday whose times are not valid. */
export function hoursOfForm(form: Record<number, DayHours>): HoursRow[] | { badWeekday: number } {
  const rows: HoursRow[] = [];
  for (const d of WEEKDAYS) {
    const f = form[d];
    if (!f?.works) continue;
    const from = minuteOf(f.from);
    const to = minuteOf(f.to);
    if (from === null || to === null || to <= from || from % 5 || to % 5) return { badWeekday: d };
    rows.push({ weekday: d, kind: "work", startMinute: from, endMinute: to });
    if (f.breakFrom.trim() || f.breakTo.trim()) {
      const bf = minuteOf(f.breakFrom);
      const bt = minuteOf(f.breakTo);
      if (bf === null || bt === null || bt <= bf || bf % 5 || bt % 5) return { badWeekday: d };
      rows.push({ weekday: d, kind: "break", startMinute: bf, endMinute: bt });
    }
  }
  return rows;
}
