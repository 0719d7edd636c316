-- Delete on request (issue 14) reaches what turnos keeps of a person. The customers module erases the
-- customer row (desktop/src/customers/erase.ts at this till, sync/src/download/customer-apply.ts when the
-- owner erased them in the cloud); neither knows turnos, and sync may not call into desktop, so turnos
-- follows the erasure here, in the same transaction as either write: the patient's health coverage
-- (obra social, plan, member number) is deleted, the free-text notes of their bookings and waitlist entries
-- are blanked, an online booking's patient name, phone and e-mail are nulled, and so are those fields in
-- every booking payload still in the outbox (sent or waiting: a resend or a restore carries nothing).
-- Bookings and waitlist entries stay (the agenda's history and its reports), naming an anonymous customer.
CREATE TRIGGER turnos_customer_erased AFTER UPDATE OF erased_at ON customers
WHEN NEW.erased_at IS NOT NULL AND OLD.erased_at IS NULL
BEGIN
  DELETE FROM turno_patient_coverages WHERE customer_id = NEW.id;
  UPDATE turno_bookings SET notes = '', patient_name = NULL, patient_phone = NULL, patient_email = NULL
   WHERE customer_id = NEW.id;
  UPDATE turno_waitlist SET notes = '' WHERE customer_id = NEW.id;
  UPDATE outbox
     SET payload = json_set(payload, '$.patientName', NULL, '$.patientPhone', NULL, '$.patientEmail', NULL)
   WHERE entity = 'turno_booking'
     AND entity_id IN (SELECT id FROM turno_bookings WHERE customer_id = NEW.id)
     AND (json_extract(payload, '$.patientName') IS NOT NULL
       OR json_extract(payload, '$.patientPhone') IS NOT NULL
       OR json_extract(payload, '$.patientEmail') IS NOT NULL);
END;
