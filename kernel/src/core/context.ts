import type { Db } from "../db/open.js";
import type { EventBus } from "./events.js";

/** The shop PC's clock may be wrong; tests and reports take it from here, never from Date directly. */
export interface Clock {
  now(): Date;
  /** now() as epoch ms without allocating a Date: hot paths (one call per MQTT message) use nowMs(clock). */
  nowMs?(): number;
}

export const systemClock: Clock = { now: () => new Date(), nowMs: Date.now };

/** The clock's time in epoch ms; for clocks that only have now(), through a Date. */
export const nowMs = (clock: Clock): number => (clock.nowMs ? clock.nowMs() : clock.now().getTime());

/** What every domain function receives: a database handle, a clock and the event bus. No HTTP, no Electron. */
export interface Ctx {
  db: Db;
  clock: Clock;
  bus: EventBus;
}

export function isoNow(ctx: Pick<Ctx, "clock">): string {
  return ctx.clock.now().toISOString();
}
