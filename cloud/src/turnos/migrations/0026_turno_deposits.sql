-- The online seña (deposit) of a booking, paid by a Mercado Pago payment link (docs/turnos.md, "Señas").
-- A service with a deposit, booked online while the tenant has MP connected, is born 'held' until
-- hold_expires_at (turno_rules.hold_minutes); its payment link's approved payment (re-read from MP by the
-- payments module) books it. An unpaid hold past its time is cancelled and its keys freed; a payment that
-- arrives after that, or a paid booking later cancelled, is a seña owed back to the patient.
ALTER TABLE turno_bookings
  ADD COLUMN deposit_amount     bigint NOT NULL DEFAULT 0 CHECK (deposit_amount >= 0),
  ADD COLUMN deposit_status     text NOT NULL DEFAULT 'none'
    CHECK (deposit_status IN ('none', 'pending', 'paid', 'expired', 'refund_owed')),
  ADD COLUMN deposit_payment_id text,
  ADD COLUMN hold_expires_at    timestamptz,
  -- The patient's Checkout Pro link while the hold waits (the page sends them there again).
  ADD COLUMN deposit_url        text;

CREATE INDEX turno_bookings_holds ON turno_bookings (tenant_id, hold_expires_at) WHERE state = 'held';

-- A hold is the cloud's business until it is paid: the desk learns of an online booking once it is booked
-- (an unpaid hold that expired never reaches it). Replaces 0021's trigger with the narrower condition.
DROP TRIGGER turno_bookings_shape_log ON turno_bookings;
CREATE TRIGGER turno_bookings_shape_log AFTER INSERT OR UPDATE ON turno_bookings
  FOR EACH ROW WHEN (NEW.origin = 'online' AND NEW.state <> 'held' AND NEW.deposit_status <> 'expired')
  EXECUTE FUNCTION shape_log_capture('id');

-- The hold sweep runs across tenants: the one lookup of which have holds past their time, before RLS applies.
CREATE FUNCTION turnos_tenants_with_expired_holds(p_now timestamptz) RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$ SELECT DISTINCT b.tenant_id FROM public.turno_bookings b
        WHERE b.state = 'held' AND b.hold_expires_at <= p_now $$;
REVOKE ALL ON FUNCTION turnos_tenants_with_expired_holds(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION turnos_tenants_with_expired_holds(timestamptz) TO mostrador_app;
