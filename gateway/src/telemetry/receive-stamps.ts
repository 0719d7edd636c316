/**
 * Receive stamps for raw readings, in epoch microseconds: the millisecond a reading was received × 1000, or
 * 1 µs after the previous stamp when that is not later. They are unique and increasing across every sensor,
 * so the readings B-tree, keyed by (at_us, series), only ever grows at its right edge (0012_reading_series.sql)
 * and two readings of one sensor in the same millisecond never collapse into one row. A burst keeps its real
 * millisecond as long as fewer than 1000 readings arrive in it (a million a second); a clock set back keeps
 * the stamps increasing, 1 µs apart, until it catches up.
 */
export class ReceiveStamps {
  #last = Number.NEGATIVE_INFINITY;

  /** The stamp, in µs, for a reading received at `atMs` (epoch ms). */
  stamp(atMs: number): number {
    const us = atMs * 1000;
    this.#last = us > this.#last ? us : this.#last + 1;
    return this.#last;
  }
}

/** The millisecond a stamp was received in. */
export const stampMs = (us: number) => Math.floor(us / 1000);
