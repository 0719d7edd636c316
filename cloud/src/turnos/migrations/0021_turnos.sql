-- Turnos in the cloud (issue 17, cloud/src/turnos, docs/turnos.md): the projection of each store's setup
-- and bookings (born at its appliance), the allotments the appliance granted the cloud, and the cloud's
-- own keys. Ids are the appliance's (text), except what is born here (online bookings: UUIDv7 text too).
--
-- Never double-booked: the cloud books a unit only if it holds it (a row of turno_allotment_units, the
-- foreign key of turno_online_keys) and no online booking has it (the PRIMARY KEY of turno_online_keys).
-- Both are plain keys over (tenant, owner, unit): no btree_gist, so PGlite needs no extension.

-- One row per store: its rules and time zone (turno_rules/updated, or carried by a grant).
CREATE TABLE turno_rules (
  tenant_id          uuid NOT NULL,
  store_id           uuid NOT NULL,
  slot_minutes       integer NOT NULL CHECK (slot_minutes BETWEEN 5 AND 240 AND slot_minutes % 5 = 0),
  min_notice_minutes integer NOT NULL CHECK (min_notice_minutes BETWEEN 0 AND 43200),
  horizon_days       integer NOT NULL CHECK (horizon_days BETWEEN 1 AND 365),
  hold_minutes       integer NOT NULL CHECK (hold_minutes BETWEEN 1 AND 60),
  time_zone          text NOT NULL,
  updated_at         timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, store_id),
  FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id)
);

CREATE TABLE turno_professionals (
  tenant_id   uuid NOT NULL,
  id          text NOT NULL,
  store_id    uuid NOT NULL,
  name        text NOT NULL,
  active      boolean NOT NULL,
  service_ids jsonb NOT NULL,
  -- [{weekday, kind, startMinute, endMinute}], local minutes (the payload's)
  hours       jsonb NOT NULL,
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id)
);
CREATE INDEX turno_professionals_store ON turno_professionals (tenant_id, store_id);

CREATE TABLE turno_services (
  tenant_id             uuid NOT NULL,
  id                    text NOT NULL,
  store_id              uuid NOT NULL,
  name                  text NOT NULL,
  duration_minutes      integer NOT NULL CHECK (duration_minutes BETWEEN 5 AND 720),
  buffer_before_minutes integer NOT NULL CHECK (buffer_before_minutes BETWEEN 0 AND 240),
  buffer_after_minutes  integer NOT NULL CHECK (buffer_after_minutes BETWEEN 0 AND 240),
  price                 bigint NOT NULL CHECK (price >= 0),
  deposit               bigint NOT NULL CHECK (deposit >= 0),
  active                boolean NOT NULL,
  resource_ids          jsonb NOT NULL DEFAULT '[]',
  updated_at            timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id)
);
CREATE INDEX turno_services_store ON turno_services (tenant_id, store_id);

CREATE TABLE turno_exceptions (
  tenant_id       uuid NOT NULL,
  id              text NOT NULL,
  store_id        uuid NOT NULL,
  professional_id text,
  day             text NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('closed', 'extra')),
  start_minute    integer,
  end_minute      integer,
  deleted         boolean NOT NULL DEFAULT false,
  updated_at      timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id)
);
CREATE INDEX turno_exceptions_store_day ON turno_exceptions (tenant_id, store_id, day);

-- What the appliance granted (state 'held': the cloud may book its units) and what the cloud gave back
-- (returned_ranges, cumulative: [[from, to), ...]). Sent down to its store as the turno_allotments shape.
CREATE TABLE turno_allotments (
  tenant_id       uuid NOT NULL,
  id              text NOT NULL,
  store_id        uuid NOT NULL,
  professional_id text NOT NULL,
  start_at        timestamptz NOT NULL,
  end_at          timestamptz NOT NULL,
  state           text NOT NULL CHECK (state IN ('held', 'returned')),
  -- The units granted, as runs (the slot list reads these rather than every unit row); the units table
  -- below stays the one the booking's keys are checked against.
  granted_ranges  jsonb NOT NULL DEFAULT '[]',
  returned_ranges jsonb NOT NULL DEFAULT '[]',
  granted_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id)
);

