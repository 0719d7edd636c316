-- The turnos waitlist (issue 17, desktop/src/turnos/waitlist.ts, docs/turnos.md "Waitlist"): patients
-- waiting for a service, a professional, or either, offered a freed slot in order of arrival.

CREATE TABLE turno_waitlist (
  id TEXT PRIMARY KEY,
  customer_id TEXT NOT NULL REFERENCES customers(id),
  -- NULL: any service of the professional.
  service_id TEXT REFERENCES turno_services(id),
  -- NULL: "cualquiera" (any professional who gives the service).
  professional_id TEXT REFERENCES turno_professionals(id),
  -- Weekdays allowed as a JSON array (0 = Sunday); '[]': any day.
  weekdays TEXT NOT NULL DEFAULT '[]',
  -- The local time window (minutes of the day), both or neither.
  from_minute INTEGER CHECK (from_minute BETWEEN 0 AND 1440),
  to_minute INTEGER CHECK (to_minute BETWEEN 0 AND 1440),
  -- The shop's days the wait covers.
  from_day TEXT NOT NULL,
  to_day TEXT NOT NULL,
  notes TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL CHECK (state IN ('waiting', 'offered', 'booked', 'expired', 'removed')),
  booking_id TEXT REFERENCES turno_bookings(id),
  -- The cloud offer it is part of while 'offered'.
  offer_id TEXT,
  created_by TEXT REFERENCES staff(id),
  -- The arrival: the order offers follow (UUIDv7 ids break a tie in the same millisecond).
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK (service_id IS NOT NULL OR professional_id IS NOT NULL),
  CHECK ((from_minute IS NULL) = (to_minute IS NULL)),
  CHECK (from_day <= to_day)
);
CREATE INDEX turno_waitlist_open ON turno_waitlist (created_at, id) WHERE state IN ('waiting', 'offered');
CREATE INDEX turno_waitlist_by_customer ON turno_waitlist (customer_id);

-- A freed slot given to the cloud to offer to the list (its units are a waitlist allotment's keys here,
-- so the desk cannot book them while the cloud may): open until the cloud books it for one of the
-- entries (the booking comes down with the entry) or gives the allotment back (nobody accepted).
CREATE TABLE turno_waitlist_offers (
  id TEXT PRIMARY KEY,
  allotment_id TEXT NOT NULL REFERENCES turno_allotments(id),
  professional_id TEXT NOT NULL REFERENCES turno_professionals(id),
  service_id TEXT NOT NULL REFERENCES turno_services(id),
  start_at TEXT NOT NULL,
  end_at TEXT NOT NULL,
  minutes INTEGER NOT NULL,
  -- The entries offered to, in order (JSON array of ids).
  entry_ids TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('open', 'booked', 'returned')),
  booking_id TEXT,
  created_by TEXT REFERENCES staff(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX turno_waitlist_offers_by_allotment ON turno_waitlist_offers (allotment_id);

-- How long the cloud waits for each patient's answer before offering the slot to the next.
ALTER TABLE turnos_settings ADD COLUMN waitlist_offer_minutes INTEGER NOT NULL DEFAULT 30
  CHECK (waitlist_offer_minutes BETWEEN 5 AND 1440);
-- A waitlist allotment is never shown to the public booking page.
ALTER TABLE turno_allotments ADD COLUMN purpose TEXT NOT NULL DEFAULT 'online'
  CHECK (purpose IN ('online', 'waitlist'));
