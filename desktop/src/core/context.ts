import type { Db } from "../db/open.js";
import type { EventBus } from "./events.js";

/** The shop PC's clock may be wrong; tests and reports take it from here, never from Date directly. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** What every domain function receives: a database handle, a clock and the event bus. No HTTP, no Electron. */
export interface Ctx {
  db: Db;
  clock: Clock;
  bus: EventBus;
}

export function isoNow(ctx: Pick<Ctx, "clock">): string {
  return ctx.clock.now().toISOString();
}
