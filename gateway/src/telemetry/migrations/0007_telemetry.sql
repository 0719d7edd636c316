-- Telemetry: raw sensor readings and their per-minute and per-hour rollups (gateway/src/telemetry).
-- Sensor values are measurements, not money, so REAL is right here. Times are epoch milliseconds (UTC)
-- because readings arrive many per second and are compared numerically (buckets, retention).
-- No foreign key to devices: this is the hot write path, and retention deletes in bulk; device ids
-- come from the broker's registry cache, never from user input.

-- ONE B-tree, keyed by series then time (WITHOUT ROWID): each reading is a single B-tree insert, appended at
-- the end of its series, instead of a rowid row plus one or two index entries (the secondary index insert
-- into the middle of a B-tree was the costliest part of ingest). Queries by series and time range and
-- retention's per-series range deletes (retention.ts) both walk this primary key; there is no index on `at`.
-- Receive times are unique per series: the gateway stamps a reading that arrives in the same millisecond as
-- its series' previous one 1 ms later (gateway/src/telemetry/series-clock.ts), so no reading is lost. As a
-- last resort (a clock set back across a restart) a duplicate key replaces the older value
-- (INSERT ... ON CONFLICT DO UPDATE), while the rollups still count every reading received.
CREATE TABLE readings (
  device_id TEXT NOT NULL,
  key       TEXT NOT NULL,
  at        INTEGER NOT NULL,
  value     REAL NOT NULL,
  PRIMARY KEY (device_id, key, at)
) STRICT, WITHOUT ROWID;

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
