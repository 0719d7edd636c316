-- Entitlements at the edge (kernel/src/entitlements, issue 18): the cloud's public key pinned at
-- enrollment, the last valid signed record, the monotonic uptime since its signed time (the grace
-- period's clock) and the records refused. Nothing here is trusted as is: the record is verified with
-- the pinned key at every read, so editing it unlocks nothing.

-- The cloud's Ed25519 public key (base64 SPKI DER), pinned when this appliance enrolled, and the tenant
-- it enrolled in: a record of another tenant is refused.
CREATE TABLE entitlements_key (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  public_key TEXT NOT NULL,
  key_id     TEXT NOT NULL,
  tenant_id  TEXT NOT NULL,
  pinned_at  TEXT NOT NULL
);

-- The last record that verified, byte for byte as the cloud signed it.
CREATE TABLE entitlements_record (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  payload     TEXT NOT NULL,
  signature   TEXT NOT NULL,
  key_id      TEXT NOT NULL,
  received_at TEXT NOT NULL
);

-- This appliance's own running time (process.hrtime deltas) since the record's signed time, saved
-- every minute: turning the PC's clock back does not give it back (kernel/src/entitlements/grace.ts).
CREATE TABLE entitlements_uptime (
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  issued_at TEXT NOT NULL,
  uptime_ms INTEGER NOT NULL CHECK (uptime_ms >= 0)
);

-- Records kept out (forged, older, another key or tenant): logged, nothing else changed.
CREATE TABLE entitlements_refusals (
  id      INTEGER PRIMARY KEY AUTOINCREMENT,
  at      TEXT NOT NULL,
  reason  TEXT NOT NULL,
  payload TEXT NOT NULL
);
