-- Rules, their persisted evaluation state, alarms, and relay commands (gateway/src/rules, alarms, relays).
-- Times of domain records are ISO-8601 UTC text like the rest of the appliance; rule state keeps epoch
-- milliseconds because it is compared with readings' times on every evaluation.

CREATE TABLE rules (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  enabled     INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  device_id   TEXT NOT NULL REFERENCES devices (id),
  -- JSON documents validated by rules/rule-types.ts (TypeBox) before they are written.
  condition   TEXT NOT NULL CHECK (json_valid(condition)),
  actions     TEXT NOT NULL CHECK (json_valid(actions)),
  clear_actions TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(clear_actions)),
  schedule    TEXT CHECK (schedule IS NULL OR json_valid(schedule)),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  deleted_at  TEXT
) STRICT;
CREATE INDEX rules_device ON rules (device_id);

-- What a rule remembers between evaluations, so a restart in the middle of "for 10 minutes" still fires
-- at the right moment: condition-true-since, the rate baseline, the offline-since time, the active flag.
CREATE TABLE rule_state (
  rule_id        TEXT PRIMARY KEY REFERENCES rules (id),
  active         INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
  pending_since  INTEGER,
  base_value     REAL,
  base_at        INTEGER,
  offline_since  INTEGER,
  last_value     REAL,
  updated_at     INTEGER NOT NULL
) STRICT;

-- The "log" action and every raise/clear of a rule, for the owner's history.
CREATE TABLE rule_log (
  id        TEXT PRIMARY KEY,
  at        TEXT NOT NULL,
  rule_id   TEXT REFERENCES rules (id),
  device_id TEXT REFERENCES devices (id),
  event     TEXT NOT NULL CHECK (event IN ('raised', 'cleared', 'log')),
  value     REAL,
  message   TEXT NOT NULL
) STRICT;
CREATE INDEX rule_log_at ON rule_log (at);

-- Alarm lifecycle: active → acknowledged → cleared (or active → cleared). `source` says what raises it:
-- a rule id, or "relay:<key>" for a relay that did not confirm. At most one open alarm per source and
-- device: a condition that keeps firing updates it (raise_count), never duplicates it.
CREATE TABLE alarms (
  id              TEXT PRIMARY KEY,
  source          TEXT NOT NULL,
  rule_id         TEXT REFERENCES rules (id),
  device_id       TEXT NOT NULL REFERENCES devices (id),
  severity        INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 4),
  status          TEXT NOT NULL CHECK (status IN ('active', 'acknowledged', 'cleared')),
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
CREATE UNIQUE INDEX alarms_one_open ON alarms (source, device_id) WHERE status <> 'cleared';
CREATE INDEX alarms_raised ON alarms (raised_at);

-- Relay commands and their confirmation by the device's echo on .../relay/<key>/state.
CREATE TABLE relay_commands (
  id           TEXT PRIMARY KEY,
  device_id    TEXT NOT NULL REFERENCES devices (id),
  relay_key    TEXT NOT NULL,
  state        TEXT NOT NULL CHECK (state IN ('ON', 'OFF')),
  seconds      INTEGER CHECK (seconds IS NULL OR seconds > 0),
  source       TEXT NOT NULL CHECK (source IN ('staff', 'rule', 'timer', 'failsafe', 'home_assistant')),
  rule_id      TEXT REFERENCES rules (id),
  staff_id     TEXT REFERENCES staff (id),
  -- superseded: a newer command for the same relay was sent before this one was confirmed.
  status       TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'unconfirmed', 'superseded')),
  requested_at INTEGER NOT NULL,
  confirmed_at INTEGER
) STRICT;
CREATE INDEX relay_commands_pending ON relay_commands (status, requested_at);
CREATE INDEX relay_commands_relay ON relay_commands (device_id, relay_key, requested_at);

-- The last confirmed state of each relay, so the failsafe and timed OFFs survive a restart:
-- on_since for max_on_seconds, off_at for "ON for N seconds".
CREATE TABLE relay_status (
  device_id TEXT NOT NULL REFERENCES devices (id),
  relay_key TEXT NOT NULL,
  is_on     INTEGER NOT NULL CHECK (is_on IN (0, 1)),
  on_since  INTEGER,
  off_at    INTEGER,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (device_id, relay_key)
) STRICT;
