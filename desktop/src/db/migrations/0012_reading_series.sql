-- Telemetry keyed by a small integer per series instead of the device's UUID and the sensor key on every row.
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

-- Same single B-tree as 0007 (series then time, WITHOUT ROWID; receive times unique per series), narrower rows.
-- No foreign key from readings to reading_series: it would cost a lookup per inserted reading, and only the
-- gateway's writer inserts here, with ids it read from reading_series.
CREATE TABLE readings_v2 (
  series INTEGER NOT NULL,
  at     INTEGER NOT NULL,
  value  REAL NOT NULL,
  PRIMARY KEY (series, at)
) STRICT, WITHOUT ROWID;
INSERT INTO readings_v2 (series, at, value)
  SELECT s.id, r.at, r.value FROM readings r JOIN reading_series s USING (device_id, key);
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
