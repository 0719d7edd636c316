import type { FreeSlot } from "@mostrador/contracts/http/turnos";
import { dayKeyIn, nextDayKey } from "@mostrador/contracts/zoned-day";

/** How many of the shop's days the page asks for at once (the API allows up to 62). */
export const DAYS_PER_PAGE = 14;

/** `count` calendar days starting at `first` ("YYYY-MM-DD"): the range of one slots request. */
export function dayRange(first: string, count = DAYS_PER_PAGE): { from: string; to: string } {
  let to = first;
  for (let i = 1; i < count; i++) to = nextDayKey(to);
  return { from: first, to };
}

/** The first day of the page before the one starting at `first`, never before `today`. */
export function previousPage(first: string, today: string): string {
  let day = today;
  // Pages start at today + k·DAYS_PER_PAGE: walk them up to the one before `first`.
  for (let next = nextDayKey(dayRange(day).to); next < first; next = nextDayKey(dayRange(next).to))
    day = next;
  return day;
}

export interface DaySlots {
  day: string;
  /** One entry per start time; with "cualquiera" the first professional free at it. */
  slots: FreeSlot[];
}

/** Free slots grouped by the shop's calendar day, in time order, one per start time. */
export function slotsByDay(slots: readonly FreeSlot[], timeZone: string): DaySlots[] {
  const days = new Map<string, Map<string, FreeSlot>>();
  for (const slot of [...slots].sort((a, b) => a.start.localeCompare(b.start))) {
    const day = dayKeyIn(slot.start, timeZone);
    const starts = days.get(day) ?? new Map<string, FreeSlot>();
    if (!starts.has(slot.start)) starts.set(slot.start, slot);
    days.set(day, starts);
  }
  return [...days].map(([day, starts]) => ({ day, slots: [...starts.values()] }));
}
