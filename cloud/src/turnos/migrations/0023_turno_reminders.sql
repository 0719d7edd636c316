-- Turnos' reminders and the patients' answers (issue 17, cloud/src/turnos/reminders/).
-- The reminders themselves are messaging's queue rows (source 'turno:<booking id>'); here: the tenant's
-- WhatsApp template for them, and each answer a patient gave ("confirmar" / "cancelar").

CREATE TABLE turno_reminder_settings (
  tenant_id         uuid PRIMARY KEY REFERENCES organizations (id),
  -- The approved WhatsApp template: {{1}} patient, {{2}} date and time, {{3}} professional, {{4}}
  -- service, {{5}} store; quick-reply buttons "Confirmar" and "Cancelar" (their payloads are ours).
  template_name     text NOT NULL DEFAULT 'recordatorio_turno' CHECK (char_length(template_name) BETWEEN 1 AND 512),
  template_language text NOT NULL DEFAULT 'es_AR' CHECK (char_length(template_language) BETWEEN 2 AND 15),
  enabled           boolean NOT NULL DEFAULT true,
  updated_at        timestamptz NOT NULL
);

-- A patient's answer. For an ONLINE booking the cloud applied it itself (applied = true); for a DESK
-- booking the cloud never changes it: the answer goes down to the store (the turno_answers shape) and
-- its appliance applies it, or ignores it if the booking moved, was cancelled or already happened.
CREATE TABLE turno_answers (
  tenant_id     uuid NOT NULL,
  id            uuid NOT NULL,
  store_id      uuid NOT NULL,
  booking_id    text NOT NULL,
  answer        text NOT NULL CHECK (answer IN ('confirm', 'cancel')),
  channel       text NOT NULL CHECK (channel IN ('whatsapp', 'email', 'telegram')),
  -- The booking's start the reminder named: an answer to an old time is not applied to a moved booking.
  booking_start timestamptz NOT NULL,
  message_id    uuid,
  origin        text NOT NULL CHECK (origin IN ('desk', 'online')),
  received_at   timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, store_id) REFERENCES stores (tenant_id, id),
  FOREIGN KEY (tenant_id, booking_id) REFERENCES turno_bookings (tenant_id, id)
);
CREATE INDEX turno_answers_booking ON turno_answers (tenant_id, booking_id);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['turno_reminder_settings', 'turno_answers']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id()) '
      'WITH CHECK (tenant_id = current_tenant_id())', t);
  END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE ON turno_reminder_settings, turno_answers TO mostrador_app;

-- Down to the store: the answers to its desk bookings (the appliance applies them).
CREATE TRIGGER turno_answers_shape_log AFTER INSERT OR UPDATE ON turno_answers
  FOR EACH ROW WHEN (NEW.origin = 'desk') EXECUTE FUNCTION shape_log_capture('id');

-- A booking's reminders are found by their source ('turno:<booking id>') on every booking op and in the
-- status view: without this index each would read the tenant's whole message log.
CREATE INDEX messages_source ON messages (tenant_id, source) WHERE source IS NOT NULL;

-- The reminder sweep runs across tenants: the one lookup of which have bookings ahead, before RLS applies.
CREATE FUNCTION turnos_tenants_with_bookings_ahead(p_from timestamptz, p_to timestamptz) RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$ SELECT DISTINCT b.tenant_id FROM public.turno_bookings b
        WHERE b.state IN ('booked', 'confirmed') AND b.start_at > p_from AND b.start_at <= p_to $$;
REVOKE ALL ON FUNCTION turnos_tenants_with_bookings_ahead(timestamptz, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION turnos_tenants_with_bookings_ahead(timestamptz, timestamptz) TO mostrador_app;
