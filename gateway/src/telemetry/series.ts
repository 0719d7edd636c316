/**
 * One sensor of one device, as telemetry stores it: its integer id in `reading_series` (0 until the writer
 * has looked it up or created it) and the receive stamp of its latest reading.
 */
export class Series {
  id = 0;
  lastAt = Number.NEGATIVE_INFINITY;
  constructor(
    readonly deviceId: string,
    readonly key: string,
  ) {}
}

/**
 * The series the gateway has seen, by device and key. The broker's hot path asks once per reading, so these
 * are nested maps (no key string joined per reading) and a series is the same object for the life of the
 * process: its id is looked up in SQLite once, not once per reading.
 *
 * It also makes receive times unique per series. The readings table is keyed by (series, at) in one B-tree,
 * so two readings of one sensor stamped in the same millisecond would collapse into one row; a reading that
 * arrives at or before its series' previous stamp is stamped 1 ms after it instead. Real sensors publish a few
 * times a second at most, so stamps stay on real time; only a flood drifts ahead, and only while it lasts.
 */
export class SeriesIndex {
  readonly #byDevice = new Map<string, Map<string, Series>>();

  get(deviceId: string, key: string): Series {
    let byKey = this.#byDevice.get(deviceId);
    if (!byKey) this.#byDevice.set(deviceId, (byKey = new Map()));
    let series = byKey.get(key);
    if (!series) byKey.set(key, (series = new Series(deviceId, key)));
    return series;
  }

  /** The receive stamp for a reading of `series` that arrived at `at` (epoch ms), unique within the series. */
  stamp(series: Series, at: number): number {
    const stamped = at <= series.lastAt ? series.lastAt + 1 : at;
    series.lastAt = stamped;
    return stamped;
  }
}
