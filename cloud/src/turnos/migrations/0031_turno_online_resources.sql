-- Services that need a resource (a room, a machine) booked online (issue 17, docs/turnos.md "Resources
-- online"). The desk grants a resource's units as an allotment of their own, beside the professional's:
-- its units are keyed by the resource's id in turno_allotment_units (owner_id), so an online booking of
-- such a service takes the professional's keys AND one resource's keys in one INSERT each, both checked
-- by the same PRIMARY KEY and foreign key. NULL: the professional's allotment, as before.
ALTER TABLE turno_allotments ADD COLUMN resource_id text;
CREATE INDEX turno_allotments_resource ON turno_allotments (tenant_id, resource_id, start_at)
  WHERE resource_id IS NOT NULL;

-- The resource an online booking took (it goes down the turno_bookings shape: the desk keys it too).
ALTER TABLE turno_bookings ADD COLUMN resource_id text;
