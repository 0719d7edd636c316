-- The turnos waitlist in the cloud (issue 17, cloud/src/turnos/waitlist/, docs/turnos.md "Waitlist"): the
-- desk's entries (projected), and the freed slots it gives the cloud to offer to them IN ORDER, one
-- patient at a time for a few minutes each; the first "acepto" of the patient whose turn it is books it.

-- A freed slot for the waitlist: its units are the cloud's like any allotment's, but never on the
-- public booking page (only an acceptance of its offer may book them).
ALTER TABLE turno_allotments ADD COLUMN purpose text NOT NULL DEFAULT 'online'
  CHECK (purpose IN ('online', 'waitlist'));
-- The entry an online booking came from (an accepted offer): down the turno_bookings shape, the desk
-- marks its entry booked.
ALTER TABLE turno_bookings ADD COLUMN waitlist_entry_id text;

CREATE TABLE turno_waitlist_entries (
  tenant_id       uuid NOT NULL,
  id              text NOT NULL,
  store_id        uuid NOT NULL,
  customer_id     text NOT NULL,
  service_id      text,
  professional_id text,
  weekdays        jsonb NOT NULL DEFAULT '[]',
  from_minute     integer,
  to_minute       integer,
  from_day        date NOT NULL,
  to_day          date NOT NULL,
  state           text NOT NULL CHECK (state IN ('waiting', 'offered', 'booked', 'expired', 'removed')),
  booking_id      text,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id)
);

CREATE TABLE turno_waitlist_offers (
  tenant_id       uuid NOT NULL,
  id              text NOT NULL,
  store_id        uuid NOT NULL,
  allotment_id    text NOT NULL,
  professional_id text NOT NULL,
  service_id      text NOT NULL,
  start_at        timestamptz NOT NULL,
  -- How long each patient has to answer.
  minutes         integer NOT NULL CHECK (minutes BETWEEN 5 AND 1440),
  -- open: being offered; booked: a patient accepted (booking_id); returned: nobody did, units given back.
  state           text NOT NULL CHECK (state IN ('open', 'booked', 'returned')),
  booking_id      text,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id)
);
CREATE INDEX turno_waitlist_offers_open ON turno_waitlist_offers (tenant_id) WHERE state = 'open';

-- Each patient's turn at an offer, in the desk's order (position 0 first).
CREATE TABLE turno_waitlist_turns (
  tenant_id     uuid NOT NULL,
  offer_id      text NOT NULL,
  position      integer NOT NULL CHECK (position >= 0),
  entry_id      text NOT NULL,
  patient_name  text NOT NULL,
  patient_phone text,
  patient_email text,
  -- pending: not offered yet; offered: their turn (until expires_at); then declined, expired, accepted,
  -- or skipped (the desk removed the entry, or it was booked elsewhere, before its turn).
  state         text NOT NULL CHECK (state IN ('pending', 'offered', 'declined', 'expired', 'accepted', 'skipped')),
  offered_at    timestamptz,
  expires_at    timestamptz,
  answered_at   timestamptz,
  PRIMARY KEY (tenant_id, offer_id, position),
  FOREIGN KEY (tenant_id, offer_id) REFERENCES turno_waitlist_offers (tenant_id, id)
);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['turno_waitlist_entries', 'turno_waitlist_offers', 'turno_waitlist_turns']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id()) '
      'WITH CHECK (tenant_id = current_tenant_id())', t);
  END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE ON turno_waitlist_entries, turno_waitlist_offers, turno_waitlist_turns TO mostrador_app;

-- The offer sweep runs across tenants: the one lookup of which have an offer open, before RLS applies.
CREATE FUNCTION turnos_tenants_with_open_offers() RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$ SELECT DISTINCT o.tenant_id FROM public.turno_waitlist_offers o WHERE o.state = 'open' $$;
REVOKE ALL ON FUNCTION turnos_tenants_with_open_offers() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION turnos_tenants_with_open_offers() TO mostrador_app;
