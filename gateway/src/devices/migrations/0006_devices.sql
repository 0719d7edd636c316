-- IoT gateway: ESP32 nodes on the shop LAN, what they measure and what they switch.
-- Times are ISO-8601 UTC text. Readings themselves are not stored here (telemetry owns them).

-- A device's slug is its MQTT username, client id and topic segment (gateway/src/contract/topics.ts),
-- so it never changes once created. Only a SHA-256 of its secret is stored (the secret is 32 random
-- bytes, so a fast hash is enough: there is nothing to brute-force); the secret is shown once.
CREATE TABLE devices (
  id           TEXT PRIMARY KEY,
  slug         TEXT NOT NULL UNIQUE CHECK (slug NOT GLOB '*[^a-z0-9_-]*' AND length(slug) BETWEEN 1 AND 32),
  name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
  secret_hash  TEXT NOT NULL CHECK (length(secret_hash) = 64),
  active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  -- Connection state, written on connect/disconnect (never per message) and flushed periodically.
  online       INTEGER NOT NULL DEFAULT 0 CHECK (online IN (0, 1)),
  last_seen_at TEXT,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
) STRICT;

-- A declared sensor: readings outside [min, max] are implausible (a disconnected probe reads -127 °C)
-- and are dropped. `unit` follows from `kind` (gateway/src/devices/sensor-kinds.ts).
CREATE TABLE device_sensors (
  device_id TEXT NOT NULL REFERENCES devices (id),
  key       TEXT NOT NULL CHECK (key NOT GLOB '*[^a-z0-9_-]*' AND length(key) BETWEEN 1 AND 32),
  kind      TEXT NOT NULL,
  unit      TEXT NOT NULL,
  min       REAL NOT NULL,
  max       REAL NOT NULL CHECK (max > min),
  PRIMARY KEY (device_id, key)
) STRICT;

-- A declared relay. max_on_seconds is the failsafe: the device turns it off by itself after this long
-- even if the "OFF" command never arrives (a valve left open floods the back room).
CREATE TABLE device_relays (
  device_id      TEXT NOT NULL REFERENCES devices (id),
  key            TEXT NOT NULL CHECK (key NOT GLOB '*[^a-z0-9_-]*' AND length(key) BETWEEN 1 AND 32),
  name           TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
  max_on_seconds INTEGER NOT NULL CHECK (max_on_seconds BETWEEN 1 AND 86400),
  PRIMARY KEY (device_id, key)
) STRICT;
