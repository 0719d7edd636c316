/** One sensor of one device, as telemetry stores it: its integer id in `reading_series`, 0 until the writer has it. */
export class Series {
  id = 0;
  constructor(
    readonly deviceId: string,
    readonly key: string,
  ) {}
}

/**
 * The series the gateway has seen, by device and key. The broker's hot path asks once per reading, so these
 * are nested maps (no key string joined per reading) and a series is the same object for the life of the
 * process: its id is looked up in SQLite once, not once per reading.
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
}
