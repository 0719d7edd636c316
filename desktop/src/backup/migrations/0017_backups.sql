-- Backups of the shop's database (desktop/src/backup/): where they go, how many to keep, what happened.
--
-- The shop's identity: a random id born with this database, copied into every backup, so a restore can
-- refuse a backup of another shop's appliance.
CREATE TABLE backup_identity (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  shop_uid TEXT NOT NULL CHECK (length(shop_uid) = 32)
) STRICT;
INSERT INTO backup_identity (id, shop_uid) VALUES (1, lower(hex(randomblob(16))));

-- Settings (Ajustes): the folder (NULL: <dataDir>/backups) and how many daily backups to keep.
CREATE TABLE backup_settings (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  folder     TEXT,
  keep_daily INTEGER NOT NULL DEFAULT 14 CHECK (keep_daily BETWEEN 1 AND 365)
) STRICT;
INSERT INTO backup_settings (id) VALUES (1);

-- Every attempt, successful or not: Ajustes shows the last success, the till warns after 48 h without one.
CREATE TABLE backup_runs (
  id          TEXT PRIMARY KEY,
  reason      TEXT NOT NULL CHECK (reason IN ('daily', 'manual', 'before_migration', 'before_restore')),
  started_at  TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  ok          INTEGER NOT NULL CHECK (ok IN (0, 1)),
  file        TEXT,
  bytes       INTEGER,
  error       TEXT
) STRICT;
CREATE INDEX backup_runs_ok_time ON backup_runs (ok, finished_at);

-- Restores applied to this database: the backup's file, and the outbox seq the restore jumped past so new
-- ops never reuse a seq the cloud already saw from this appliance (the new upload epoch).
CREATE TABLE backup_restores (
  id          TEXT PRIMARY KEY,
  restored_at TEXT NOT NULL,
  file        TEXT NOT NULL,
  seq_floor   INTEGER NOT NULL CHECK (seq_floor >= 0),
  -- Sales the database before the restore had and the backup lacks (what the cloud may hold).
  sales_lost  INTEGER NOT NULL DEFAULT 0
) STRICT;
