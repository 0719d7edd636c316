-- Services that need a resource booked online (issue 17, docs/turnos.md "Resources online"). Granting a
-- professional's allotment also grants, as allotments of their own, the still-free units of every
-- resource one of the professional's services needs: resource_id is that resource (NULL: the
-- professional's own allotment, as before) and granted_with the professional's allotment it was granted
-- beside (reclaimed with it).
ALTER TABLE turno_allotments ADD COLUMN resource_id TEXT REFERENCES turno_resources(id);
ALTER TABLE turno_allotments ADD COLUMN granted_with TEXT REFERENCES turno_allotments(id);

-- The allotment that granted a key, kept while an online booking holds it: a booking with a room holds
-- keys of two allotments (its professional's and the room's), and each must go back to its own when the
-- booking leaves them (cancelled or moved) while the cloud still holds that allotment.
ALTER TABLE turno_slots ADD COLUMN granted_by TEXT REFERENCES turno_allotments(id);