-- The units the cloud holds: one row per (professional, 5-minute unit) of a held allotment. A reclaim
-- deletes the free ones (they go back to the appliance).
CREATE INDEX turno_allotments_professional ON turno_allotments (tenant_id, professional_id, start_at);

CREATE TABLE turno_allotment_units (
  tenant_id    uuid NOT NULL,
  owner_id     text NOT NULL,
  unit         integer NOT NULL,
  allotment_id text NOT NULL,
  PRIMARY KEY (tenant_id, owner_id, unit),
  FOREIGN KEY (tenant_id, allotment_id) REFERENCES turno_allotments (tenant_id, id)
);
CREATE INDEX turno_allotment_units_allotment ON turno_allotment_units (tenant_id, allotment_id);

-- Every booking of the store: mirrored from the desk, or born here online (origin 'online').
CREATE TABLE turno_bookings (
  tenant_id        uuid NOT NULL,
  id               text NOT NULL,
  store_id         uuid NOT NULL,
  professional_id  text NOT NULL,
  service_id       text NOT NULL,
  customer_id      text,
  start_at         timestamptz NOT NULL,
  end_at           timestamptz NOT NULL,
  state            text NOT NULL CHECK (state IN ('held', 'booked', 'confirmed', 'arrived', 'done', 'no_show', 'cancelled')),
  origin           text NOT NULL CHECK (origin IN ('desk', 'online')),
  allotment_id     text,
  -- The units [unit_from, unit_to) it occupies (online bookings; the desk keys its own).
  unit_from        integer,
  unit_to          integer,
  patient_name     text,
  patient_phone    text,
  patient_email    text,
  opt_in           boolean NOT NULL DEFAULT false,
  price            bigint NOT NULL CHECK (price >= 0),
  deposit_paid     bigint NOT NULL DEFAULT 0 CHECK (deposit_paid >= 0),
  -- sha256 of the patient's link token (online bookings): whoever has the link may cancel or move.
  manage_token_sha text,
  payload          jsonb,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id)
);
CREATE INDEX turno_bookings_store_start ON turno_bookings (tenant_id, store_id, start_at);

-- THE online double-booking guard: a unit is booked online once (PRIMARY KEY), and only if the cloud
-- holds it (the foreign key into turno_allotment_units; a reclaim locks those rows FOR UPDATE first).
CREATE TABLE turno_online_keys (
  tenant_id  uuid NOT NULL,
  owner_id   text NOT NULL,
  unit       integer NOT NULL,
  booking_id text NOT NULL,
  PRIMARY KEY (tenant_id, owner_id, unit),
  FOREIGN KEY (tenant_id, owner_id, unit) REFERENCES turno_allotment_units (tenant_id, owner_id, unit),
  FOREIGN KEY (tenant_id, booking_id) REFERENCES turno_bookings (tenant_id, id)
);
CREATE INDEX turno_online_keys_booking ON turno_online_keys (tenant_id, booking_id);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['turno_rules', 'turno_professionals', 'turno_services', 'turno_exceptions',
    'turno_allotments', 'turno_allotment_units', 'turno_bookings', 'turno_online_keys']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id()) '
      'WITH CHECK (tenant_id = current_tenant_id())', t);
  END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE ON turno_rules, turno_professionals, turno_services, turno_exceptions,
  turno_allotments, turno_bookings TO mostrador_app;
-- (UPDATE on the units: a reclaim locks them FOR UPDATE.)
GRANT SELECT, INSERT, UPDATE, DELETE ON turno_allotment_units, turno_online_keys TO mostrador_app;

