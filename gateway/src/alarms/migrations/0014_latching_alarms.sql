-- Latching alarms (gateway/src/alarms, contracts/src/alarms.ts): an alarm of severity "aviso" (2) or
-- more whose condition clears by itself before anybody acknowledged it stays open as
-- 'cleared_unacknowledged' until a person acknowledges it, which closes it ('cleared').
-- SQLite cannot alter a CHECK: the table is rebuilt with the new state, rows and indexes as they were.
-- Nothing references alarms, so the rebuild needs no foreign-key juggling.

CREATE TABLE alarms_new (
  id              TEXT PRIMARY KEY,
  source          TEXT NOT NULL,
  rule_id         TEXT REFERENCES rules (id),
  device_id       TEXT NOT NULL REFERENCES devices (id),
  severity        INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 4),
  status          TEXT NOT NULL CHECK (status IN ('active', 'acknowledged', 'cleared_unacknowledged', 'cleared')),
  message         TEXT NOT NULL,
  value           REAL,
  raise_count     INTEGER NOT NULL DEFAULT 1 CHECK (raise_count >= 1),
  raised_at       TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  acknowledged_at TEXT,
  acknowledged_by TEXT REFERENCES staff (id),
  cleared_at      TEXT,
  cleared_by      TEXT REFERENCES staff (id),
  clear_reason    TEXT
) STRICT;

INSERT INTO alarms_new (id, source, rule_id, device_id, severity, status, message, value, raise_count, raised_at,
                        updated_at, acknowledged_at, acknowledged_by, cleared_at, cleared_by, clear_reason)
SELECT id, source, rule_id, device_id, severity, status, message, value, raise_count, raised_at,
       updated_at, acknowledged_at, acknowledged_by, cleared_at, cleared_by, clear_reason
  FROM alarms;

DROP TABLE alarms;
ALTER TABLE alarms_new RENAME TO alarms;
-- Open = not closed: a cleared-but-unacknowledged alarm is still the one open alarm of its source.
CREATE UNIQUE INDEX alarms_one_open ON alarms (source, device_id) WHERE status <> 'cleared';
CREATE INDEX alarms_raised ON alarms (raised_at);
