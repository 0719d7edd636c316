-- Card readers (issue 15): each reader's kind, the till it belongs to, and how its UIDs are written.
-- Configuration of this appliance's hardware only: never uploaded (no outbox entity).
CREATE TABLE card_readers (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('keyboard', 'serial', 'mqtt')),
  terminal_id TEXT REFERENCES terminals(id),
  number_format TEXT NOT NULL DEFAULT 'hex' CHECK (number_format IN ('hex', 'decimal')),
  byte_order TEXT NOT NULL DEFAULT 'as_read' CHECK (byte_order IN ('as_read', 'reversed')),
  serial_path TEXT,
  baud_rate INTEGER,
  serial_format TEXT CHECK (serial_format IS NULL OR serial_format IN ('mfrc522', 'pn532', 'em4100')),
  device_slug TEXT,
  reader_key TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK ((kind = 'serial') = (serial_path IS NOT NULL AND baud_rate IS NOT NULL AND serial_format IS NOT NULL)),
  CHECK ((kind = 'mqtt') = (device_slug IS NOT NULL AND reader_key IS NOT NULL))
);

-- One reader per serial port and per node reader topic: two would read the same taps twice.
CREATE UNIQUE INDEX card_readers_serial_path ON card_readers (serial_path) WHERE serial_path IS NOT NULL;
CREATE UNIQUE INDEX card_readers_node ON card_readers (device_slug, reader_key) WHERE device_slug IS NOT NULL;