-- Down to the store: its allotments (acknowledged / returned) and its ONLINE bookings.
CREATE TRIGGER turno_allotments_shape_log AFTER INSERT OR UPDATE ON turno_allotments
  FOR EACH ROW EXECUTE FUNCTION shape_log_capture('id');
CREATE TRIGGER turno_bookings_shape_log AFTER INSERT OR UPDATE ON turno_bookings
  FOR EACH ROW WHEN (NEW.origin = 'online') EXECUTE FUNCTION shape_log_capture('id');

-- The public booking page names a store, not a tenant: the one lookup before the tenant is known.
CREATE FUNCTION turnos_store_tenant(p_store uuid) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$ SELECT s.tenant_id FROM public.stores s WHERE s.id = p_store $$;
REVOKE ALL ON FUNCTION turnos_store_tenant(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION turnos_store_tenant(uuid) TO mostrador_app;

-- Setup and bookings the appliances uploaded before this projection were kept in appliance_events:
-- their latest version becomes the row (the same op replayed later changes nothing).
INSERT INTO turno_professionals (tenant_id, id, store_id, name, active, service_ids, hours, updated_at)
SELECT DISTINCT ON (e.tenant_id, e.entity_id) e.tenant_id, e.entity_id, e.store_id,
       left(e.payload ->> 'name', 80), coalesce((e.payload ->> 'active')::boolean, true),
       coalesce(e.payload -> 'serviceIds', '[]'), coalesce(e.payload -> 'hours', '[]'),
       coalesce((e.payload ->> 'updatedAt')::timestamptz, e.created_at)
  FROM appliance_events e
 WHERE e.entity = 'turno_professional' AND e.store_id IS NOT NULL
 ORDER BY e.tenant_id, e.entity_id, e.payload ->> 'updatedAt' DESC, e.created_at DESC;

INSERT INTO turno_services (tenant_id, id, store_id, name, duration_minutes, buffer_before_minutes,
  buffer_after_minutes, price, deposit, active, updated_at)
SELECT DISTINCT ON (e.tenant_id, e.entity_id) e.tenant_id, e.entity_id, e.store_id,
       left(e.payload ->> 'name', 80), (e.payload ->> 'durationMinutes')::int,
       (e.payload ->> 'bufferBeforeMinutes')::int, (e.payload ->> 'bufferAfterMinutes')::int,
       (e.payload ->> 'price')::bigint, (e.payload ->> 'deposit')::bigint,
       coalesce((e.payload ->> 'active')::boolean, true),
       coalesce((e.payload ->> 'updatedAt')::timestamptz, e.created_at)
  FROM appliance_events e
 WHERE e.entity = 'turno_service' AND e.store_id IS NOT NULL
 ORDER BY e.tenant_id, e.entity_id, e.payload ->> 'updatedAt' DESC, e.created_at DESC;

INSERT INTO turno_bookings (tenant_id, id, store_id, professional_id, service_id, customer_id, start_at,
  end_at, state, origin, price, deposit_paid, payload, created_at, updated_at)
SELECT DISTINCT ON (e.tenant_id, e.entity_id) e.tenant_id, e.entity_id, e.store_id,
       e.payload ->> 'professionalId', e.payload ->> 'serviceId', e.payload ->> 'customerId',
       (e.payload ->> 'start')::timestamptz, (e.payload ->> 'end')::timestamptz, e.payload ->> 'state', 'desk',
       (e.payload ->> 'price')::bigint, coalesce((e.payload ->> 'depositPaid')::bigint, 0), e.payload,
       e.created_at, coalesce((e.payload ->> 'updatedAt')::timestamptz, e.created_at)
  FROM appliance_events e
 WHERE e.entity = 'turno_booking' AND e.store_id IS NOT NULL
 ORDER BY e.tenant_id, e.entity_id, e.payload ->> 'updatedAt' DESC, e.created_at DESC;
