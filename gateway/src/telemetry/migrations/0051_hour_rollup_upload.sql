-- Hourly rollups to the cloud (issue 19; gateway/src/telemetry/hour-upload.ts). readings_hour already holds
-- each series' min, max, sum and count per UTC hour, kept by every flush; this remembers what of it the
-- cloud has been sent, so a closed hour enters the outbox once, in the transaction that records it here.
-- Nothing here is touched by a flush: the ingest's hot path stays as it was.

-- One row per (series, hour) sent: the count it was sent with and its version. A later flush that adds a
-- late reading to that hour raises readings_hour.count above it, and the hour is sent again, version + 1.
CREATE TABLE readings_hour_sent (
  series       INTEGER NOT NULL,
  bucket_start INTEGER NOT NULL,
  count        INTEGER NOT NULL CHECK (count > 0),
  version      INTEGER NOT NULL CHECK (version > 0),
  PRIMARY KEY (series, bucket_start)
) STRICT, WITHOUT ROWID;

-- Closed hours are walked in (bucket_start, series) order from where the last pass stopped; the index
-- costs one entry when a series starts a new hour, never on the updates of the rows' figures.
CREATE INDEX readings_hour_bucket ON readings_hour (bucket_start);

-- How far the forward walk got: every (bucket_start, series) up to here was sent or skipped. It starts
-- before every hour; the walk itself never goes further back than its backfill horizon (35 days), so of
-- the history already on disk only what the Sensores screen can show is sent, in bounded batches.
CREATE TABLE readings_hour_upload (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  bucket_start INTEGER NOT NULL,
  series       INTEGER NOT NULL
) STRICT;
INSERT INTO readings_hour_upload (id, bucket_start, series) VALUES (1, -1, -1);
