-- Turnos online (issue 17, docs/turnos.md "Between the desk and the cloud"): the allotment handshake and
-- the bookings the cloud makes inside an allotment.

-- "Turnos en línea": how many days ahead a grant gives the cloud by default.
ALTER TABLE turnos_settings ADD COLUMN online_days INTEGER NOT NULL DEFAULT 14 CHECK (online_days BETWEEN 1 AND 90);

-- An online booking took its units from this allotment: cancelled or moved at the desk while the allotment
-- is still the cloud's, its keys go back to the allotment (the cloud frees them too when it learns).
ALTER TABLE turno_bookings ADD COLUMN allotment_id TEXT REFERENCES turno_allotments(id);
-- A patient who booked online before being a customer: who to expect (no customer row needed).
ALTER TABLE turno_bookings ADD COLUMN patient_name TEXT;
ALTER TABLE turno_bookings ADD COLUMN patient_phone TEXT;
ALTER TABLE turno_bookings ADD COLUMN patient_email TEXT;

-- When the desk asked the allotment back (state 'reclaiming' until the cloud answers).
ALTER TABLE turno_allotments ADD COLUMN reclaim_requested_at TEXT;

CREATE INDEX turno_slots_by_allotment ON turno_slots (allotment_id) WHERE allotment_id IS NOT NULL;
CREATE INDEX turno_allotments_by_professional ON turno_allotments (professional_id, start_at);
