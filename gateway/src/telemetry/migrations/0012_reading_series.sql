-- Telemetry keyed by a small integer per series instead of the device's UUID and the sensor key on every row,
-- and raw readings ordered by time.
-- A week of raw readings from 50 sensors at 1 Hz is 30 million rows: a 36-character UUID plus the key on each
-- row made it about three times the size it needs to be, and each insert bound and compared two strings. A
-- series id costs one lookup when a series is first seen (gateway/src/telemetry/series.ts), not per reading.

-- A series is one sensor of one device. Rows are never deleted: hour rollups are kept forever and refer to them.
-- No foreign key to devices: a sensor removed from a device keeps its history.
CREATE TABLE reading_series (
  id        INTEGER PRIMARY KEY,
  device_id TEXT NOT NULL,
  key       TEXT NOT NULL,
  UNIQUE (device_id, key)
) STRICT;

INSERT INTO reading_series (device_id, key)
  SELECT device_id, key FROM readings
  UNION SELECT device_id, key FROM readings_minute
  UNION SELECT device_id, key FROM readings_hour;

-- Raw readings in one B-tree keyed by receive time first, then series (WITHOUT ROWID). The gateway stamps
-- readings in microseconds, unique and increasing across all sensors (gateway/src/telemetry/receive-stamps.ts),
-- so every insert appends at the right edge of the tree: a flush rewrites a page or two, however many sensors
-- reported. Keyed by series first (0007), a flush touched one page in the middle of the tree per sensor, each
-- written whole to the WAL: 2 to 3 times the cost per reading, and a 4 KiB page write per reading at real
-- load (a shop's SSD wears with that). The price is on the read side: a series' raw readings are found by
-- scanning its time range across all sensors, so raw queries are bounded to short spans (charts of longer
-- spans read the rollups, keyed by series first) — see gateway/src/telemetry/readings-query.ts.
-- at_us is epoch microseconds: the millisecond of reception × 1000 plus a sequence within that millisecond,
-- so a burst keeps every reading at its real millisecond. A duplicate key (a clock set back across a restart)
-- replaces the older value, while the rollups still count every reading received.
-- No foreign key from readings to reading_series: it would cost a lookup per inserted reading, and only the
-- gateway's writer inserts here, with ids it read from reading_series.
CREATE TABLE readings_v2 (
  at_us  INTEGER NOT NULL,
  series INTEGER NOT NULL,
  value  REAL NOT NULL,
  PRIMARY KEY (at_us, series)
) STRICT, WITHOUT ROWID;
INSERT INTO readings_v2 (at_us, series, value)
  SELECT r.at * 1000, s.id, r.value FROM readings r JOIN reading_series s USING (device_id, key);
DROP TABLE readings;
ALTER TABLE readings_v2 RENAME TO readings;

CREATE TABLE readings_minute_v2 (
  series       INTEGER NOT NULL,
  bucket_start INTEGER NOT NULL,
  min          REAL NOT NULL,
  max          REAL NOT NULL,
  sum          REAL NOT NULL,
  count        INTEGER NOT NULL CHECK (count > 0),
  PRIMARY KEY (series, bucket_start)
) STRICT, WITHOUT ROWID;
INSERT INTO readings_minute_v2 (series, bucket_start, min, max, sum, count)
  SELECT s.id, r.bucket_start, r.min, r.max, r.sum, r.count
  FROM readings_minute r JOIN reading_series s USING (device_id, key);
DROP TABLE readings_minute;
ALTER TABLE readings_minute_v2 RENAME TO readings_minute;
-- Retention deletes minute rollups by age across all series.
CREATE INDEX readings_minute_bucket ON readings_minute (bucket_start);

CREATE TABLE readings_hour_v2 (
  series       INTEGER NOT NULL,
  bucket_start INTEGER NOT NULL,
  min          REAL NOT NULL,
  max          REAL NOT NULL,
  sum          REAL NOT NULL,
  count        INTEGER NOT NULL CHECK (count > 0),
  PRIMARY KEY (series, bucket_start)
) STRICT, WITHOUT ROWID;
INSERT INTO readings_hour_v2 (series, bucket_start, min, max, sum, count)
  SELECT s.id, r.bucket_start, r.min, r.max, r.sum, r.count
  FROM readings_hour r JOIN reading_series s USING (device_id, key);
DROP TABLE readings_hour;
ALTER TABLE readings_hour_v2 RENAME TO readings_hour;
