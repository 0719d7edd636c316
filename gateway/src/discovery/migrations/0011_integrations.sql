-- Integrations: other systems on the shop LAN that use the gateway's MQTT broker (gateway/src/discovery/).

-- One MQTT identity per integration; today only Home Assistant. Like a device secret, the password is
-- 32 random bytes shown once, so only its SHA-256 is kept (nothing to brute-force). Rotating replaces
-- the row; revoking deletes it. Connected clients are dropped by the broker on either.
CREATE TABLE integration_credentials (
  integration TEXT PRIMARY KEY CHECK (integration IN ('home_assistant')),
  username    TEXT NOT NULL CHECK (length(username) BETWEEN 1 AND 32),
  secret_hash TEXT NOT NULL CHECK (length(secret_hash) = 64),
  created_at  TEXT NOT NULL
) STRICT;
