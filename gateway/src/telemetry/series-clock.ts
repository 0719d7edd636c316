/**
 * Receive times made unique per series. The readings table is keyed by (device, key, at) in one B-tree, so
 * two readings of one sensor stamped in the same millisecond would collapse into one row; a reading that
 * arrives at or before its series' previous stamp is stamped 1 ms after it instead. Real sensors publish a
 * few times a second at most, so stamps stay on real time; only a flood drifts ahead, and only while it lasts.
 * Nested maps, not a joined string key: the broker's hot path calls this once per reading.
 */
export class SeriesClock {
  readonly #last = new Map<string, Map<string, number>>();

  stamp(deviceId: string, key: string, at: number): number {
    let byKey = this.#last.get(deviceId);
    if (!byKey) {
      byKey = new Map();
      this.#last.set(deviceId, byKey);
    }
    const last = byKey.get(key);
    const stamped = last !== undefined && at <= last ? last + 1 : at;
    byKey.set(key, stamped);
    return stamped;
  }
}
