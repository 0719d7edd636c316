-- Telemetry: raw sensor readings and their per-minute and per-hour rollups (gateway/src/telemetry).
-- Sensor values are measurements, not money, so REAL is right here. Times are epoch milliseconds (UTC)
-- because readings arrive many per second and are compared numerically (buckets, retention).
-- No foreign key to devices: this is the hot write path, and retention deletes in bulk; device ids
-- come from the broker's registry cache, never from user input.

CREATE TABLE readings (
  device_id TEXT NOT NULL,
  key       TEXT NOT NULL,
  at        INTEGER NOT NULL,
  value     REAL NOT NULL
) STRICT;
CREATE INDEX readings_series ON readings (device_id, key, at);
-- Retention deletes the oldest rows first, across all series.
CREATE INDEX readings_at ON readings (at);

-- Rollups are maintained incrementally on every flush: avg = sum / count, so merging batches is exact.
CREATE TABLE readings_minute (
  device_id    TEXT NOT NULL,
  key          TEXT NOT NULL,
  bucket_start INTEGER NOT NULL,
  min          REAL NOT NULL,
  max          REAL NOT NULL,
  sum          REAL NOT NULL,
  count        INTEGER NOT NULL CHECK (count > 0),
  PRIMARY KEY (device_id, key, bucket_start)
) STRICT, WITHOUT ROWID;
CREATE INDEX readings_minute_bucket ON readings_minute (bucket_start);

CREATE TABLE readings_hour (
  device_id    TEXT NOT NULL,
  key          TEXT NOT NULL,
  bucket_start INTEGER NOT NULL,
  min          REAL NOT NULL,
  max          REAL NOT NULL,
  sum          REAL NOT NULL,
  count        INTEGER NOT NULL CHECK (count > 0),
  PRIMARY KEY (device_id, key, bucket_start)
) STRICT, WITHOUT ROWID;
