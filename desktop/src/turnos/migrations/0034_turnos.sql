-- Turnos (issue 17): professionals, services, resources, hours, exceptions, bookings and the keyed slots
-- that make double booking impossible by construction (docs/turnos.md).

-- One row: the shop's booking rules. Minutes are multiples of 5 (the key unit).
CREATE TABLE turnos_settings (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  slot_minutes INTEGER NOT NULL DEFAULT 15 CHECK (slot_minutes BETWEEN 5 AND 240 AND slot_minutes % 5 = 0),
  min_notice_minutes INTEGER NOT NULL DEFAULT 60 CHECK (min_notice_minutes BETWEEN 0 AND 43200),
  horizon_days INTEGER NOT NULL DEFAULT 60 CHECK (horizon_days BETWEEN 1 AND 365),
  hold_minutes INTEGER NOT NULL DEFAULT 5 CHECK (hold_minutes BETWEEN 1 AND 60),
  updated_at TEXT NOT NULL
);
INSERT INTO turnos_settings (id, updated_at) VALUES (1, '1970-01-01T00:00:00.000Z');

CREATE TABLE turno_professionals (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  staff_id TEXT REFERENCES staff(id),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE turno_services (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  duration_minutes INTEGER NOT NULL CHECK (duration_minutes BETWEEN 5 AND 720 AND duration_minutes % 5 = 0),
  buffer_before_minutes INTEGER NOT NULL DEFAULT 0 CHECK (buffer_before_minutes BETWEEN 0 AND 240 AND buffer_before_minutes % 5 = 0),
  buffer_after_minutes INTEGER NOT NULL DEFAULT 0 CHECK (buffer_after_minutes BETWEEN 0 AND 240 AND buffer_after_minutes % 5 = 0),
  price INTEGER NOT NULL CHECK (price >= 0),
  deposit INTEGER NOT NULL DEFAULT 0 CHECK (deposit >= 0 AND deposit <= price),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  -- The catalog product the till sells when the service is charged (created with the service).
  product_id TEXT NOT NULL REFERENCES products(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE turno_professional_services (
  professional_id TEXT NOT NULL REFERENCES turno_professionals(id),
  service_id TEXT NOT NULL REFERENCES turno_services(id),
  PRIMARY KEY (professional_id, service_id)
);

CREATE TABLE turno_resources (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- A service that lists resources needs ONE of them free (a room, a machine) for its whole occupied range.
CREATE TABLE turno_service_resources (
  service_id TEXT NOT NULL REFERENCES turno_services(id),
  resource_id TEXT NOT NULL REFERENCES turno_resources(id),
  PRIMARY KEY (service_id, resource_id)
);

-- Weekly hours in the shop's time zone, minutes from local midnight. 'work' windows minus 'break' windows.
CREATE TABLE turno_weekly_hours (
  id TEXT PRIMARY KEY,
  professional_id TEXT NOT NULL REFERENCES turno_professionals(id),
  weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6), -- 0 = domingo
  kind TEXT NOT NULL CHECK (kind IN ('work', 'break')),
  start_minute INTEGER NOT NULL CHECK (start_minute BETWEEN 0 AND 1440 AND start_minute % 5 = 0),
  end_minute INTEGER NOT NULL CHECK (end_minute BETWEEN 5 AND 1440 AND end_minute % 5 = 0 AND end_minute > start_minute)
);
CREATE INDEX turno_weekly_hours_by_professional ON turno_weekly_hours (professional_id, weekday);

-- A local day off (closed, whole day when no minutes), leave for some hours (closed with minutes), or an
-- extra working window (extra). professional_id NULL: every professional (a holiday).
CREATE TABLE turno_exceptions (
  id TEXT PRIMARY KEY,
  professional_id TEXT REFERENCES turno_professionals(id),
  day TEXT NOT NULL, -- YYYY-MM-DD, the shop's calendar day
  kind TEXT NOT NULL CHECK (kind IN ('closed', 'extra')),
  start_minute INTEGER CHECK (start_minute BETWEEN 0 AND 1440 AND start_minute % 5 = 0),
  end_minute INTEGER CHECK (end_minute BETWEEN 5 AND 1440 AND end_minute % 5 = 0),
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  CHECK ((start_minute IS NULL AND end_minute IS NULL AND kind = 'closed')
      OR (start_minute IS NOT NULL AND end_minute IS NOT NULL AND end_minute > start_minute))
);
CREATE INDEX turno_exceptions_by_day ON turno_exceptions (day);

CREATE TABLE turno_bookings (
  id TEXT PRIMARY KEY,
  customer_id TEXT REFERENCES customers(id),
  service_id TEXT NOT NULL REFERENCES turno_services(id),
  professional_id TEXT NOT NULL REFERENCES turno_professionals(id),
  resource_id TEXT REFERENCES turno_resources(id),
  start_at TEXT NOT NULL, -- UTC
  end_at TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('held', 'booked', 'confirmed', 'arrived', 'done', 'no_show', 'cancelled')),
  hold_expires_at TEXT,
  series_id TEXT,
  notes TEXT NOT NULL DEFAULT '',
  origin TEXT NOT NULL CHECK (origin IN ('desk', 'online')),
  walk_in INTEGER NOT NULL DEFAULT 0 CHECK (walk_in IN (0, 1)),
  price INTEGER NOT NULL CHECK (price >= 0),
  deposit_paid INTEGER NOT NULL DEFAULT 0 CHECK (deposit_paid >= 0),
  arrived_at TEXT,
  cancelled_at TEXT,
  cancelled_by TEXT REFERENCES staff(id),
  created_by TEXT REFERENCES staff(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX turno_bookings_by_start ON turno_bookings (start_at);
CREATE INDEX turno_bookings_by_professional ON turno_bookings (professional_id, start_at);
CREATE INDEX turno_bookings_by_series ON turno_bookings (series_id) WHERE series_id IS NOT NULL;

-- Every change of place or state; a move keeps where it was.
CREATE TABLE turno_booking_history (
  id TEXT PRIMARY KEY,
  booking_id TEXT NOT NULL REFERENCES turno_bookings(id),
  at TEXT NOT NULL,
  staff_id TEXT REFERENCES staff(id),
  action TEXT NOT NULL,
  state TEXT NOT NULL,
  professional_id TEXT NOT NULL,
  start_at TEXT NOT NULL,
  end_at TEXT NOT NULL
);
CREATE INDEX turno_booking_history_by_booking ON turno_booking_history (booking_id, at);

-- Time the appliance granted the cloud to book on its own (docs/turnos.md); the handshake comes next.
CREATE TABLE turno_allotments (
  id TEXT PRIMARY KEY,
  professional_id TEXT NOT NULL REFERENCES turno_professionals(id),
  start_at TEXT NOT NULL,
  end_at TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('granting', 'held', 'reclaiming', 'returned')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- THE double-booking guard: one row per 5-minute unit a booking (or an allotment) occupies, per
-- professional and per resource. The primary key is the overlap check.
CREATE TABLE turno_slots (
  owner_id TEXT NOT NULL,
  unit INTEGER NOT NULL, -- floor(epoch ms / 300000)
  booking_id TEXT REFERENCES turno_bookings(id),
  allotment_id TEXT REFERENCES turno_allotments(id),
  PRIMARY KEY (owner_id, unit),
  CHECK ((booking_id IS NULL) <> (allotment_id IS NULL))
) WITHOUT ROWID;
CREATE INDEX turno_slots_by_booking ON turno_slots (booking_id) WHERE booking_id IS NOT NULL;

-- Health coverage: the patient's obra social / prepaga, and the copay a service costs under it.
CREATE TABLE turno_patient_coverages (
  customer_id TEXT PRIMARY KEY REFERENCES customers(id),
  payer TEXT NOT NULL,
  plan TEXT NOT NULL DEFAULT '',
  member_number TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL
);

CREATE TABLE turno_copays (
  service_id TEXT NOT NULL REFERENCES turno_services(id),
  payer TEXT NOT NULL,
  copay INTEGER NOT NULL CHECK (copay >= 0),
  PRIMARY KEY (service_id, payer)
);
